package org.xnornet.nn;

import java.util.Map;
import java.util.TreeMap;

/**
 * Wall-clock time per leaf layer kind, forward and backward, when {@code -Dxnornet.profile=true}. Used by
 * the bench command to show where a training step goes; costs nothing when off.
 */
public final class LayerTimer {
    static final boolean ENABLED = Boolean.getBoolean("xnornet.profile");
    private static final Map<String, long[]> TIMES = new TreeMap<>();

    private LayerTimer() {
    }

    static synchronized void add(Layer layer, boolean backward, long nanos) {
        String key = layer.getClass().getSimpleName() + (backward ? " backward" : " forward");
        TIMES.computeIfAbsent(key, k -> new long[2]);
        TIMES.get(key)[0] += nanos;
        TIMES.get(key)[1]++;
    }

    /** Seconds and call counts per layer kind since the last reset, as printable lines. */
    public static synchronized String report() {
        StringBuilder sb = new StringBuilder();
        TIMES.forEach((k, v) -> sb.append(String.format(java.util.Locale.ROOT, "  %-28s %8.3f s  %6d calls%n", k,
                v[0] / 1e9, v[1])));
        return sb.toString();
    }

    public static synchronized void reset() {
        TIMES.clear();
    }

    public static boolean enabled() {
        return ENABLED;
    }
}
