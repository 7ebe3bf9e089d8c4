package org.xnornet.spark.testing;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.apache.spark.SparkConf;
import org.apache.spark.sql.SparkSession;
import org.xnornet.spark.SparkSessions;
import scala.Option;

/**
 * A real Spark standalone cluster for integration tests: one master and N worker JVMs on 127.0.0.1, started
 * from the project's own {@code target/lib} (no Spark distribution), whose workers launch executor JVMs as on
 * a real cluster; so tests can prove that our classes reach executors and that jobs survive a killed executor.
 *
 * <p>Everything lives in a fresh {@code target/standalone-cluster-*} dir, kept after {@link #close()}: a
 * synthetic {@code SPARK_HOME} (see {@link SparkHomeLayout}), the work dirs and the logs; {@link #start} and
 * failed waits put the tail of the logs in their exception. Needs {@code mvn package} output, so run it
 * from failsafe in the {@code verify} phase.
 *
 * <p>The driver runs in the test JVM: {@code SparkSession.builder().config(cluster.driverConf(name))}. Only
 * one SparkContext may exist per JVM, and other tests of the same JVM may hold the {@link SharedSpark}
 * session, so call {@link #stopActiveSessions()} before creating the driver and stop the driver before
 * {@link #close()}; {@link SharedSpark} starts a fresh session when next asked.
 *
 * <p>{@link #close()} (also run by a shutdown hook) kills every JVM the cluster started; if the test JVM is
 * killed outright, the {@link OrphanGuard} in each daemon ends the cluster.
 */
