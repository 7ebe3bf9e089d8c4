package org.xnornet.experiment;

import java.io.IOException;
import java.io.PrintStream;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import org.xnornet.config.CommonKeys;
import org.xnornet.config.Key;
import org.xnornet.config.KeyGroup;
import org.xnornet.config.Settings;
import org.xnornet.data.DataKeys;
import org.xnornet.model.ModelSpec;
import org.xnornet.train.LocalRun;
import org.xnornet.train.LocalTrainer;
import org.xnornet.train.RunFolderException;
import org.xnornet.train.TrainKeys;
import org.xnornet.train.TrainRecipe;

/**
 * Runs a grid (docs/RESULTS.md): every cell through {@link LocalRun} at the budget the training keys give, each in
 * its own run folder {@code <out>/runs/<cell>/}. A cell with {@code result.properties} is done and skipped (its curve
 * and training time are read again from its metrics files, which cover every sitting); one with
 * a run folder but no result resumes from its newest checkpoint. So an interrupted grid, restarted with the same
 * command, goes on where it stopped. {@code <out>/experiment.properties} records the budget: a restart with another
 * budget is refused, so every cell of a table shares one. After each cell the tables and plots are rewritten; with
 * {@code --report-only} they are rewritten from the finished cells and no cell is trained.
 */
public final class ExperimentRunner {
    /** The name of this command in run folders and messages. */
    public static final String COMMAND = "experiment";
    public static final List<KeyGroup> KEYS = keys();
    private static final String BUDGET_FILE = "experiment.properties";
    /** Checkpoint period of cells when the command gives none, so an interrupted cell loses little. */
    private static final String DEFAULT_CHECKPOINT_EVERY = "200";

    private ExperimentRunner() {
    }

    private static List<KeyGroup> keys() {
        List<KeyGroup> k = new ArrayList<>(List.of(ExperimentKeys.GRID));
        k.addAll(LocalRun.KEYS);
        return List.copyOf(k);
    }

    /** What the grid holds after this sitting: every finished cell, how many ran now and how many were done. */
    public record Summary(List<CellResult> results, int ran, int skipped, Path table) {
    }

    public static Summary run(Settings s, String command, PrintStream out) throws IOException {
        s.require(!s.get(CommonKeys.OUT).isEmpty(), CommonKeys.OUT, "is needed: the folder of the grid's runs and "
                + "results");
        TrainRecipe.validate(s);
        ModelSpec base = TrainRecipe.spec(s);
        List<Cell> cells = Grid.of(s);
        cells.forEach(c -> c.spec(base));
        Path dir = Path.of(s.get(CommonKeys.OUT)).toAbsolutePath();
        boolean reportOnly = s.get(ExperimentKeys.REPORT_ONLY);
        if (reportOnly && !Files.exists(dir.resolve(BUDGET_FILE))) {
            throw new RunFolderException("--out " + dir + " has no " + BUDGET_FILE + ": --report-only needs a grid "
                    + "that has started");
        }
        checkBudget(s, dir);
        List<CellResult> results = new ArrayList<>();
        int ran = 0;
        int skipped = 0;
        for (int i = 0; i < cells.size(); i++) {
            Cell cell = cells.get(i);
            Path cellDir = dir.resolve("runs").resolve(cell.id());
            Path done = cellDir.resolve(CellResult.FILE);
            if (Files.exists(done)) {
                results.add(CellResult.parse(cell, Files.readString(done, StandardCharsets.UTF_8), done.toString())
                        .with(CellResult.history(cellDir)));
                skipped++;
                continue;
            }
            if (reportOnly) {
                continue;
            }
            out.printf("experiment: cell %d of %d, %s%s%n", i + 1, cells.size(), cell.id(),
                    Files.exists(cellDir.resolve("run.properties")) ? " (resuming)" : "");
            LocalTrainer.Result r = LocalRun.run(cellSettings(s, cell, base, cellDir), out, List.of());
            CellResult.History h = CellResult.history(cellDir);
            CellResult result = new CellResult(cell, r.test().top1(), r.test().top5(), r.test().loss(),
                    r.iterations(), h.trainSeconds(), h.curve());
            ExperimentFiles.write(done, result.toText());
            results.add(result);
            ran++;
            summarise(results, s, command, dir);
        }
        Path table = summarise(results, s, command, dir);
        out.println("experiment: " + results.size() + " of " + cells.size() + " cells done (" + (reportOnly
                ? "report only, none trained" : ran + " now, " + skipped + " before") + "); " + table);
        return new Summary(results, ran, skipped, table);
    }

