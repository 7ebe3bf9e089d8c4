package org.xnornet.data.parquet;

import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Logger;

/**
 * Counts undecodable images met while reading (each logged once, by name) and stops the job with a clear
 * message once they pass {@code maxFraction} of the {@code total} images read from (default 0.1%).
 */
public final class BadImageCounter {
    private static final Logger LOG = Logger.getLogger(BadImageCounter.class.getName());
    public static final double DEFAULT_MAX_FRACTION = 0.001;

    private final long total;
    private final double maxFraction;
    private final Set<String> bad = ConcurrentHashMap.newKeySet();

    public BadImageCounter(long total, double maxFraction) {
        if (maxFraction < 0 || maxFraction > 1) {
            throw new IllegalArgumentException("max-bad-fraction must be in [0, 1], was " + maxFraction);
        }
        this.total = total;
        this.maxFraction = maxFraction;
    }

    /** Records a bad image; throws once the distinct bad images pass the allowed fraction. */
    public void report(String name, String reason) {
        if (bad.add(name)) {
            LOG.warning("skipping undecodable image " + name + ": " + reason);
        }
        if (bad.size() > maxFraction * total) {
            throw new ImageDataException(String.format(Locale.ROOT,
                    "%d of %d images (%.3f%%) are undecodable, more than max-bad-fraction %.3f%% allows; the last: "
                            + "%s (%s)", bad.size(), total, 100.0 * bad.size() / total, 100 * maxFraction, name, reason));
        }
    }

    /** Distinct bad images seen so far. */
    public int count() {
        return bad.size();
    }
}
