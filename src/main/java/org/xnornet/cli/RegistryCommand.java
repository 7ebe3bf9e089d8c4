package org.xnornet.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.apache.hadoop.conf.Configuration;
import org.xnornet.config.ConfigException;
import org.xnornet.config.KeyGroup;
import org.xnornet.config.Settings;
import org.xnornet.registry.ModelRegistry;
import org.xnornet.registry.RegistryException;
import org.xnornet.registry.RegistryKeys;
import org.xnornet.registry.RegistryLock;
import org.xnornet.registry.RunRecord;
import org.xnornet.registry.Version;

/**
 * {@code registry list|show|promote|rollback}: what an operator does with a model registry. {@code list} prints the
 * versions (CURRENT marked) and the history; {@code show} one version; {@code promote --version N} serves version N;
 * {@code rollback} serves the version CURRENT replaced (or {@code --version N}). Promote and rollback take the
 * registry's lock and leave a history record, like a retraining run.
 */
final class RegistryCommand {
    static final String SUMMARY = "list|show|promote|rollback --registry <dir> [--version N]";
    static final List<KeyGroup> KEYS = List.of(RegistryKeys.OPERATE);

    private RegistryCommand() {
    }

    static int run(String[] args) throws IOException {
        CommandOptions.Parsed p = CommandOptions.parse("registry", "Lists, shows, promotes and rolls back versions of "
                + "a model registry.", KEYS, "list|show|promote|rollback", args, Map.of());
        if (p.help()) {
            return ExitCode.OK;
        }
        String action = p.positional();
        if (action == null || !List.of("list", "show", "promote", "rollback").contains(action)) {
            throw new ConfigException("registry needs an action first, list, show, promote or rollback"
                    + (action == null ? "" : ", was '" + action + "'") + ": " + SUMMARY);
        }
        Settings s = p.settings();
        s.require(!s.get(RegistryKeys.REGISTRY).isEmpty(), RegistryKeys.REGISTRY, "is required: the model registry");
        ModelRegistry registry = ModelRegistry.open(s.get(RegistryKeys.REGISTRY), new Configuration(), false);
        switch (action) {
            case "list" -> list(registry);
            case "show" -> show(registry, s.get(RegistryKeys.VERSION));
            default -> serve(registry, action, s);
        }
        return ExitCode.OK;
    }

    private static void list(ModelRegistry registry) throws IOException {
        int current = registry.current().map(Version::number).orElse(0);
        System.out.println("registry " + registry.root() + (current == 0 ? ": no CURRENT version" : ": CURRENT is "
                + "version " + current));
        System.out.println("versions:");
        for (Version v : registry.versions()) {
            System.out.printf(Locale.ROOT, "%s v%d  parent %s  holdout top-1 %.4f (%d images)  created %s  run %s%n",
                    v.number() == current ? "*" : " ", v.number(), v.parent() == 0 ? "-" : "v" + v.parent(),
                    v.holdoutAccuracy(), v.holdoutImages(), v.created(), v.run());
        }
        System.out.println("history:");
        for (RunRecord r : registry.history()) {
            System.out.printf(Locale.ROOT, "  %s  %-8s %-11s %s  run %s%s%n", r.started(), r.action(),
                    r.outcome().label(), r.version() == 0 ? "-" : "v" + r.version(), r.run(),
                    r.reason().isEmpty() ? "" : ": " + r.reason());
        }
    }

    private static void show(ModelRegistry registry, int number) throws IOException {
        Version v = number == 0 ? registry.current().orElseThrow(() -> new RegistryException(registry.root()
                + " has no CURRENT version; give --version")) : registry.version(number);
        System.out.print(new String(registry.read(v, ModelRegistry.DESCRIPTION), StandardCharsets.UTF_8));
        System.out.print(new String(registry.read(v, ModelRegistry.METRICS), StandardCharsets.UTF_8));
        var data = registry.snapshot(v, false);
        var holdout = registry.snapshot(v, true);
        System.out.printf(Locale.ROOT, "trained on %d files (%d bytes); holdout %d files (%d bytes)%n",
                data.entries().size(), data.bytes(), holdout.entries().size(), holdout.bytes());
        System.out.println("files: " + v.path() + "/{" + ModelRegistry.MODEL + ", " + ModelRegistry.PACKED + ", "
                + ModelRegistry.SETTINGS + ", " + ModelRegistry.DATA_SNAPSHOT + ", " + ModelRegistry.HOLDOUT_SNAPSHOT
                + "}");
    }

    /** promote or rollback: under the lock, CURRENT to the chosen version, and a history record. */
    private static void serve(ModelRegistry registry, String action, Settings s) throws IOException {
        String run = UUID.randomUUID().toString();
        try (RegistryLock lock = registry.lock(run, s.get(RegistryKeys.LOCK_EXPIRY), System.out::println)) {
            Optional<Version> current = registry.current();
            int from = current.map(Version::number).orElse(0);
            int to = s.get(RegistryKeys.VERSION);
            if (to == 0 && action.equals("promote")) {
                throw new ConfigException("registry promote needs --version N (key 'version')");
            }
            if (to == 0) {
                to = replacedBy(registry, from);
            }
            Version target = registry.version(to);
            RunRecord record = RunRecord.started(run, action, from);
            registry.setCurrent(target.number());
            registry.record(record.end(RunRecord.Outcome.PROMOTED, target.number(), "by " + lock.holder().owner()
                    + ": CURRENT was " + (from == 0 ? "none" : "version " + from), Map.of()));
            System.out.println("CURRENT is version " + target.number() + " (was " + (from == 0 ? "none" : "version "
                    + from) + ")");
        }
    }

    /** The version CURRENT {@code current} replaced, from the history. */
    private static int replacedBy(ModelRegistry registry, int current) throws IOException {
        if (current == 0) {
            throw new RegistryException(registry.root() + " has no CURRENT version to roll back");
        }
        List<RunRecord> history = registry.history();
        for (int i = history.size() - 1; i >= 0; i--) {
            RunRecord r = history.get(i);
            if (r.outcome() == RunRecord.Outcome.PROMOTED && r.version() == current) {
                if (r.current() == 0 || r.current() == current) {
                    break;
                }
                return r.current();
            }
        }
        throw new RegistryException(registry.root() + ": the history names no version that version " + current
                + " replaced; give --version N");
    }
}
