package org.xnornet.experiment;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.renderer.category.StatisticalBarRenderer;
import org.jfree.chart.renderer.category.StatisticalLineAndShapeRenderer;
import org.jfree.data.statistics.DefaultStatisticalCategoryDataset;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/**
 * The grid's PNG plots, drawn headless with JFreeChart: test top-1 per variant, a point with ±1 std error bars over
 * seeds per architecture, and per architecture the mean over seeds of the test top-1 and of the training
 * loss per epoch, one line per variant; and the reconstruction-error study per binary layer. Each file is written
 * beside its target and moved into place.
 */
public final class Plots {
    private static final int WIDTH = 900;
    private static final int HEIGHT = 520;

    private Plots() {
    }

    /** Writes accuracy.png and, per architecture, curves-&lt;arch&gt;-test.png and curves-&lt;arch&gt;-loss.png. */
    public static List<Path> write(ResultsTable table, Path dir) throws IOException {
        System.setProperty("java.awt.headless", "true");
        List<Path> out = new ArrayList<>();
        DefaultStatisticalCategoryDataset bars = new DefaultStatisticalCategoryDataset();
        for (ResultsTable.Row r : table.rows()) {
            bars.add(100 * r.mean(), 100 * r.std(), r.arch(), r.variant());
        }
        JFreeChart accuracy = ChartFactory.createLineChart("Test top-1 per variant (mean ± std over seeds)",
                "variant", "test top-1 (%)", bars);
        CategoryPlot plot = (CategoryPlot) accuracy.getPlot();
        // points with error bars, not bars: the axis spans the results, so differences of a point are visible
        StatisticalLineAndShapeRenderer renderer = new StatisticalLineAndShapeRenderer(false, true);
        renderer.setErrorIndicatorPaint(java.awt.Color.BLACK);
        renderer.setDefaultShape(new java.awt.geom.Ellipse2D.Double(-5, -5, 10, 10));
        renderer.setAutoPopulateSeriesShape(false);
        renderer.setUseSeriesOffset(true); // architectures side by side within a variant
        renderer.setItemMargin(0.3);
        plot.setRenderer(renderer);
        ((org.jfree.chart.axis.NumberAxis) plot.getRangeAxis()).setAutoRangeIncludesZero(false);
        out.add(save(accuracy, dir.resolve("accuracy.png")));
        Map<String, List<ResultsTable.Row>> byArch = new LinkedHashMap<>();
        table.rows().forEach(r -> byArch.computeIfAbsent(r.arch(), k -> new ArrayList<>()).add(r));
        for (var e : byArch.entrySet()) {
            out.add(save(curves(e.getKey() + ": test top-1 per epoch (mean over seeds)", "test top-1 (%)",
                    e.getValue(), ep -> 100 * ep.testTop1()), dir.resolve("curves-" + e.getKey() + "-test.png")));
            out.add(save(curves(e.getKey() + ": training loss per epoch (mean over seeds)", "training loss",
                    e.getValue(), CellResult.Epoch::trainLoss), dir.resolve("curves-" + e.getKey() + "-loss.png")));
        }
        return out;
    }

    /**
     * Per architecture, reconstruction-&lt;arch&gt;.png: each binary layer's relative L1 error (mean ± std over seeds)
     * with each scaled variant's own scaling. The unscaled variant {@code none} is left out (its errors are an order
     * of magnitude larger and would flatten the rest); its numbers are in reconstruction.md.
     */
    static List<Path> reconstruction(Map<String, Map<String, List<Reconstruction.LayerStats>>> stats, Path dir)
            throws IOException {
        System.setProperty("java.awt.headless", "true");
        List<Path> out = new ArrayList<>();
        for (var arch : stats.entrySet()) {
            DefaultStatisticalCategoryDataset bars = new DefaultStatisticalCategoryDataset();
            arch.getValue().forEach((variant, layers) -> {
                if (!variant.equals("none")) {
                    layers.forEach(l -> bars.add(l.own().mean(), l.own().std(), variant, l.layer()));
                }
            });
            if (bars.getRowCount() == 0) {
                continue;
            }
            JFreeChart chart = ChartFactory.createBarChart(arch.getKey() + ": reconstruction error per binary layer "
                    + "(own scaling, mean ± std over seeds)", "layer", "relative L1 error", bars);
            CategoryPlot plot = (CategoryPlot) chart.getPlot();
            StatisticalBarRenderer renderer = new StatisticalBarRenderer();
            renderer.setErrorIndicatorPaint(java.awt.Color.BLACK);
            plot.setRenderer(renderer);
            plot.getDomainAxis().setCategoryLabelPositions(org.jfree.chart.axis.CategoryLabelPositions.UP_45);
            out.add(save(chart, dir.resolve("reconstruction-" + arch.getKey() + ".png")));
        }
        return out;
    }

    private static JFreeChart curves(String title, String axis, List<ResultsTable.Row> rows,
            ToDoubleFunction<CellResult.Epoch> value) {
        XYSeriesCollection lines = new XYSeriesCollection();
        for (ResultsTable.Row r : rows) {
            XYSeries s = new XYSeries(r.variant());
            Map<Integer, double[]> sums = new java.util.TreeMap<>();
            for (CellResult run : r.runs()) {
                for (CellResult.Epoch ep : run.curve()) {
                    double v = value.applyAsDouble(ep);
                    if (!Double.isNaN(v)) {
                        double[] acc = sums.computeIfAbsent(ep.epoch(), k -> new double[2]);
                        acc[0] += v;
                        acc[1]++;
                    }
                }
            }
            sums.forEach((epoch, acc) -> s.add(epoch + 1, acc[0] / acc[1]));
            lines.addSeries(s);
        }
        JFreeChart chart = ChartFactory.createXYLineChart(title, "epoch", axis, lines);
        chart.getXYPlot().getRangeAxis().setAutoRange(true);
        ((org.jfree.chart.axis.NumberAxis) chart.getXYPlot().getRangeAxis()).setAutoRangeIncludesZero(false);
        return chart;
    }

    private static Path save(JFreeChart chart, Path target) throws IOException {
        Path tmp = ExperimentFiles.temporary(target);
        ChartUtils.saveChartAsPNG(tmp.toFile(), chart, WIDTH, HEIGHT);
        ExperimentFiles.moveIntoPlace(tmp, target);
        return target;
    }
}
