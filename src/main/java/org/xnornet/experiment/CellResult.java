package org.xnornet.experiment;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A finished cell: its final test metrics, iterations, training time (the iterations' own seconds, summed over every
 * sitting of a resumed run), and per epoch the mean training loss and the test top-1, the last two read from the
 * run's metrics*.jsonl ({@link #history}). Stored as the cell folder's {@code result.properties}, written last, so a
 * cell with that file is done.
 */
public record CellResult(Cell cell, double top1, double top5, double loss, int iterations, double seconds,
                         List<Epoch> curve) {
    public static final String FILE = "result.properties";
    /** A sitting's metrics file (RunFolder#newMetricsFile): its first iteration, and k for a later one from there. */
    private static final Pattern METRICS_FILE = Pattern.compile("metrics(?:-from-(\\d+))?(?:\\.(\\d+))?\\.jsonl");

    /** One epoch of a run: mean training loss over its iterations and the test top-1 after it. */
    public record Epoch(int epoch, double trainLoss, double testTop1) {
    }

    /** What a run folder's metrics say of the run: its curve, and the seconds its counted iterations took. */
    public record History(List<Epoch> curve, double trainSeconds) {
    }

    /** This result with the curve and training time of {@code h}. */
    public CellResult with(History h) {
        return new CellResult(cell, top1, top5, loss, iterations, h.trainSeconds(), h.curve());
    }

    /**
     * The per-epoch curve of the run folder {@code dir} and the seconds of the iterations it counts (each iteration
     * once, as the curve counts it; evaluations excluded), from its metrics files in the order of their sittings
     * ({@code metrics.jsonl} from iteration 0, {@code metrics-from-N.jsonl} from iteration N, and
     * {@code metrics-from-N.k.jsonl} for the k-th later sitting that resumed from the same checkpoint). A sitting's
     * lines past the iteration the next sitting resumed from were done again by that sitting, so they are left out,
     * and so is the last line of an interrupted sitting if the interruption cut it short; a bad line anywhere else is
     * refused, naming its file and line.
     */
    public static History history(Path dir) throws IOException {
        ObjectMapper json = new ObjectMapper();
        TreeMap<Integer, double[]> byEpoch = new TreeMap<>(); // loss sum, iterations, test top-1
        double seconds = 0;
        TreeMap<long[], Path> sittings = new TreeMap<>(java.util.Arrays::compare); // {first iteration, k}
        try (Stream<Path> all = Files.list(dir)) {
            for (Path p : all.toList()) {
                Matcher m = METRICS_FILE.matcher(p.getFileName().toString());
                if (m.matches()) {
                    sittings.put(new long[] {m.group(1) == null ? 0L : Long.parseLong(m.group(1)),
                        m.group(2) == null ? 0L : Long.parseLong(m.group(2))}, p);
                }
            }
        }
        List<Map.Entry<long[], Path>> ordered = new ArrayList<>(sittings.entrySet());
        for (int i = 0; i < ordered.size(); i++) {
            Path f = ordered.get(i).getValue();
            long resumedAt = i + 1 < ordered.size() ? ordered.get(i + 1).getKey()[0] : Long.MAX_VALUE;
            List<String> lines = Files.readAllLines(f);
            for (int j = 0; j < lines.size(); j++) {
                if (lines.get(j).isBlank()) {
                    continue;
                }
                JsonNode n;
                try {
                    n = json.readTree(lines.get(j));
                } catch (JsonProcessingException e) {
                    if (j == lines.size() - 1 && resumedAt != Long.MAX_VALUE) {
                        break;
                    }
                    throw new IOException(f + " line " + (j + 1) + " is not a metrics line: " + e.getOriginalMessage());
                }
                boolean evaluation = n.path("type").asText().equals("evaluation");
                long it = n.path("iteration").asLong(); // an iteration's index, or the iterations an evaluation followed
                if (evaluation ? it > resumedAt : it >= resumedAt) {
                    continue;
                }
                double[] e = byEpoch.computeIfAbsent(n.path("epoch").asInt(), k -> new double[] {0, 0, Double.NaN});
                if (n.path("type").asText().equals("iteration")) {
                    e[0] += n.path("loss").asDouble();
                    e[1]++;
                    seconds += n.path("seconds").asDouble();
                } else if (evaluation) {
                    e[2] = n.path("top1").asDouble();
                }
            }
        }
        List<Epoch> out = new ArrayList<>();
        byEpoch.forEach((k, e) -> out.add(new Epoch(k, e[1] == 0 ? Double.NaN : e[0] / e[1], e[2])));
        return new History(out, seconds);
    }

    String toText() throws IOException {
        Properties p = new Properties();
        p.setProperty("cell", cell.id());
        p.setProperty("test.top1", Double.toString(top1));
        p.setProperty("test.top5", Double.toString(top5));
        p.setProperty("test.loss", Double.toString(loss));
        p.setProperty("iterations", Integer.toString(iterations));
        p.setProperty("seconds", String.format(Locale.ROOT, "%.1f", seconds));
        for (Epoch e : curve) {
            p.setProperty("epoch." + e.epoch(), e.trainLoss() + "," + e.testTop1());
        }
        StringWriter w = new StringWriter();
        p.store(w, "experiment cell result");
        return w.toString();
    }

    static CellResult parse(Cell cell, String text, String source) {
        Properties p = new Properties();
        try (Reader r = new StringReader(text)) {
            p.load(r);
            TreeMap<Integer, Epoch> curve = new TreeMap<>();
            for (String k : p.stringPropertyNames()) {
                if (k.startsWith("epoch.")) {
                    int epoch = Integer.parseInt(k.substring("epoch.".length()));
                    String[] v = p.getProperty(k).split(",");
                    curve.put(epoch, new Epoch(epoch, Double.parseDouble(v[0]), Double.parseDouble(v[1])));
                }
            }
            return new CellResult(cell, Double.parseDouble(p.getProperty("test.top1")),
                    Double.parseDouble(p.getProperty("test.top5")), Double.parseDouble(p.getProperty("test.loss")),
                    Integer.parseInt(p.getProperty("iterations")), Double.parseDouble(p.getProperty("seconds")),
                    new ArrayList<>(curve.values()));
        } catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException(source + " is not a cell result (test.top1, test.top5, test.loss, "
                    + "iterations, seconds, epoch.N): " + e.getMessage(), e);
        }
    }
}
