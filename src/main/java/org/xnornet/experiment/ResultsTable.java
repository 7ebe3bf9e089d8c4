package org.xnornet.experiment;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The grid's results: every run's numbers (CSV), and per architecture and variant the mean ± sample standard
 * deviation of the test top-1 over seeds with each seed's number (Markdown).
 */
public final class ResultsTable {
    /** One architecture × variant over its seeds. */
    public record Row(String arch, String variant, List<CellResult> runs) {
        /** The test top-1 over the seeds. */
        public SeedStats top1() {
            return SeedStats.of(runs.stream().mapToDouble(CellResult::top1).toArray());
        }

        public double mean() {
            return top1().mean();
        }

        /** Sample standard deviation (n − 1); 0 for a single run. */
        public double std() {
            return top1().std();
        }
    }

    private final List<Row> rows;

    public ResultsTable(List<CellResult> results) {
        Map<String, Row> m = new LinkedHashMap<>();
        for (CellResult r : results) {
            String arch = r.cell().arch().name().toLowerCase(Locale.ROOT);
            m.computeIfAbsent(arch + "/" + r.cell().variant(), k -> new Row(arch, r.cell().variant(),
                    new ArrayList<>())).runs().add(r);
        }
        List<String> archs = m.values().stream().map(Row::arch).distinct().toList();
        List<Row> sorted = new ArrayList<>(m.values());
        sorted.sort(java.util.Comparator.<Row>comparingInt(r -> archs.indexOf(r.arch()))
                .thenComparingInt(r -> Grid.ALL_VARIANTS.indexOf(r.variant())));
        this.rows = sorted;
    }

    public List<Row> rows() {
        return rows;
    }

    public String csv() {
        StringBuilder b = new StringBuilder(
                "arch,variant,seed,test_top1,test_top5,test_loss,iterations,train_seconds\n");
        for (Row row : rows) {
            for (CellResult r : row.runs()) {
                b.append(String.format(Locale.ROOT, "%s,%s,%d,%.4f,%.4f,%.4f,%d,%.1f%n", row.arch(), row.variant(),
                        r.cell().seed(), r.top1(), r.top5(), r.loss(), r.iterations(), r.seconds()));
            }
        }
        return b.toString();
    }

    /** The summary in Markdown, headed by the budget and the command that reproduces it. */
    public String markdown(String budget, String command) {
        StringBuilder b = new StringBuilder();
        b.append("Budget: ").append(budget).append("\n\nCommand: `").append(command).append("`\n\n");
        b.append("| architecture | variant | runs | test top-1, mean ± std | each seed |\n|---|---|---|---|---|\n");
        for (Row row : rows) {
            List<String> each = new ArrayList<>();
            for (CellResult r : row.runs()) {
                each.add(String.format(Locale.ROOT, "%.2f (seed %d)", 100 * r.top1(), r.cell().seed()));
            }
            b.append(String.format(Locale.ROOT, "| %s | %s | %d | %s | %s |%n", row.arch(), row.variant(),
                    row.runs().size(), row.top1().text(100, 2), String.join(", ", each)));
        }
        b.append(comparisons());
        return b.toString();
    }

    /**
     * Per architecture, the two questions in words: does the best learned Γ beat XNOR-Net's analytic scaling
     * by more than the seed spread (their mean ± std intervals apart), and is the best binary variant within 3 points
     * of the full-precision twin.
     */
    String comparisons() {
        StringBuilder b = new StringBuilder();
        for (String arch : rows.stream().map(Row::arch).distinct().toList()) {
            List<Row> of = rows.stream().filter(r -> r.arch().equals(arch)).toList();
            Row xnor = find(of, "xnor");
            Row twin = find(of, Grid.FLOAT);
            Row gamma = best(of.stream().filter(r -> r.variant().startsWith("gamma")).toList());
            Row binary = best(of.stream().filter(r -> !r.variant().equals(Grid.FLOAT)).toList());
            List<String> lines = new ArrayList<>();
            if (gamma != null && xnor != null) {
                SeedStats g = gamma.top1();
                SeedStats x = xnor.top1();
                String verdict = g.n() < 2 || x.n() < 2 ? "fewer than two seeds on a side: no spread measured yet"
                        : g.clearlyAbove(x) ? "beyond the seed spread (the mean ± std intervals do not overlap)"
                        : "within the seed spread (the mean ± std intervals overlap)";
                lines.add(String.format(Locale.ROOT, "best learned Γ, %s, %s against XNOR-Net's analytic scaling %s: "
                        + "%+.2f points, %s", gamma.variant(), points(g), points(x), 100 * (g.mean() - x.mean()),
                        verdict));
            }
            if (binary != null && twin != null) {
                double gap = 100 * (twin.mean() - binary.mean());
                lines.add(String.format(Locale.ROOT, "best binary variant, %s, %s against the full-precision twin %s: "
                        + "%.2f points below it, %s", binary.variant(), points(binary.top1()), points(twin.top1()),
                        gap, gap <= 3 ? "within 3 points" : "more than 3 points"));
            }
            if (!lines.isEmpty()) {
                b.append("\n").append(arch).append(" (mean test top-1 over seeds):\n\n");
                lines.forEach(l -> b.append("- ").append(l).append(".\n"));
            }
        }
        return b.toString();
    }

    private static Row find(List<Row> rows, String variant) {
        return rows.stream().filter(r -> r.variant().equals(variant)).findFirst().orElse(null);
    }

    private static Row best(List<Row> rows) {
        return rows.stream().max(java.util.Comparator.comparingDouble(Row::mean)).orElse(null);
    }

    private static String points(SeedStats s) {
        return String.format(Locale.ROOT, "%s (%d seed%s)", s.text(100, 2), s.n(), s.n() == 1 ? "" : "s");
    }
}
