package org.xnornet.experiment;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.xnornet.data.ArrayDataset;
import org.xnornet.data.Batch;
import org.xnornet.model.Network;
import org.xnornet.train.Checkpoint;
import org.xnornet.train.RunFolder;

/**
 * The reconstruction-error study over a grid's finished binary cells: each cell's {@link ReconstructionStudy} on the
 * first {@value #IMAGES} test images, computed once from its model.xnc into the cell's {@code reconstruction.csv},
 * and per architecture a table of every layer's relative L1 error with each variant's own scaling and with the
 * analytic K·α (mean ± std over seeds), in {@code reconstruction.md}, and its plot ({@link Plots#reconstruction}).
 */
final class Reconstruction {
    static final String FILE = "reconstruction.csv";
    static final int IMAGES = 500;

    private Reconstruction() {
    }

    /** The cell's layer errors, measured now on {@code test} if its folder has none yet (else test may be null). */
    static List<ReconstructionStudy.LayerError> of(CellResult r, Path cellDir, ArrayDataset test) throws IOException {
        Path file = cellDir.resolve(FILE);
        if (!Files.exists(file)) {
            Checkpoint c;
            Path model = cellDir.resolve(RunFolder.MODEL_PATH);
            try (InputStream in = Files.newInputStream(model)) {
                c = Checkpoint.read(in, model.toString());
            }
            Network net = Network.build(c.modelSpec());
            c.restoreModelInto(net, model.toString());
            int n = Math.min(IMAGES, test.size());
            int[] order = new int[n];
            for (int i = 0; i < n; i++) {
                order[i] = i;
            }
            ExperimentFiles.write(file, ReconstructionStudy.csv(ReconstructionStudy.measure(net,
                    Batch.gather(test, order, 0, n).images())));
        }
        List<ReconstructionStudy.LayerError> out = new ArrayList<>();
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        for (String line : lines.subList(1, lines.size())) {
            String[] f = line.split(",");
            out.add(new ReconstructionStudy.LayerError(f[0], f[1], Double.parseDouble(f[2]), Double.parseDouble(f[3]),
                    Double.parseDouble(f[4])));
        }
        return out;
    }

    /** One layer of one variant over the seeds: the error with the variant's own scaling and with K·α. */
    record LayerStats(String layer, SeedStats own, SeedStats analytic) {
    }

    /** Per architecture, variant and layer (in the cells' order), the errors over the seeds. */
    static Map<String, Map<String, List<LayerStats>>> stats(
            Map<CellResult, List<ReconstructionStudy.LayerError>> cells) {
        // arch → variant → layer → {own values, analytic values}
        Map<String, Map<String, Map<String, List<double[]>>>> values = new LinkedHashMap<>();
        for (var e : cells.entrySet()) {
            String arch = e.getKey().cell().arch().name().toLowerCase(Locale.ROOT);
            String variant = e.getKey().cell().variant();
            for (ReconstructionStudy.LayerError l : e.getValue()) {
                values.computeIfAbsent(arch, k -> new LinkedHashMap<>())
                        .computeIfAbsent(variant, k -> new LinkedHashMap<>())
                        .computeIfAbsent(l.layer(), k -> new ArrayList<>()).add(new double[] {l.own(), l.analytic()});
            }
        }
        Map<String, Map<String, List<LayerStats>>> out = new LinkedHashMap<>();
        values.forEach((arch, variants) -> variants.forEach((variant, layers) -> layers.forEach((layer, v) ->
                out.computeIfAbsent(arch, k -> new LinkedHashMap<>()).computeIfAbsent(variant, k -> new ArrayList<>())
                        .add(new LayerStats(layer, SeedStats.of(v.stream().mapToDouble(x -> x[0]).toArray()),
                                SeedStats.of(v.stream().mapToDouble(x -> x[1]).toArray()))))));
        return out;
    }

    /** Per architecture and variant, each layer's errors over the seeds (mean ± std), as Markdown tables. */
    static String markdown(Map<CellResult, List<ReconstructionStudy.LayerError>> cells) {
        StringBuilder b = new StringBuilder("Relative L1 error Σ|real − binary| / Σ|real| of each binary layer on the "
                + "first " + IMAGES + " test images (mean ± std over seeds): the real-valued convolution of the layer's "
                + "inputs with its latent weights against sign(x) ⊛ sign(W) scaled by the network's own trained "
                + "scaling, and by XNOR-Net's analytic K·α from the same weights and inputs. Plots: "
                + "reconstruction-<arch>.png.\n");
        stats(cells).forEach((arch, variants) -> {
            b.append("\n### ").append(arch)
                    .append("\n\n| variant | layer | seeds | own scaling | analytic K·α |\n|---|---|---|---|---|\n");
            variants.forEach((variant, layers) -> layers.forEach(l -> b.append(String.format(Locale.ROOT,
                    "| %s | %s | %d | %s | %s |%n", variant, l.layer(), l.own().n(), l.own().text(1, 4),
                    l.analytic().text(1, 4)))));
        });
        return b.toString();
    }
}
