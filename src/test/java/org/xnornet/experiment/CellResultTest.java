package org.xnornet.experiment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A cell's curve and training time from the metrics of several sittings: numeric order, superseded lines and a torn
 * last line.
 */
class CellResultTest {
    @TempDir
    Path dir;

    private static String it(int i, int epoch, double loss) {
        return it(i, epoch, loss, 1);
    }

    private static String it(int i, int epoch, double loss, double seconds) {
        return "{\"type\":\"iteration\",\"iteration\":" + i + ",\"epoch\":" + epoch + ",\"loss\":" + loss
                + ",\"seconds\":" + seconds + "}\n";
    }

    private static String eval(int after, int epoch, double top1) {
        return "{\"type\":\"evaluation\",\"epoch\":" + epoch + ",\"iteration\":" + after + ",\"top1\":" + top1 + "}\n";
    }

    @Test
    void laterSittingsSupersedeWhatTheyRedidAndATornLastLineIsTheInterruption() throws IOException {
        // sitting 1: iterations 0-5, cut while writing 6; sitting 2 resumed from 4 (0-9, epoch 0 ends after 6);
        // sitting 3 resumed from 10 — file names sort as text "-from-10" before "-from-4", sittings by number.
        Files.writeString(dir.resolve("metrics.jsonl"), it(0, 0, 1) + it(1, 0, 1) + it(2, 0, 1) + it(3, 0, 1)
                + it(4, 0, 9) + it(5, 0, 9) + "{\"type\":\"iteration\",\"itera");
        Files.writeString(dir.resolve("metrics-from-4.jsonl"), it(4, 0, 3, 2) + it(5, 0, 3, 2) + eval(6, 0, 0.5)
                + it(6, 1, 2, 2) + it(7, 1, 2, 2) + it(8, 1, 2, 2) + it(9, 1, 2, 2) + it(10, 1, 7, 2));
        Files.writeString(dir.resolve("metrics-from-10.jsonl"), it(10, 1, 2, 4) + it(11, 1, 2, 4)
                + eval(12, 1, 0.75));
        CellResult.History h = CellResult.history(dir);
        assertEquals(4 * 1 + 6 * 2 + 2 * 4, h.trainSeconds(), 1e-12, "each counted iteration's seconds, once");
        List<CellResult.Epoch> curve = h.curve();
        assertEquals(2, curve.size());
        assertEquals(10.0 / 6, curve.get(0).trainLoss(), 1e-12, "iterations 0-3 of sitting 1, 4-5 of sitting 2");
        assertEquals(0.5, curve.get(0).testTop1());
        assertEquals(2.0, curve.get(1).trainLoss(), 1e-12, "6-9 of sitting 2, 10-11 of sitting 3");
        assertEquals(0.75, curve.get(1).testTop1());
    }

    @Test
    void twoSittingsFromTheSameCheckpointAreTakenInTheirOrder() throws IOException {
        // sitting 2 resumed from 2 and was cut while writing 3; sitting 3 resumed from the same checkpoint (the run
        // folder names it metrics-from-2.1.jsonl) and ran to the end. Seen in the first grid.
        Files.writeString(dir.resolve("metrics.jsonl"), it(0, 0, 1) + it(1, 0, 1) + it(2, 0, 9));
        Files.writeString(dir.resolve("metrics-from-2.jsonl"), it(2, 0, 8) + "{\"type\":\"iteration\",\"itera");
        Files.writeString(dir.resolve("metrics-from-2.1.jsonl"), it(2, 0, 1) + it(3, 0, 1) + eval(4, 0, 0.5));
        List<CellResult.Epoch> curve = CellResult.history(dir).curve();
        assertEquals(1, curve.size());
        assertEquals(1.0, curve.get(0).trainLoss(), 1e-12, "0-1 of sitting 1, 2-3 of sitting 3");
        assertEquals(0.5, curve.get(0).testTop1());
    }

    @Test
    void aBadLineThatNoLaterSittingExplainsIsRefused() throws IOException {
        Files.writeString(dir.resolve("metrics.jsonl"), it(0, 0, 1) + "not json\n" + it(1, 0, 1));
        IOException e = assertThrows(IOException.class, () -> CellResult.history(dir));
        assertTrue(e.getMessage().contains("metrics.jsonl line 2 is not a metrics line"), e.getMessage());
        Files.writeString(dir.resolve("metrics.jsonl"), it(0, 0, 1) + "{\"type\":\"itera");
        assertThrows(IOException.class, () -> CellResult.history(dir), "torn, but the run's last sitting");
    }
}
