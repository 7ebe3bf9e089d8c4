package org.xnornet.cli;

import java.io.IOException;
import java.nio.file.Path;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

/** {@link RetrainChecks} with the data and the registry on the local filesystem. */
class RetrainIT extends RetrainChecks {
    @TempDir
    static Path tmp;
    private RetrainScenario scenario;

    @BeforeAll
    void setUp() throws IOException {
        scenario = new RetrainScenario(tmp.toUri().toString().replaceAll("/$", ""), new Configuration());
    }

    @Override
    RetrainScenario scenario() {
        return scenario;
    }

    @Override
    String promotionStep() {
        return "current";
    }
}
