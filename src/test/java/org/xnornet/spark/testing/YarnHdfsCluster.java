package org.xnornet.spark.testing;

import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.hdfs.MiniDFSCluster;
import org.apache.hadoop.yarn.conf.YarnConfiguration;
import org.apache.hadoop.yarn.server.MiniYARNCluster;
import org.apache.hadoop.yarn.server.resourcemanager.rmapp.RMApp;

/**
 * A real HDFS and YARN in this JVM for integration tests: a {@link MiniDFSCluster} (one data node) as the default
 * file system and a {@link MiniYARNCluster} (a resource manager and one node manager, whose containers are real
 * JVMs), plus the Hadoop configuration folder a client reads ({@code HADOOP_CONF_DIR}/{@code YARN_CONF_DIR}:
 * {@code core-site.xml} names the HDFS, {@code yarn-site.xml} the resource manager). Everything lives in a fresh
 * folder, kept after {@link #close()} for the container logs.
 */
public final class YarnHdfsCluster implements AutoCloseable {
    private static final String HOST = "127.0.0.1";

    private final Path dir;
    private final MiniDFSCluster hdfs;
    private final MiniYARNCluster yarn;
    private final Path confDir;

    private YarnHdfsCluster(Path dir, MiniDFSCluster hdfs, MiniYARNCluster yarn, Path confDir) {
        this.dir = dir;
        this.hdfs = hdfs;
        this.yarn = yarn;
        this.confDir = confDir;
    }

    /** Starts both in {@code dir}; the node manager offers {@code nodeMemoryMb} MB for containers of ≥ 256 MB. */
    public static YarnHdfsCluster start(Path dir, int nodeMemoryMb) throws Exception {
        Configuration dfsConf = new Configuration();
        dfsConf.set(MiniDFSCluster.HDFS_MINIDFS_BASEDIR, dir.resolve("hdfs").toString());
        MiniDFSCluster hdfs = new MiniDFSCluster.Builder(dfsConf).numDataNodes(1).build();
        MiniYARNCluster yarn = null;
        try {
            hdfs.waitActive();
            String defaultFs = "hdfs://" + HOST + ":" + hdfs.getNameNodePort();
            YarnConfiguration conf = new YarnConfiguration();
            conf.set("fs.defaultFS", defaultFs);
            conf.set(YarnConfiguration.RM_HOSTNAME, HOST);
            // As Spark's own YARN suite: no disk-space check (full disks would hang it), and the capacity scheduler's
            // one queue, whose capacity-scheduler.xml hadoop-client-minicluster does not ship.
            conf.set("yarn.nodemanager.disk-health-checker.max-disk-utilization-per-disk-percentage", "100.0");
            conf.set("yarn.scheduler.capacity.root.queues", "default");
            conf.setInt("yarn.scheduler.capacity.root.default.capacity", 100);
            conf.setInt("yarn.scheduler.capacity.root.default.maximum-capacity", 100);
            conf.setFloat("yarn.scheduler.capacity.root.default.user-limit-factor", 1);
            conf.set("yarn.scheduler.capacity.root.default.state", "RUNNING");
            conf.set("yarn.scheduler.capacity.root.default.acl_submit_applications", "*");
            conf.set("yarn.scheduler.capacity.root.default.acl_administer_queue", "*");
            conf.setInt("yarn.scheduler.capacity.node-locality-delay", -1);
            // Small containers on a small machine: the JVMs' virtual memory is no measure of what they use.
            conf.setInt(YarnConfiguration.NM_PMEM_MB, nodeMemoryMb);
            conf.setInt(YarnConfiguration.RM_SCHEDULER_MINIMUM_ALLOCATION_MB, 256);
            conf.setBoolean(YarnConfiguration.NM_VMEM_CHECK_ENABLED, false);
            conf.setInt(YarnConfiguration.RM_NM_HEARTBEAT_INTERVAL_MS, 200);
            yarn = new MiniYARNCluster("yarn-it", 1, 1, 1);
            yarn.init(conf);
            yarn.start();
            awaitResourceManagerAddress(yarn.getConfig());
            if (!yarn.waitForNodeManagersToConnect(30_000)) {
                throw new IllegalStateException("the node manager did not register within 30 s");
            }
            Path confDir = Files.createDirectories(dir.resolve("hadoop-conf"));
            Configuration core = new Configuration(false);
            core.set("fs.defaultFS", defaultFs);
            write(core, confDir.resolve("core-site.xml"));
            Configuration site = new Configuration(false);
            for (Map.Entry<String, String> e : yarn.getConfig()) {
                if (e.getKey().startsWith("yarn.")) {
                    site.set(e.getKey(), e.getValue());
                }
            }
            write(site, confDir.resolve("yarn-site.xml"));
            return new YarnHdfsCluster(dir, hdfs, yarn, confDir);
        } catch (Exception | Error e) {
            if (yarn != null) {
                yarn.stop();
            }
            hdfs.shutdown();
            throw e;
        }
    }

