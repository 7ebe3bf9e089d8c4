package org.xnornet.cli;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Recognises a Spark job that failed because an executor ran out of memory, from what the driver is told: the task's
 * own {@link OutOfMemoryError}, reported by an executor other than the driver ("Lost task … (host executor 3):
 * java.lang.OutOfMemoryError: …"), or the executor's death with Spark's out-of-memory exit code 52, or a cluster
 * manager's memory kill (YARN's "exceeding … memory limits", Kubernetes' OOMKilled). The driver's own heap says
 * nothing then, so the line names the executor and the settings that size it.
 */
final class ExecutorOutOfMemory {
    private static final Pattern LOST = Pattern.compile("Lost task \\S+ in stage \\S+ \\(TID \\d+\\) \\((\\S+) executor "
            + "(\\S+)\\): (?:java\\.lang\\.OutOfMemoryError: ([^\\n]*)|ExecutorLostFailure[^\\n]*)");
    private static final Pattern KILLED = Pattern.compile("(?i)exit(?:ed with)? (?:code|status):? 52\\b"
            + "|exceeding [^\\n]*memory limits|OOMKilled");

    private ExecutorOutOfMemory() {
    }

    /** The error line's text when {@code t}'s chain is a job failed by an executor's memory, else null. */
    static String diagnose(Throwable t) {
        for (Throwable c = t; c != null && c.getCause() != c; c = c.getCause()) {
            if (!c.getClass().getName().equals("org.apache.spark.SparkException") || c.getMessage() == null) {
                continue;
            }
            Matcher m = LOST.matcher(c.getMessage());
            if (!m.find() || m.group(2).equals("driver")) {
                continue;
            }
            String where = "executor " + m.group(2) + " on " + m.group(1);
            if (m.group(3) != null) {
                return message(m.group(3).strip() + ", " + where);
            }
            Matcher k = KILLED.matcher(c.getMessage());
            if (k.find()) {
                return message(where + " ended: " + k.group() + (k.group().contains("52")
                        ? ", Spark's exit code for an executor out of memory" : ""));
            }
        }
        return null;
    }

    private static String message(String what) {
        return "an executor ran out of memory (" + what + "): give each executor more memory (--executor-memory for "
                + "its heap, spark.executor.memoryOverhead for memory outside it, as deploy/yarn/submit.sh sizes "
                + "them; docs/RELIABILITY.md says what a model needs), or train at a smaller batch per executor";
    }
}
