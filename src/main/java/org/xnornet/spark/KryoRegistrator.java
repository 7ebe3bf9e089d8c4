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
        kryo.register(SourceImage.class);
        kryo.register(SourceImage[].class);
        kryo.register(int[].class);
        kryo.register(byte[].class);
        kryo.register(float[].class);
        kryo.register(long[].class);
    }
}
