package org.xnornet.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.xnornet.data.parquet.ImageDataException;
import org.xnornet.spark.testing.SharedSpark;
import org.xnornet.testing.FashionMnist;

/** {@code xnornet convert} from the command line, on the shared session (which it must leave running). */
@ExtendWith(SharedSpark.class)
class ConvertCommandIT {
    @TempDir
    Path tmp;

    @Test
    void convertsIdxFromTheCommandLine(SparkSession spark) throws Exception {
        String out = tmp.resolve("fm").toString();
        String[] args = {"convert", "idx", "--source", FashionMnist.dir().toString(), "--out", out,
            "--train-limit", "300", "--val-limit", "100", "--files", "1", "--seed", "4"};
        assertEquals(0, Main.run(args));
        assertTrue(Files.isRegularFile(tmp.resolve("fm/manifest.json")));
        assertTrue(!spark.sparkContext().isStopped(), "a joined session stays up");
        ImageDataException e = assertThrows(ImageDataException.class, () -> Main.run(args));
        assertTrue(e.getMessage().contains("already exists; pass --overwrite"), e.getMessage());
        IllegalArgumentException bad = assertThrows(IllegalArgumentException.class,
                () -> Main.run(new String[] {"convert", "idx", "--source", "x", "--out", out, "--quality", "2"}));
        assertTrue(bad.getMessage().contains("key 'quality' (--quality) must be a number in (0, 1], was '2'"), bad.getMessage());
        IllegalArgumentException kind = assertThrows(IllegalArgumentException.class,
                () -> Main.run(new String[] {"convert", "coco"}));
        assertTrue(kind.getMessage().contains("ilsvrc or idx"), kind.getMessage());
    }
}
