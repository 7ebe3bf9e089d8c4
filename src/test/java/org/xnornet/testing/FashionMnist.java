package org.xnornet.testing;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * Where the real Fashion-MNIST IDX files are (Debian's dataset-fashion-mnist, or -Dfashion.mnist.dir). Tests that
 * need them are skipped, with the reason, on a machine without them — but fail under CI ({@code CI=true}), where
 * .ci/run installs the package, so they can never be skipped unnoticed there.
 */
public final class FashionMnist {
    private FashionMnist() {
    }

    public static Path dir() {
        Path dir = Path.of(System.getProperty("fashion.mnist.dir", "/usr/share/datasets/fashion-mnist"));
        if (!Files.isDirectory(dir)) {
            String why = "Fashion-MNIST not found at " + dir + ": apt-get install dataset-fashion-mnist "
                    + "(or set -Dfashion.mnist.dir)";
            if ("true".equals(System.getenv("CI"))) {
                Assertions.fail(why);
            }
            Assumptions.abort(why);
        }
        return dir;
    }
}
