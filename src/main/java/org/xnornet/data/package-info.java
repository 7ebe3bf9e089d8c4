/**
 * Datasets for the engine: the {@link org.xnornet.data.Dataset} contract, minibatches, the one seeded shuffle,
 * in-memory arrays, IDX (MNIST/Fashion-MNIST) files and synthetic tasks. Sub-packages: {@code image} (decoding
 * and augmentation), {@code parquet} (Parquet image datasets and partition batches), {@code convert} (converter
 * logic). Imports {@code tensor}, {@code kernel} and Hadoop's filesystem API; never Spark.
 */
package org.xnornet.data;
