package org.xnornet.spark.ml;

import org.apache.spark.ml.param.Params;
import org.apache.spark.ml.util.DefaultParamsReader;
import org.apache.spark.ml.util.DefaultParamsReader$;
import org.apache.spark.ml.util.DefaultParamsWriter$;
import org.apache.spark.sql.SparkSession;

/**
 * A stage's params on disk exactly as Spark ML's own stages keep them ({@code metadata/} JSON: class, uid, Spark
 * version, set and default params), written and read by Spark's DefaultParamsWriter and DefaultParamsReader, so
 * {@code Pipeline} and {@code PipelineModel} save and load our stages like theirs.
 */
final class ParamsFiles {
    private ParamsFiles() {
    }

    static void save(Params stage, String path, SparkSession spark) {
        DefaultParamsWriter$.MODULE$.saveMetadata(stage, path, spark);
    }

    /** Reads {@code path}'s metadata, checking it belongs to {@code type}. */
    static DefaultParamsReader.Metadata load(String path, SparkSession spark, Class<?> type) {
        return DefaultParamsReader$.MODULE$.loadMetadata(path, spark, type.getName());
    }

    /** Sets {@code stage}'s params (explicit and default) from saved metadata. */
    static void apply(DefaultParamsReader.Metadata metadata, Params stage) {
        metadata.getAndSetParams(stage, scala.Option.empty());
    }
}
