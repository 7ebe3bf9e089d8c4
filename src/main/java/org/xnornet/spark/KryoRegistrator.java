package org.xnornet.spark;

import com.esotericsoftware.kryo.Kryo;
import org.xnornet.data.convert.SourceImage;

/**
 * Registers every class of ours that crosses the wire in Spark data (not closures), so jobs run with
 * {@code spark.kryo.registrationRequired=true}, as the tests do.
 */
public final class KryoRegistrator implements org.apache.spark.serializer.KryoRegistrator {
    @Override
    public void registerClasses(Kryo kryo) {
        record(kryo, SourceImage.class);
        kryo.register(Contribution.class);
        kryo.register(SourceImage[].class);
        kryo.register(int[].class);
        kryo.register(byte[].class);
        kryo.register(float[].class);
        kryo.register(long[].class);
        kryo.register(double[].class);
        for (String name : SPARK_CLASSES) {
            try {
                kryo.register(Class.forName(name, false, Thread.currentThread().getContextClassLoader()));
            } catch (ClassNotFoundException e) {
                throw new IllegalStateException("Spark class " + name + " is missing: is this Spark 4.x?", e);
            }
        }
    }

    /** Spark SQL classes our jobs' results carry (e.g. Parquet schema discovery returns StructTypes). */
    private static final String[] SPARK_CLASSES = {
        "org.apache.spark.sql.types.StructType",
        "[Lorg.apache.spark.sql.types.StructType;",
        "org.apache.spark.sql.types.StructField",
        "[Lorg.apache.spark.sql.types.StructField;",
        "org.apache.spark.sql.types.Metadata",
        "org.apache.spark.sql.types.BinaryType$",
        "org.apache.spark.sql.types.IntegerType$",
        "org.apache.spark.sql.types.LongType$",
        "org.apache.spark.sql.types.FloatType$",
        "org.apache.spark.sql.types.DoubleType$",
        "org.apache.spark.sql.types.StringType",
        "org.apache.spark.sql.types.StringType$",
        "org.apache.spark.sql.types.BooleanType$",
        "org.apache.spark.sql.types.ArrayType",
    };

    private static <T extends Record> void record(Kryo kryo, Class<T> type) {
        kryo.register(type, new RecordSerializer<>(type));
    }
}
