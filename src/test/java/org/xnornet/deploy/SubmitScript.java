package org.xnornet.deploy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * deploy/k8s/submit.sh as a user runs it, with {@code SPARK_SUBMIT} pointed at a stand-in that prints its arguments:
 * the exact spark-submit command line the script builds, for tests to check or to hand to Spark's own SparkSubmit.
 */
final class SubmitScript {
    static final Path SCRIPT = K8sSchemas.project().resolve("deploy/k8s/submit.sh");

    private SubmitScript() {
    }

    /** The spark-submit arguments for {@code env} (added to this process's) and the xnornet arguments {@code args}. */
    static List<String> argv(Path tmp, Map<String, String> env, String... args) throws IOException,
            InterruptedException {
        Path fake = tmp.resolve("spark-submit-args");
        Files.writeString(fake, "#!/bin/sh\nfor a in \"$@\"; do printf '%s\\0' \"$a\"; done\n");
        Files.setPosixFilePermissions(fake, PosixFilePermissions.fromString("rwx------"));
        List<String> cmd = new ArrayList<>(List.of("bash", SCRIPT.toString()));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT);
        pb.environment().putAll(env);
        pb.environment().put("SPARK_SUBMIT", fake.toString());
        Process p = pb.start();
        byte[] out = p.getInputStream().readAllBytes();
        if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IllegalStateException(SCRIPT + " failed: exit " + p.exitValue());
        }
        List<String> argv = new ArrayList<>(List.of(new String(out, StandardCharsets.UTF_8).split("\0", -1)));
        argv.remove(argv.size() - 1);
        return argv;
    }

    /** The {@code --conf key=value} pairs of an argv, in order. */
    static Map<String, String> confs(List<String> argv) {
        Map<String, String> out = new LinkedHashMap<>();
        for (int i = 0; i + 1 < argv.size(); i++) {
            if (argv.get(i).equals("--conf")) {
                String kv = argv.get(++i);
                out.put(kv.substring(0, kv.indexOf('=')), kv.substring(kv.indexOf('=') + 1));
            }
        }
        return out;
    }

    /** The value after {@code option} in an argv. */
    static String option(List<String> argv, String option) {
        int i = argv.indexOf(option);
        if (i < 0 || i + 1 >= argv.size()) {
            throw new IllegalStateException("no " + option + " in " + argv);
        }
        return argv.get(i + 1);
    }
}
