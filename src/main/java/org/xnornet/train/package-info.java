/**
 * Training in one process: the shared {@link org.xnornet.train.TrainStep}, the deterministic
 * {@link org.xnornet.train.LocalTrainer}, evaluation and listeners. Imports {@code model}, {@code optim},
 * {@code data}, {@code nn}, {@code tensor}; never Spark.
 */
package org.xnornet.train;
