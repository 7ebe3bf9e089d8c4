package org.xnornet.spark.testing;

import java.lang.reflect.InvocationTargetException;
import java.util.Arrays;

/**
 * Runs a cluster daemon's main class ({@code OrphanGuard <main class> <args...>}) and exits the JVM when the
 * process that started it dies, so a test JVM killed with SIGKILL (whose shutdown hooks never run) leaves no
 * master or worker behind; a worker's executors then exit too, as they do whenever their worker goes.
 */
public final class OrphanGuard {
    private OrphanGuard() {
    }

    public static void main(String[] args) throws Throwable {
        ProcessHandle parent = ProcessHandle.current().parent().orElseThrow();
        Thread guard = new Thread(() -> {
            parent.onExit().join();
            System.exit(143);
        }, "orphan-guard");
        guard.setDaemon(true);
        guard.start();
        try {
            Class.forName(args[0]).getMethod("main", String[].class)
                    .invoke(null, (Object) Arrays.copyOfRange(args, 1, args.length));
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }
}
