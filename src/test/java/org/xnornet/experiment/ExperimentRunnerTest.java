package org.xnornet.experiment;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xnornet.config.Settings;
import org.xnornet.model.ModelSpec;
import org.xnornet.train.RunFolderException;

/** A small grid on synthetic data: cells, tables, plots, skipping finished cells, resuming, refusing a new budget. */
class ExperimentRunnerTest {
    @TempDir
    Path tmp;

    private Settings settings(Path out, String... more) {
        Settings s = new Settings(ExperimentRunner.COMMAND, ExperimentRunner.KEYS);
        String[] base = {"data", "synthetic", "model", "arch=small_resnet,input=1x8x8,classes=4,width=4",
            "archs", "small_resnet,small_alexnet", "variants", "xnor,gamma1,float", "seeds", "0,1",
            "batch", "64", "max-iterations", "6", "lr", "0.01", "out", out.toString()};
        for (int i = 0; i < base.length; i += 2) {
            s.set(base[i], base[i + 1], "test");
        }
        for (int i = 0; i < more.length; i += 2) {
            s.set(more[i], more[i + 1], "test");
        }
        return s;
    }

    private static ExperimentRunner.Summary run(Settings s) throws Exception {
        return ExperimentRunner.run(s, "test grid", new PrintStream(new ByteArrayOutputStream(), true,
                StandardCharsets.UTF_8));
    }

    @Test
    void aGridTrainsEveryCellOnceAndTabulatesAndPlotsThem() throws Exception {
        Path out = tmp.resolve("grid");
        var first = run(settings(out));
        assertEquals(12, first.ran());
        assertEquals(0, first.skipped());
        List<String> csv = Files.readAllLines(out.resolve("results.csv"));
        assertEquals(13, csv.size(), "a header and one line per run");
        assertTrue(csv.contains(csv.stream().filter(l -> l.startsWith("small_alexnet,float,1,")).findFirst()
                .orElseThrow()));
        String md = Files.readString(out.resolve("results.md"));
        assertTrue(md.contains("| small_resnet | gamma1 | 2 |") && md.contains("| small_alexnet | xnor | 2 |"), md);
        assertTrue(md.contains("best learned Γ, gamma1, ") && md.contains("against XNOR-Net's analytic scaling ")
                && md.contains("best binary variant, "), md);
        for (String png : List.of("accuracy.png", "curves-small_resnet-test.png", "curves-small_alexnet-loss.png",
                "reconstruction-small_resnet.png", "reconstruction-small_alexnet.png")) {
            byte[] head = java.util.Arrays.copyOf(Files.readAllBytes(out.resolve(png)), 4);
            assertArrayEquals(new byte[] {(byte) 0x89, 'P', 'N', 'G'}, head, png);
        }
        String reconstruction = Files.readString(out.resolve("reconstruction.md"));
        assertTrue(reconstruction.contains("| gamma1 | block1.unit1.conv |")
                && reconstruction.contains("| xnor | conv2.conv |") && !reconstruction.contains("| float |"),
                reconstruction);
        assertTrue(Files.exists(out.resolve("runs/small_resnet-gamma1-seed1/reconstruction.csv")));
        CellResult one = first.results().get(0);
        assertEquals(6, one.iterations());
        assertTrue(!one.curve().isEmpty() && !Double.isNaN(one.curve().get(0).testTop1()), "curve from metrics");
        assertTrue(one.seconds() > 0, "training time from the metrics' iterations");
        assertTrue(csv.get(0).endsWith(",iterations,train_seconds"), csv.get(0));

        byte[] csvBefore = Files.readAllBytes(out.resolve("results.csv"));
        var again = run(settings(out));
        assertEquals(0, again.ran());
        assertEquals(12, again.skipped());
        assertArrayEquals(csvBefore, Files.readAllBytes(out.resolve("results.csv")), "finished cells are not rerun");

        // a cell interrupted after its run folder was made: its result is missing, it resumes and ends as before
        Path cell = out.resolve("runs/small_alexnet-gamma1-seed0");
        String kept = Files.readString(cell.resolve(CellResult.FILE));
        Files.delete(cell.resolve(CellResult.FILE));
        var resumed = run(settings(out));
        assertEquals(1, resumed.ran());
        assertEquals(kept.lines().filter(l -> l.startsWith("test.top1")).toList(),
                Files.readString(cell.resolve(CellResult.FILE)).lines().filter(l -> l.startsWith("test.top1"))
                        .toList());

        var report = run(settings(out, "seeds", "0,1,2", "report-only", "true"));
        assertEquals(0, report.ran(), "a report trains nothing");
        assertEquals(12, report.results().size(), "the finished cells of the larger grid");
        assertTrue(!Files.exists(out.resolve("runs/small_resnet-xnor-seed2")), "no run folder for an unfinished cell");
        assertTrue(Files.readString(out.resolve("results.md")).contains("| small_resnet | xnor | 2 |"));
        var none = assertThrows(RunFolderException.class, () -> run(settings(tmp.resolve("new"), "report-only",
                "true")));
        assertTrue(none.getMessage().contains("--report-only needs a grid that has started"), none.getMessage());

        var grown = run(settings(out, "seeds", "0,1,2"));
        assertEquals(6, grown.ran(), "a third seed adds its cells");
        var e = assertThrows(RunFolderException.class, () -> run(settings(out, "lr", "0.02")));
        assertTrue(e.getMessage().contains("key 'lr' was '0.01', now '0.02'"), e.getMessage());
    }

