package org.xnornet.spark;

import org.xnornet.config.Settings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;
import org.xnornet.data.image.ImageEncoder;
import org.xnornet.spark.testing.StandaloneCluster;

/**
 * Benchmark, not a test (runs only with {@code -Dxnornet.bench=true}): the synchronisation overhead of ResNet-18
 * training (1000 classes, full-size state with SGD momentum) on a local standalone cluster of 2 and 4 one-core
 * executors, batch 32 per executor, from the trainer's own per-iteration metrics. Command:
 * {@code mvn -B verify -Dtest=NoSuchTest -Dsurefire.failIfNoSpecifiedTests=false -Dit.test=SyncOverheadBenchIT
 * -Dxnornet.bench=true}; results in docs/PERFORMANCE.md.
 */
@EnabledIfSystemProperty(named = "xnornet.bench", matches = "true")
class SyncOverheadBenchIT {
    @TempDir
    Path tmp;

    @Test
    void resnet18SyncOverhead() throws Exception {
        Path tree = tmp.resolve("tree");
        for (int c = 0; c < 1000; c++) {
            Path dir = Files.createDirectories(tree.resolve(String.format("train/n%08d", c)));
            Files.write(dir.resolve("img.JPEG"), ImageEncoder.jpeg(IlsvrcTree.picture(256, 256, 3, c), 0.9f));
        }
        String data = tmp.resolve("parquet").toString();
        StandaloneCluster.stopActiveSessions();
        SparkSession local = SparkSessions.getOrCreate("bench-convert", "local[2]");
        ConvertJob.ilsvrc(local, new ConvertOptions(tree.toString(), data, 4, 256, 128, 40, 0, 0.9f, 0, false, 0, null,
                null, 0, 0));
        StandaloneCluster.stopActiveSessions();
        StringBuilder report = new StringBuilder();
        for (String count : System.getProperty("xnornet.bench.executors", "2,4").split(",")) {
            int executors = Integer.parseInt(count.trim());
            // ResNet-18 at batch 32 needs ~5 GB per executor: four of them do not fit this 24 GB machine beside the
            // driver, so the 4-executor run uses batch 8 (the synchronisation cost does not depend on the batch).
            int batch = Integer.getInteger("xnornet.bench.batch", executors <= 2 ? 32 : 8);
            try (StandaloneCluster cluster = StandaloneCluster.start(executors, 1,
                    System.getProperty("xnornet.bench.executorMemory", executors <= 2 ? "6g" : "3g"))) {
                var conf = cluster.driverConf("sync-overhead-" + executors);
                conf.set("spark.executor.extraJavaOptions", conf.get("spark.executor.extraJavaOptions")
                        + " -Dxnornet.threads=1 " + System.getProperty("xnornet.bench.executorOpts", ""));
                for (String kv : System.getProperty("xnornet.bench.conf", "").split(",")) {
                    if (kv.contains("=")) {
                        conf.set(kv.substring(0, kv.indexOf('=')), kv.substring(kv.indexOf('=') + 1));
                    }
                }
                SparkSession spark = SparkSession.builder().config(conf).getOrCreate();
                try {
                    Path out = tmp.resolve("run" + executors);
                    Settings s = TrainJob.settings().set("data", data, "bench").set("val-split", "none", "bench")
                            .set("model", "arch=resnet18,classes=1000,scaling=gamma1", "bench")
                            .set("partitions", Integer.toString(executors), "bench")
                            .set("batch", Integer.toString(batch), "bench")
                            .set("max-iterations", System.getProperty("xnornet.bench.iterations", "8"), "bench").set("lr", "0.01", "bench")
                            .set("out", out.toString(), "bench").set("log-every", "1", "bench");
                    for (String kv : System.getProperty("xnornet.bench.settings", "").split(",")) {
                        if (kv.contains("=")) {
                            s.set(kv.substring(0, kv.indexOf('=')), kv.substring(kv.indexOf('=') + 1), "bench");
                        }
                    }
                    TrainJob.run(spark, s);
                    report.append(summary(executors, batch, Files.readAllLines(out.resolve("metrics.jsonl"))));
                } finally {
                    StandaloneCluster.stopActiveSessions();
                }
            }
        }
        System.out.print(report);
    }

    /** Mean over the second half of the iterations (the first build networks and warm the JIT up). */
    static String summary(int executors, int batch, List<String> lines) {
        double wall = 0;
        double compute = 0;
        double task = 0;
        double bytes = 0;
        double start = 0;
        double job = 0;
        double update = 0;
        double fetch = 0;
        int n = 0;
        List<String> iterations = lines.stream().filter(l -> l.contains("\"type\":\"iteration\"")).toList();
        for (String l : iterations.subList(iterations.size() / 2, iterations.size())) {
            {
                wall += field(l, "seconds");
                compute += field(l, "compute_s");
                task += field(l, "task_s");
                start += field(l, "broadcast_s");
                job += field(l, "aggregate_s");
                update += field(l, "update_s");
                fetch += field(l, "fetch_s");
                bytes = field(l, "broadcast_bytes") + field(l, "returned_bytes") / executors;
                n++;
            }
        }
        return String.format(Locale.ROOT, "SYNC executors=%d batch=%d iterations=%d wall %.2f s compute %.2f s (slowest task %.2f s)"
                + " overhead %.2f s (%.1f%%), per executor %.1f MB read + returned, per iteration %.0f MB;"
                + " driver start %.3f s, job %.3f s (slowest fetch %.3f s), end + update %.3f s%n",
                executors, batch, n, wall / n, compute / n, task / n, (wall - compute) / n, 100 * (wall - compute) / wall,
                bytes / 1e6, executors * bytes / 1e6, start / n, job / n, fetch / n, update / n);
    }

    private static double field(String json, String name) {
        int i = json.indexOf("\"" + name + "\":") + name.length() + 3;
        int j = i;
        while (j < json.length() && "0123456789.eE-+".indexOf(json.charAt(j)) >= 0) {
            j++;
        }
        return Double.parseDouble(json.substring(i, j));
    }
}