    /** A cell's training settings: the command's, with the cell's model, seed and run folder. */
    static Settings cellSettings(Settings s, Cell cell, ModelSpec base, Path cellDir) {
        Settings c = new Settings(LocalRun.COMMAND, LocalRun.KEYS);
        for (KeyGroup g : LocalRun.KEYS) {
            for (Key<?> k : g.keys()) {
                if (s.has(k) && !s.source(k).equals("default")) {
                    c.set(k.name(), s.text(k), s.source(k));
                }
            }
        }
        c.set(TrainKeys.MODEL.name(), cell.spec(base).toString(), "experiment cell " + cell.id());
        c.set(DataKeys.SEED.name(), Long.toString(cell.seed()), "experiment cell " + cell.id());
        c.set(CommonKeys.OUT.name(), cellDir.toString(), "experiment cell " + cell.id());
        c.set(TrainKeys.RESUME.name(), Boolean.toString(Files.exists(cellDir.resolve("run.properties"))),
                "experiment: resume a started cell");
        if (s.source(TrainKeys.CHECKPOINT_EVERY).equals("default")) {
            c.set(TrainKeys.CHECKPOINT_EVERY.name(), DEFAULT_CHECKPOINT_EVERY, "experiment");
        }
        return c;
    }

    /** The budget: every key that defines a run, but the model's architecture, scaling and seed and the data seed. */
    private static Map<String, String> budget(Settings s) {
        Map<String, String> b = new TreeMap<>(s.runDefining());
        b.remove(DataKeys.SEED.name());
        ModelSpec m = TrainRecipe.spec(s);
        b.put(TrainKeys.MODEL.name(), "input=" + m.channels() + "x" + m.height() + "x" + m.width() + ",classes="
                + m.classes() + ",width=" + m.baseWidth() + ",activation=" + m.activation() + ",quantizers="
                + m.inputQuantizer() + "/" + m.kernelQuantizer() + ",binary_downsample=" + m.binaryDownsample());
        return b;
    }

    private static void checkBudget(Settings s, Path dir) throws IOException {
        Map<String, String> now = budget(s);
        Path file = dir.resolve(BUDGET_FILE);
        if (Files.exists(file)) {
            Properties p = new Properties();
            p.load(new StringReader(Files.readString(file, StandardCharsets.UTF_8)));
            List<String> diff = new ArrayList<>();
            for (String k : now.keySet()) {
                if (!now.get(k).equals(p.getProperty(k))) {
                    diff.add("key '" + k + "' was '" + p.getProperty(k) + "', now '" + now.get(k) + "'");
                }
            }
            if (!diff.isEmpty()) {
                throw new RunFolderException("--out " + dir + " holds a grid at another budget (" + file + "): "
                        + String.join("; ", diff) + "; give another --out, or the same keys to continue it");
            }
            return;
        }
        if (Files.exists(dir) && !Files.isDirectory(dir)) {
            throw new RunFolderException("--out " + dir + " is a file; expected the folder of a grid");
        }
        if (Files.isDirectory(dir)) {
            try (var entries = Files.list(dir)) {
                if (entries.findAny().isPresent()) {
                    throw new RunFolderException("--out " + dir + " holds files but no " + BUDGET_FILE + ": not a grid"
                            + " of ours; give an empty or new folder");
                }
            }
        }
        Files.createDirectories(dir);
        Properties p = new Properties();
        p.putAll(now);
        StringWriter w = new StringWriter();
        p.store(w, "the budget every cell of this grid trains at");
        ExperimentFiles.write(file, w.toString());
    }

    private static Path summarise(List<CellResult> results, Settings s, String command, Path dir) throws IOException {
        ResultsTable table = new ResultsTable(results);
        Map<String, String> b = budget(s);
        ExperimentFiles.write(dir.resolve("results.csv"), table.csv());
        Path md = dir.resolve("results.md");
        ExperimentFiles.write(md, table.markdown(b.toString(), command));
        if (!results.isEmpty()) {
            Plots.write(table, dir);
        }
        Map<CellResult, List<ReconstructionStudy.LayerError>> errors = new java.util.LinkedHashMap<>();
        org.xnornet.data.ArrayDataset test = null;
        for (CellResult r : results) {
            if (!r.cell().variant().equals(Grid.FLOAT)) {
                Path cellDir = dir.resolve("runs").resolve(r.cell().id());
                if (test == null && !Files.exists(cellDir.resolve(Reconstruction.FILE))) {
                    test = LocalRun.data(s, TrainRecipe.spec(s))[1]; // only when a cell's study is still to be made
                }
                errors.put(r, Reconstruction.of(r, cellDir, test));
            }
        }
        if (!errors.isEmpty()) {
            ExperimentFiles.write(dir.resolve("reconstruction.md"), Reconstruction.markdown(errors));
            Plots.reconstruction(Reconstruction.stats(errors), dir);
        }
        return md;
    }
}
