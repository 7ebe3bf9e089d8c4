/**
 * Datasets for the engine: the {@link org.xnornet.data.Dataset} contract, in-memory arrays, IDX
 * (MNIST/Fashion-MNIST) files and synthetic tasks; image decoding and augmentation are in
 * {@code org.xnornet.data.image}. Parquet readers will live here too.
 * Imports {@code tensor} only; never Spark.
 */
package org.xnornet.data;
