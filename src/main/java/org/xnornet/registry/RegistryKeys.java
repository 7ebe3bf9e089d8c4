package org.xnornet.registry;

import java.util.List;
import org.xnornet.config.Key;
import org.xnornet.config.KeyGroup;
import org.xnornet.config.ValueType;

/** The keys of {@code retrain} and {@code registry}: where the registry is, the holdout, promotion and the lock. */
public final class RegistryKeys {
    private RegistryKeys() {
    }

    public static final Key<String> REGISTRY = Key.operational("registry", ValueType.text("DIR"), "",
            "the model registry (any Hadoop path; retrain makes it when it is absent or empty)");
    public static final Key<String> HOLDOUT_SPLIT = Key.operational("holdout-split", ValueType.text("SPLIT"), "val",
            "split of the data that judges candidates: never trained on; candidate and CURRENT are both evaluated on "
            + "it in the same run");
    public static final Key<Double> TOLERANCE = Key.operational("tolerance", ValueType.real(0, false, 1), "0",
            "promote when the candidate's holdout accuracy is at least CURRENT's minus this (a fraction, 0.01 = one "
            + "point)");
    public static final Key<Integer> LOCK_EXPIRY = Key.operational("lock-expiry-seconds",
            ValueType.integer(2, 7 * 24 * 3600), "600",
            "a run's lock expires this long after its last heartbeat (every quarter of it), so a killed run's lock "
            + "is taken over after at most this long");
    public static final Key<Integer> VERSION = Key.operational("version", ValueType.integer(0, Integer.MAX_VALUE), "0",
            "registry show/promote/rollback: the version (0: show CURRENT; rollback to the version CURRENT replaced)");

    public static final KeyGroup RETRAIN = new KeyGroup("registry", List.of(REGISTRY, HOLDOUT_SPLIT, TOLERANCE,
            LOCK_EXPIRY));
    public static final KeyGroup OPERATE = new KeyGroup("registry", List.of(REGISTRY, VERSION, LOCK_EXPIRY));
}
