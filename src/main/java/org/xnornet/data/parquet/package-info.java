/**
 * Parquet image datasets without Spark: the two layouts we read ({@link org.xnornet.data.parquet.ImageLayout}),
 * the manifest, split resolution and footer checks ({@link org.xnornet.data.parquet.ParquetImageDataset}), row
 * group plans for P partitions, and {@link org.xnornet.data.parquet.PartitionBatches}, the deterministic,
 * bounded-memory minibatch source an executor trains from. Imports {@code data.image}, {@code kernel} (its
 * thread pool), {@code tensor}, Hadoop and Parquet; never Spark.
 */
package org.xnornet.data.parquet;
