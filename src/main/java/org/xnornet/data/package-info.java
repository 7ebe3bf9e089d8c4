/**
 * Datasets for the engine: the {@link org.xnornet.data.Dataset} contract, in-memory arrays, IDX
 * (MNIST/Fashion-MNIST) files and synthetic tasks. Parquet readers and image decoding will live here too.
 * Imports {@code tensor} only; never Spark.
 */
package org.xnornet.data;
