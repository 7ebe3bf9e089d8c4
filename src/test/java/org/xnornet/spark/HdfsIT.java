package org.xnornet.spark;

import org.xnornet.config.Settings;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.file.Path;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.hdfs.MiniDFSCluster;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.xnornet.data.parquet.DatasetManifest;
import org.xnornet.spark.testing.SharedSpark;
import org.xnornet.testing.FashionMnist;

/**
 * The data path and the trainer on a real HDFS (an in-process MiniDFSCluster: name node and data node): convert
 * to hdfs://, train from it with checkpoints on hdfs://, resume from them, and get the same result as on the local
 * filesystem.
 */
@ExtendWith(SharedSpark.class)
class HdfsIT {
    @TempDir
    static Path base;
    static MiniDFSCluster hdfs;
    static String root;

    @BeforeAll
    static void startHdfs() throws Exception {
        Configuration conf = new Configuration();
        conf.set(MiniDFSCluster.HDFS_MINIDFS_BASEDIR, new File(base.toFile(), "hdfs").getAbsolutePath());
        hdfs = new MiniDFSCluster.Builder(conf).numDataNodes(1).build();
        hdfs.waitActive();
        root = "hdfs://127.0.0.1:" + hdfs.getNameNodePort();
    }

    @AfterAll
    static void stopHdfs() {
        if (hdfs != null) {
            hdfs.shutdown();
        }
    }

    @Test
    void convertTrainCheckpointAndResumeOnHdfs(SparkSession spark) throws Exception {
        DatasetManifest m = ConvertJob.idx(spark, new ConvertOptions(FashionMnist.dir().toString(), root + "/data/fm",
                2, 256, 128, 100, 0, 0.9f, 1, false, 0.001, null, null, 800, 200));
        assertEquals(800, m.splits().get("train").images());
        FileSystem fs = FileSystem.get(java.net.URI.create(root), new Configuration());
        assertTrue(fs.exists(new org.apache.hadoop.fs.Path("/data/fm/manifest.json")));

        Settings onHdfs = EquivalenceIT.settings("gamma1", "sgd", false).set("data", root + "/data/fm", "test")
                .set("max-iterations", "12", "test").set("out", root + "/runs/a", "test")
                .set("checkpoint-every", "4", "test").set("val-split", "val", "test");
        TrainJob.Result full = TrainJob.run(spark, onHdfs);
        assertTrue(full.val() != null && full.val().count() == 200, "evaluated on the hdfs val split");
        assertTrue(fs.exists(new org.apache.hadoop.fs.Path("/runs/a/model.xnc")));
        assertTrue(fs.exists(new org.apache.hadoop.fs.Path("/runs/a/metrics.jsonl")));

        fs.delete(new org.apache.hadoop.fs.Path("/runs/a/checkpoints/ckpt-000000012.xnc"), false);
        TrainJob.Result resumed = TrainJob.run(spark, onHdfs.set("resume", "true", "test"));
        assertArrayEquals(full.state(), resumed.state(), "resumed from the hdfs checkpoint of iteration 8");
    }
}
