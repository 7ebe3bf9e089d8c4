package org.xnornet.cli;

import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.hdfs.MiniDFSCluster;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

/** {@link RetrainChecks} with the data and the registry on a real HDFS (an in-process MiniDFSCluster). */
class RetrainHdfsIT extends RetrainChecks {
    @TempDir
    static Path tmp;
    private MiniDFSCluster hdfs;
    private RetrainScenario scenario;

    @BeforeAll
    void setUp() throws IOException {
        Configuration conf = new Configuration();
        conf.set(MiniDFSCluster.HDFS_MINIDFS_BASEDIR, new File(tmp.toFile(), "hdfs").getAbsolutePath());
        hdfs = new MiniDFSCluster.Builder(conf).numDataNodes(1).build();
        hdfs.waitActive();
        scenario = new RetrainScenario("hdfs://127.0.0.1:" + hdfs.getNameNodePort() + "/retrain", conf);
    }

    @AfterAll
    void tearDown() {
        if (hdfs != null) {
            hdfs.shutdown();
        }
    }

    @Override
    RetrainScenario scenario() {
        return scenario;
    }

    @Override
    String promotionStep() {
        return "publish";
    }
}
