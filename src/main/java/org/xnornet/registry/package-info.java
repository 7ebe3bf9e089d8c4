/**
 * The model registry of scheduled retraining, on any Hadoop filesystem: immutable version folders, an atomically
 * replaced {@code CURRENT} pointer, one history record per run and a lock with an expiry (docs/REGISTRY.md). No
 * Spark here: {@code spark.RetrainJob} trains and evaluates, this package keeps what it produced safe.
 */
package org.xnornet.registry;