    @Test
    void meansAndSampleDeviationsOverSeeds() {
        Cell a = new Cell(ModelSpec.Architecture.SMALL_RESNET, "gamma1", 0);
        Cell b = new Cell(ModelSpec.Architecture.SMALL_RESNET, "gamma1", 1);
        Cell c = new Cell(ModelSpec.Architecture.SMALL_RESNET, "xnor", 0);
        ResultsTable t = new ResultsTable(List.of(new CellResult(a, 0.5, 0, 0, 1, 1, List.of()),
                new CellResult(c, 0.4, 0, 0, 1, 1, List.of()), new CellResult(b, 0.7, 0, 0, 1, 1, List.of())));
        assertEquals("xnor", t.rows().get(0).variant(), "variants in the tables' order");
        ResultsTable.Row g = t.rows().get(1);
        assertEquals(0.6, g.mean(), 1e-12);
        assertEquals(Math.sqrt(0.02), g.std(), 1e-12);
        assertEquals(0, t.rows().get(0).std());
        assertTrue(t.markdown("b", "cmd").contains("| small_resnet | gamma1 | 2 | 60.00 ± 14.14 | 50.00 (seed 0), "
                + "70.00 (seed 1) |"));
        assertTrue(t.markdown("b", "cmd").contains("| small_resnet | xnor | 1 | 40.00 | 40.00 (seed 0) |"),
                "one seed: the mean alone, no spread claimed");
        assertTrue(t.comparisons().contains("best learned Γ, gamma1, 60.00 ± 14.14 (2 seeds) against XNOR-Net's "
                + "analytic scaling 40.00 (1 seed): +20.00 points, fewer than two seeds on a side"),
                t.comparisons());
    }

    @Test
    void aDifferenceCountsOnlyBeyondTheSeedSpread() {
        Cell x0 = new Cell(ModelSpec.Architecture.SMALL_RESNET, "xnor", 0);
        Cell x1 = new Cell(ModelSpec.Architecture.SMALL_RESNET, "xnor", 1);
        Cell g0 = new Cell(ModelSpec.Architecture.SMALL_RESNET, "gamma2", 0);
        Cell g1 = new Cell(ModelSpec.Architecture.SMALL_RESNET, "gamma2", 1);
        Cell f0 = new Cell(ModelSpec.Architecture.SMALL_RESNET, Grid.FLOAT, 0);
        java.util.function.BiFunction<Cell, Double, CellResult> r = (c, top1) -> new CellResult(c, top1, 0, 0, 1, 1,
                List.of());
        String apart = new ResultsTable(List.of(r.apply(x0, 0.87), r.apply(x1, 0.88), r.apply(g0, 0.90),
                r.apply(g1, 0.91), r.apply(f0, 0.95))).comparisons();
        assertTrue(apart.contains("+3.00 points, beyond the seed spread"), apart);
        assertTrue(apart.contains("best binary variant, gamma2, 90.50 ± 0.71 (2 seeds) against the full-precision "
                + "twin 95.00 (1 seed): 4.50 points below it, more than 3 points"), apart);
        String overlapping = new ResultsTable(List.of(r.apply(x0, 0.86), r.apply(x1, 0.90), r.apply(g0, 0.89),
                r.apply(g1, 0.90))).comparisons();
        assertTrue(overlapping.contains("within the seed spread"), overlapping);
        assertEquals(new SeedStats(2.0, 1.0, 3), SeedStats.of(1, 2, 3));
        assertEquals(0, SeedStats.of(5).std());
    }

    @Test
    void cellsTrainTheirVariant() {
        ModelSpec base = ModelSpec.parse("arch=small_resnet,width=8,scaling=gamma1");
        assertEquals("xnor", new Cell(ModelSpec.Architecture.SMALL_ALEXNET, "xnor", 2).spec(base).scaling().name());
        ModelSpec twin = new Cell(ModelSpec.Architecture.SMALL_ALEXNET, Grid.FLOAT, 2).spec(base);
        assertEquals(false, twin.binary());
        assertEquals(ModelSpec.Architecture.SMALL_ALEXNET, twin.architecture());
        assertEquals(3, twin.seed());
        assertEquals(8, twin.baseWidth());
        assertThrows(IllegalArgumentException.class, () -> Grid.variants("gamma5"));
    }
}
