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
        public double mean() {
            return runs.stream().mapToDouble(CellResult::top1).average().orElse(Double.NaN);
        }

        /** Sample standard deviation (n − 1); 0 for a single run. */
        public double std() {
            int n = runs.size();
            if (n < 2) {
                return 0;
            }
            double m = mean();
            double ss = runs.stream().mapToDouble(r -> (r.top1() - m) * (r.top1() - m)).sum();
            return Math.sqrt(ss / (n - 1));
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
        StringBuilder b = new StringBuilder("arch,variant,seed,test_top1,test_top5,test_loss,iterations,seconds\n");
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
            b.append(String.format(Locale.ROOT, "| %s | %s | %d | %.2f ± %.2f | %s |%n", row.arch(), row.variant(),
                    row.runs().size(), 100 * row.mean(), 100 * row.std(), String.join(", ", each)));
        }
        return b.toString();
    }
}
