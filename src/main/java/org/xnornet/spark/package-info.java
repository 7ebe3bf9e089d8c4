/**
 * The thin Spark layer over the engine: session set-up, the Kryo registrator, the {@code convert} jobs (the driver
 * lists and shuffles sources; executors decode, check and write Parquet) and the distributed trainer
 * ({@link org.xnornet.spark.TrainJob} on the driver, {@link org.xnornet.spark.ExecutorSide} in tasks, its own keys in
 * {@link org.xnornet.spark.SparkKeys}, the convert jobs' in {@link org.xnornet.spark.ConvertKeys}; the training keys
 * live below, in {@code train}). The only package besides {@code cli} that imports {@code org.apache.spark}.
 */
package org.xnornet.spark;
