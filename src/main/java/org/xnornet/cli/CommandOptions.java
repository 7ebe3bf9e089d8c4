package org.xnornet.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.xnornet.config.ConfigException;
import org.xnornet.config.Key;
import org.xnornet.config.KeyGroup;
import org.xnornet.config.Settings;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;
import picocli.CommandLine.ParseResult;

/**
 * A command's command line, built from its key groups: every key is an option {@code --<key> value} (or
 * {@code --<key>=value}; a boolean key alone means true), plus {@code --conf <file>}, {@code --verbose} and
 * {@code --help}. Picocli tokenises and renders help (wrapped, one line per key from the key's own documentation,
 * with unknown-option suggestions); the values go through {@link Settings}, so every command checks them the same
 * way. Precedence, lowest first: defaults, {@code --conf}, Spark properties {@code spark.xnornet.<key>}, the command
 * line.
 */
final class CommandOptions {
    /**
     * What the command line asked for: the settings, the positional argument (may be null; the first of several),
     * every positional argument, help.
     */
    record Parsed(Settings settings, String positional, boolean help, List<String> positionals) {
    }

    private CommandOptions() {
    }

    /**
     * Parses {@code args} of {@code command}; {@code positional} labels its one positional argument (null: none;
     * a label ending in "..." takes any number);
     * {@code spark} holds the Spark properties of our keys (empty for commands without Spark).
     */
    static Parsed parse(String command, String description, List<KeyGroup> groups, String positional, String[] args,
            Map<String, String> spark) {
        CommandLine cl = new CommandLine(spec(command, description, groups, positional));
        cl.setOverwrittenOptionsAllowed(true);
        ParseResult pr;
        try {
            pr = cl.parseArgs(positional != null && positional.endsWith("...") ? flagsBeforeArguments(groups, args)
                    : args);
        } catch (CommandLine.UnmatchedArgumentException e) {
            List<String> unmatched = e.getUnmatched();
            String first = unmatched.isEmpty() ? "?" : unmatched.get(0);
            if (!first.startsWith("-")) {
                throw new ConfigException("unexpected argument '" + first + "' for " + command + ": options look like "
                        + "--key value (xnornet " + command + " --help lists them)");
            }
            List<String> suggestions = e.getSuggestions();
            throw new ConfigException("unknown option " + first + " for " + command + (suggestions.isEmpty() ? ""
                    : " (did you mean " + String.join(" or ", suggestions) + "?)") + "; xnornet " + command
                    + " --help lists the options");
        } catch (CommandLine.ParameterException e) {
            throw new ConfigException(command + ": " + e.getMessage().replace('\n', ' '));
        }
        if (pr.isUsageHelpRequested()) {
            cl.usage(System.out);
            return new Parsed(null, null, true, List.of());
        }
        Settings settings = new Settings(command, groups);
        if (pr.hasMatchedOption("--conf")) {
            settings.loadFile(Path.of(pr.<String>matchedOptionValue("--conf", null)));
        }
        settings.loadAll(spark, "spark.xnornet.");
        for (OptionSpec o : pr.matchedOptions()) {
            String name = o.longestName().substring(2);
            if (key(groups, name) != null) {
                settings.set(name, o.getValue(), "--" + name);
            }
        }
        List<String> args0 = positional != null && pr.hasMatchedPositional(0)
                ? pr.matchedPositional(0).stringValues() : List.of();
        return new Parsed(settings, args0.isEmpty() ? null : args0.get(0), false, List.copyOf(args0));
    }

    private static CommandSpec spec(String command, String description, List<KeyGroup> groups, String positional) {
        CommandSpec spec = CommandSpec.create().name("xnornet " + command);
        spec.usageMessage().description(description).sortOptions(false).width(110);
        if (positional != null) {
            boolean many = positional.endsWith("...");
            spec.addPositional(PositionalParamSpec.builder().index(many ? "0..*" : "0").arity(many ? "0..*" : "0..1")
                    .paramLabel(many ? positional.substring(0, positional.length() - 3) : positional)
                    .type(many ? String[].class : String.class).build());
        }
        for (KeyGroup g : groups) {
            for (Key<?> k : g.keys()) {
                OptionSpec.Builder b = OptionSpec.builder("--" + k.name()).type(String.class)
                        .paramLabel(k.type().placeholder())
                        .description(k.doc() + " (default: " + (k.defaultText().isEmpty() ? "none" : k.defaultText())
                                + ")");
                if (k.isBoolean()) {
                    b.arity("0..1").fallbackValue("true");
                }
                spec.addOption(b.build());
            }
        }
        spec.addOption(OptionSpec.builder("--conf").type(String.class).paramLabel("FILE")
                .description("properties file of these keys (conf/xnornet-train.properties documents them)").build());
        spec.addOption(OptionSpec.builder("--verbose").arity("0").type(boolean.class)
                .description("print the stack trace of an error").build());
        spec.addOption(OptionSpec.builder("--help", "-h").usageHelp(true).description("show this help").build());
        return spec;
    }

    /**
     * With any number of positional arguments, a boolean key given alone ({@code --skip-bad-images a.png}) must not
     * take the argument after it as its value: it gets "true" unless "true" or "false" follows.
     */
    private static String[] flagsBeforeArguments(List<KeyGroup> groups, String[] args) {
        List<String> out = new java.util.ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            out.add(args[i]);
            Key<?> k = args[i].startsWith("--") ? key(groups, args[i].substring(2)) : null;
            if (k != null && k.isBoolean() && !valueFollows(k, args, i)) {
                out.add("true");
            }
        }
        return out.toArray(new String[0]);
    }

    /**
     * {@code args} without key {@code k} ({@code --k value}, {@code --k=value}, or a boolean key alone), read by the
     * rule {@link #parse} reads them with; for example the command a run records, without a flag that changes only
     * how this sitting runs.
     */
    static List<String> without(String[] args, Key<?> k) {
        String option = "--" + k.name();
        List<String> out = new java.util.ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals(option)) {
                i += valueFollows(k, args, i) ? 1 : 0;
            } else if (!args[i].startsWith(option + "=")) {
                out.add(args[i]);
            }
        }
        return out;
    }

    /** Whether the option at {@code args[i]}, key {@code k}, takes the next argument as its value. */
    private static boolean valueFollows(Key<?> k, String[] args, int i) {
        if (i + 1 >= args.length) {
            return false;
        }
        return !k.isBoolean() || args[i + 1].equalsIgnoreCase("true") || args[i + 1].equalsIgnoreCase("false");
    }

    private static Key<?> key(List<KeyGroup> groups, String name) {
        for (KeyGroup g : groups) {
            for (Key<?> k : g.keys()) {
                if (k.name().equals(name)) {
                    return k;
                }
            }
        }
        return null;
    }
}
