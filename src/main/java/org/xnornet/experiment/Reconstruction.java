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
 * analytic K·α (mean over seeds), in {@code reconstruction.md}.
 */
final class Reconstruction {
    static final String FILE = "reconstruction.csv";
    static final int IMAGES = 500;

    private Reconstruction() {
    }

    /** The cell's layer errors, measured now if its folder has none yet. */
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

    /** Per architecture and variant, each layer's errors averaged over the seeds, as Markdown tables. */
    static String markdown(Map<CellResult, List<ReconstructionStudy.LayerError>> cells) {
        Map<String, Map<String, Map<String, double[]>>> sums = new LinkedHashMap<>(); // arch → variant → layer → sums
        for (var e : cells.entrySet()) {
            String arch = e.getKey().cell().arch().name().toLowerCase(Locale.ROOT);
            String variant = e.getKey().cell().variant();
            for (ReconstructionStudy.LayerError l : e.getValue()) {
                double[] acc = sums.computeIfAbsent(arch, k -> new LinkedHashMap<>())
                        .computeIfAbsent(variant, k -> new LinkedHashMap<>())
                        .computeIfAbsent(l.layer(), k -> new double[3]);
                acc[0] += l.own();
                acc[1] += l.analytic();
                acc[2]++;
            }
        }
        StringBuilder b = new StringBuilder("Relative L1 error Σ|real − binary| / Σ|real| of each binary layer on the "
                + "first " + IMAGES + " test images (mean over seeds): the real-valued convolution of the layer's "
                + "inputs with its latent weights against sign(x) ⊛ sign(W) scaled by the network's own trained "
                + "scaling, and by XNOR-Net's analytic K·α from the same weights and inputs.\n");
        sums.forEach((arch, variants) -> {
            b.append("\n### ").append(arch).append("\n\n| variant | layer | own scaling | analytic K·α |\n|---|---|---|---|\n");
            variants.forEach((variant, layers) -> layers.forEach((layer, acc) -> b.append(String.format(Locale.ROOT,
                    "| %s | %s | %.4f | %.4f |%n", variant, layer, acc[0] / acc[2], acc[1] / acc[2]))));
        });
        return b.toString();
    }
}
