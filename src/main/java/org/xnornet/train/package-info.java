/**
 * Training without Spark: the shared {@link org.xnornet.train.TrainStep}, the deterministic
 * {@link org.xnornet.train.LocalTrainer}, one worker's round of synchronous data-parallel training
 * ({@link org.xnornet.train.PartitionWorker}, which the Spark trainer runs in its tasks), checkpoints and their
 * store on any Hadoop filesystem, evaluation and listeners. Imports {@code model}, {@code optim}, {@code data},
 * {@code nn}, {@code tensor} and Hadoop's filesystem API; never Spark.
 */
package org.xnornet.train;
