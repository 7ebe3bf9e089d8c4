/**
 * The thin Spark layer over the engine: session set-up, the Kryo registrator, and the {@code convert} jobs
 * (the driver lists and shuffles sources; executors decode, check and write Parquet). The distributed trainer
 * will live here too. The only package besides {@code cli} that imports {@code org.apache.spark}.
 */
package org.xnornet.spark;
