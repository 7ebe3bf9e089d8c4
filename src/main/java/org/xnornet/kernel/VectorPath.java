package org.xnornet.kernel;

/**
 * Whether this JVM can run the engine's Vector API classes: those under {@code src/main/java-vector}, compiled apart
 * by a JDK 21+ compiler and loaded by name only where they run. C2 does not vectorise a scalar loop whose store may
 * alias one of its loads at another offset (every {@code y[yOff + i] = f(x[xOff + i])} over two arrays, on JDK 17 and
 * 25 alike), so the loops where that costs most have a Vector API form beside their scalar one.
 */
public final class VectorPath {
    private VectorPath() {
    }

    /** Why this JVM cannot run the vector classes, or null when it can. */
    public static String unavailableReason() {
        int feature = Runtime.version().feature();
        if (feature < 21) {
            return "it needs Java 21 or later, this JVM is Java " + feature;
        }
        if (ModuleLayer.boot().findModule("jdk.incubator.vector").isEmpty()) {
            return "the JVM was started without --add-modules jdk.incubator.vector";
        }
        return null;
    }

    /**
     * The instance that the named class's static {@code forThisMachine()} returns (null where that class declines, or
     * where this JVM cannot run it, or this build lacks it).
     */
    public static <T> T load(String className, Class<T> type) {
        if (unavailableReason() != null) {
            return null;
        }
        try {
            Class<?> c = Class.forName(className);
            return type.cast(c.getDeclaredMethod("forThisMachine").invoke(null));
        } catch (ReflectiveOperationException | LinkageError | ClassCastException e) {
            return null;
        }
    }
}
