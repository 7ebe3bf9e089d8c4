/**
 * Spark ML: {@link org.xnornet.spark.ml.XnorNetClassifier} (an {@code Estimator} whose {@code fit} runs the
 * distributed trainer) and {@link org.xnornet.spark.ml.XnorNetClassificationModel} (a {@code Model} that scores
 * encoded images with the packed network), both {@code MLWritable} and {@code MLReadable}, so they work in
 * {@code Pipeline}s. Their params are the option layer's keys ({@code KeyParams}). Imports Spark, Spark ML and the
 * engine; the scoring itself is {@link org.xnornet.train.EncodedImageScorer}.
 */
package org.xnornet.spark.ml;
