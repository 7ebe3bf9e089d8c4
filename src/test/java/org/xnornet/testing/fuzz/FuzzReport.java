package org.xnornet.testing.fuzz;

import java.util.List;
import java.util.Locale;

/**
 * What one fuzz run of a target did: inputs tried, how many were read and how many rejected cleanly, and its
 * findings (one line each: kind, seed, iteration, where the input was saved).
 */
public record FuzzReport(String target, long seed, long inputs, long read, long rejected, List<String> findings,
        double seconds, long maxAllocatedBytes) {

    /** One line for the log and for docs/FUZZING.md. */
    public String summary() {
        return String.format(Locale.ROOT, "fuzz %s: %d inputs (%d read, %d rejected), %d findings in %.1f s, "
                + "seed %d, largest allocation %.1f MB", target, inputs, read, rejected, findings.size(), seconds,
                seed, maxAllocatedBytes / 1e6);
    }

    /** Fails with every finding listed if there is any. */
    public void assertClean() {
        if (!findings.isEmpty()) {
            throw new AssertionError(summary() + "\n  " + String.join("\n  ", findings));
        }
    }
}
