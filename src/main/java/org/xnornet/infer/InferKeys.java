package org.xnornet.infer;

import java.util.List;
import org.xnornet.config.ConfigException;
import org.xnornet.config.Key;
import org.xnornet.config.KeyGroup;
import org.xnornet.config.Settings;
import org.xnornet.config.ValueType;

/** The keys of packed inference, shared by every command that runs it ({@code bench}, {@code predict}, {@code score}). */
public final class InferKeys {
    private InferKeys() {
    }

    public static final Key<String> POPCOUNT = Key.operational("popcount", ValueType.choice("auto", "scalar", "vector"),
            "auto", "popcount path of binary layers: auto (vector where the JVM runs it: Java 21+ with --add-modules "
            + "jdk.incubator.vector), scalar, or vector (refused where unavailable); both give identical results");
    public static final KeyGroup ENGINE = new KeyGroup("inference engine", List.of(POPCOUNT));

    /** Selects the popcount path the settings ask for, naming the key when this JVM cannot run it. */
    public static void apply(Settings s) {
        try {
            PopcountPaths.use(s.get(POPCOUNT));
        } catch (IllegalArgumentException e) {
            throw new ConfigException("key '" + POPCOUNT.name() + "' = '" + s.get(POPCOUNT) + "': "
                    + e.getMessage());
        }
    }
}