public final class StandaloneCluster implements AutoCloseable {
    /** Main class of the executor JVMs that workers launch. */
    public static final String EXECUTOR_MAIN = "org.apache.spark.executor.CoarseGrainedExecutorBackend";
    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);
    private static final String HOST = "127.0.0.1";

    private final Path dir;
    private final SparkHomeLayout layout;
    private final int workers;
    private final int coresPerWorker;
    private final String executorMemory;
    private final Security security;
    private final List<ClusterProcess> processes = new ArrayList<>();
    private final Thread shutdownHook = new Thread(this::stopProcesses, "standalone-cluster-shutdown");
    private String masterUrl;
    private int masterUiPort;

    /**
     * Spark's authentication and encryption for a cluster: the shared {@code secret}, and the security properties
     * ({@code spark.authenticate}, {@code spark.network.crypto.*}, {@code spark.io.encryption.*}, e.g. the production
     * conf/spark-defaults.conf's) that the master, the workers and the driver all get.
     */
    public record Security(String secret, Map<String, String> properties) {
        /** Properties the daemons' RPC needs (IO encryption is the application's, set on the driver only). */
        Map<String, String> daemonProperties() {
            Map<String, String> out = new java.util.TreeMap<>(properties);
            out.keySet().removeIf(k -> !k.startsWith("spark.authenticate") && !k.startsWith("spark.network."));
            return out;
        }
    }

    private StandaloneCluster(Path dir, SparkHomeLayout layout, int workers, int coresPerWorker,
            String executorMemory, Security security) {
        this.dir = dir;
        this.layout = layout;
        this.workers = workers;
        this.coresPerWorker = coresPerWorker;
        this.executorMemory = executorMemory;
        this.security = security;
    }

    /**
     * Starts a master and {@code workers} workers of {@code coresPerWorker} cores and {@code executorMemory}
     * (e.g. "1g") each, so one executor per worker, and returns once every worker has registered.
     */
    public static StandaloneCluster start(int workers, int coresPerWorker, String executorMemory) throws Exception {
        return start(workers, coresPerWorker, executorMemory, null);
    }

    /**
     * As {@link #start(int, int, String)}, with Spark's authentication and encryption on (null: off): the daemons
     * start with the secret in Spark's environment variable {@code _SPARK_AUTH_SECRET} (as workers hand it to their
     * executors)
     * and the RPC properties; {@link #driverConf} adds the secret and every property.
     */
    public static StandaloneCluster start(int workers, int coresPerWorker, String executorMemory, Security security)
            throws Exception {
        Path target = Files.createDirectories(SparkHomeLayout.projectDir().resolve("target"));
        Path dir = Files.createTempDirectory(target, "standalone-cluster-");
        StandaloneCluster cluster = new StandaloneCluster(dir, SparkHomeLayout.create(dir), workers, coresPerWorker,
                executorMemory, security);
        Runtime.getRuntime().addShutdownHook(cluster.shutdownHook);
        try {
            cluster.launch(System.nanoTime() + START_TIMEOUT.toNanos());
        } catch (Exception | Error e) {
            cluster.close();
            throw e;
        }
        return cluster;
    }

    private void launch(long deadline) throws Exception {
        ClusterProcess master = ClusterProcess.start("master", java("org.apache.spark.deploy.master.Master",
                "--host", HOST, "--port", "0", "--webui-port", "0"), env(), dir.resolve("master.log"));
        processes.add(master);
        masterUrl = master.awaitLog(Pattern.compile("Starting Spark master at (spark://\\S+)"), deadline);
        masterUiPort = Integer.parseInt(
                master.awaitLog(Pattern.compile("Successfully started service 'MasterUI' on port (\\d+)"), deadline));
        master.awaitLog(Pattern.compile("(elected leader)"), deadline);
        for (int i = 0; i < workers; i++) {
            Path home = Files.createDirectories(dir.resolve("worker-" + i));
            Map<String, String> env = env();
            env.put("SPARK_LOCAL_DIRS", Files.createDirectories(home.resolve("local")).toString());
            processes.add(ClusterProcess.start("worker-" + i, java("org.apache.spark.deploy.worker.Worker",
                    "--host", HOST, "--port", "0", "--webui-port", "0", "--cores", String.valueOf(coresPerWorker),
                    "--memory", executorMemory, "--work-dir", home.resolve("work").toString(), masterUrl),
                    env, home.resolve("worker.log")));
        }
        awaitAliveWorkers(deadline);
    }

    /** {@code spark://127.0.0.1:port}. */
    public String masterUrl() {
        return masterUrl;
    }

    /** The dir of SPARK_HOME, the logs and the work dirs (executor logs under {@code worker-i/work/app/id}). */
    public Path dir() {
        return dir;
    }

    /**
     * A driver conf for this cluster: every core, {@code executorMemory} per executor, our jars shipped with
     * {@code spark.jars}, the JVM flags Spark needs on Java 17 for executors, Kryo with our registrator and
     * {@code registrationRequired}, driver on 127.0.0.1, no UI. Creating the SparkContext waits (up to 60 s)
     * until every executor has registered, so the first job's tasks spread over all of them.
     */
    public SparkConf driverConf(String appName) {
        SparkConf conf = new SparkConf()
                .setMaster(masterUrl())
                .setAppName(appName)
                .set("spark.driver.host", HOST)
                .set("spark.driver.bindAddress", HOST)
                .set("spark.executor.memory", executorMemory)
                .set("spark.cores.max", String.valueOf(workers * coresPerWorker))
                .set("spark.scheduler.minRegisteredResourcesRatio", "1.0")
                .set("spark.scheduler.maxRegisteredResourcesWaitingTime", "60s")
                .set("spark.executor.extraJavaOptions", String.join(" ", layout.jvmOpens()))
                .set("spark.jars", layout.appJars().stream().map(Path::toString).collect(Collectors.joining(",")))
                .set("spark.kryo.registrationRequired", "true")
                .set("spark.ui.enabled", "false")
                .set("spark.ui.showConsoleProgress", "false")
                .set("spark.sql.shuffle.partitions", String.valueOf(2 * workers * coresPerWorker));
        if (security != null) {
            security.properties().forEach(conf::set);
            conf.set("spark.authenticate.secret", security.secret());
        }
        SparkSessions.configure(conf);
        return conf;
    }

    /** PIDs of the executor JVMs running now (children of the workers), e.g. to kill one with SIGKILL. */
    public List<Long> executorPids() {
        List<Long> pids = new ArrayList<>();
        processes.forEach(p -> pids.addAll(p.descendants(EXECUTOR_MAIN)));
        return pids;
    }

    /**
     * Waits until {@code count} executor JVMs run (e.g. after one was killed and the worker launched another);
     * throws with the logs' tails on timeout.
     */
    public List<Long> awaitExecutors(int count, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (executorPids().size() != count) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("expected " + count + " executors, running " + executorPids()
                        + "\n" + logTails());
            }
            Thread.sleep(200);
        }
        return executorPids();
    }

    /**
     * Stops the active and default SparkSessions of this JVM (e.g. {@link SharedSpark}'s), so that a driver
     * for this cluster can be created; {@link SharedSpark} starts a new one when next asked.
     */
    public static void stopActiveSessions() {
        for (Option<SparkSession> s : List.of(SparkSession.getActiveSession(), SparkSession.getDefaultSession())) {
            if (s.isDefined()) {
                s.get().stop();
            }
        }
        SparkSession.clearActiveSession();
        SparkSession.clearDefaultSession();
    }

    /** For a test's teardown: stops the sessions, then the cluster (if it started), even if stopping a session fails. */
    public static void stopSessionsAndClose(StandaloneCluster cluster) {
        try {
            stopActiveSessions();
        } finally {
            if (cluster != null) {
                cluster.close();
            }
        }
    }

    /** The tail of the master, worker and executor logs, for failure messages. */
    public String logTails() {
        StringBuilder sb = new StringBuilder();
        processes.forEach(p -> sb.append(p.tail()));
        try (var files = Files.walk(dir)) {
            files.filter(f -> f.getFileName().toString().equals("stderr") && f.toString().contains("/work/"))
                    .forEach(f -> sb.append("---- executor ").append(dir.relativize(f)).append(" ----\n")
                            .append(ClusterProcess.tail(f)));
        } catch (IOException e) {
            sb.append("(cannot list executor logs: ").append(e).append(")\n");
        }
        return sb.toString();
    }

    /** Stops the workers (and so their executors), then the master; keeps the temp dir for the logs. */
    @Override
    public void close() {
        stopProcesses();
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException shuttingDown) {
            // the hook is running or will run: nothing to remove
        }
    }

    private synchronized void stopProcesses() {
        for (int i = processes.size() - 1; i >= 0; i--) {
            processes.get(i).stop();
        }
    }

    private List<String> java(String mainClass, String... args) {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(layout.jvmOpens());
        // The daemons barely compute: C1 only and the serial collector start them in about half the time.
        cmd.addAll(List.of("-Xmx512m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC",
                "-Dspark.master.rest.enabled=false"));
        if (security != null) {
            security.daemonProperties().forEach((k, v) -> cmd.add("-D" + k + "=" + v));
        }
        cmd.addAll(List.of("-cp", layout.daemonClassPath(), OrphanGuard.class.getName(), mainClass));
        cmd.addAll(List.of(args));
        return cmd;
    }

    private Map<String, String> env() {
        Map<String, String> env = new HashMap<>(Map.of(
                "SPARK_HOME", layout.sparkHome().toString(),
                "SPARK_SCALA_VERSION", "2.13",
                "SPARK_LOCAL_IP", HOST,
                "JAVA_HOME", System.getProperty("java.home")));
        if (security != null) {
            env.put(org.apache.spark.SecurityManager$.MODULE$.ENV_AUTH_SECRET(), security.secret());
        }
        return env;
    }

    private void awaitAliveWorkers(long deadline) throws Exception {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://" + HOST + ":" + masterUiPort + "/json/"))
                .timeout(Duration.ofSeconds(5)).build();
        Pattern alive = Pattern.compile("\"aliveworkers\"\\s*:\\s*(\\d+)");
        String last = "no answer";
        while (System.nanoTime() < deadline) {
            for (ClusterProcess p : processes) {
                if (!p.isAlive()) {
                    throw new IllegalStateException(p.name() + " died while the cluster started\n" + logTails());
                }
            }
            try {
                last = http.send(request, HttpResponse.BodyHandlers.ofString()).body();
                Matcher m = alive.matcher(last);
                if (m.find() && Integer.parseInt(m.group(1)) == workers) {
                    return;
                }
            } catch (IOException notYet) {
                last = notYet.toString();
            }
            Thread.sleep(200);
        }
        throw new IllegalStateException("after " + START_TIMEOUT.toSeconds() + " s the master does not report "
                + workers + " alive workers; last answer: " + last + "\n" + logTails());
    }
}