    /** MiniYARNCluster may return from start() before the resource manager's port is in its configuration. */
    private static void awaitResourceManagerAddress(Configuration conf) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (conf.get(YarnConfiguration.RM_ADDRESS).endsWith(":0")) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the resource manager has no port after 10 s");
            }
            Thread.sleep(100);
        }
    }

    private static void write(Configuration conf, Path file) throws IOException {
        try (OutputStream out = Files.newOutputStream(file)) {
            conf.writeXml(out);
        }
    }

    /** {@code HADOOP_CONF_DIR} and {@code YARN_CONF_DIR} of a client of this cluster. */
    public Path confDir() {
        return confDir;
    }

    /** The HDFS, which is the default file system of {@link #confDir()} (so {@code hdfs:///x} names /x on it). */
    public FileSystem fs() throws IOException {
        return hdfs.getFileSystem();
    }

    /** The applications the resource manager knows, by id, each as "STATE FINAL_STATUS". */
    public Map<String, String> applications() {
        Map<String, String> out = new java.util.TreeMap<>();
        for (RMApp app : yarn.getResourceManager().getRMContext().getRMApps().values()) {
            out.put(app.getApplicationId().toString(), app.getState() + " " + app.getFinalApplicationStatus());
        }
        return out;
    }

    /**
     * The applications other than {@code known}, once every one is FINISHED, FAILED or KILLED (an application whose
     * client has exited may still be FINISHING for a moment), or as they are after {@code seconds}.
     */
    public Map<String, String> awaitFinalStates(java.util.Set<String> known, int seconds) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (true) {
            Map<String, String> apps = applications();
            apps.keySet().removeAll(known);
            boolean done = apps.values().stream().allMatch(s -> s.startsWith("FINISHED ") || s.startsWith("FAILED ")
                    || s.startsWith("KILLED "));
            if (done || System.nanoTime() > deadline) {
                return apps;
            }
            Thread.sleep(100);
        }
    }

    /** The tails of the containers' stdout and stderr of every application, for failure messages. */
    public String containerLogTails() {
        StringBuilder sb = new StringBuilder();
        File work = yarn.getTestWorkDir();
        try (Stream<Path> files = Files.walk(work.toPath())) {
            List<Path> logs = files.filter(f -> List.of("stdout", "stderr").contains(f.getFileName().toString()))
                    .sorted().toList();
            for (Path f : logs) {
                sb.append("---- ").append(work.toPath().relativize(f)).append(" ----\n").append(ClusterProcess.tail(f));
            }
        } catch (IOException e) {
            sb.append("(cannot list container logs: ").append(e).append(")\n");
        }
        return sb.toString();
    }

    /** The folder of the HDFS data, the configuration and (under YARN's test dir) the container logs. */
    public Path dir() {
        return dir;
    }

    @Override
    public void close() {
        try {
            yarn.stop();
        } finally {
            hdfs.shutdown();
        }
    }
}
