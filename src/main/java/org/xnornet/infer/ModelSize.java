package org.xnornet.infer;

import java.util.Locale;

/**
 * A packed model's size by part, each against the same values as float32: the binary layers' weight bits (stored as
 * exactly ⌈bits/8⌉ bytes per layer, so 32× smaller up to the last byte), the real layers' float32 parameters, the
 * folded output stages (Γ, BN terms, PReLU slopes and sign thresholds, against the float32 parameters they replace),
 * and the header, section table and checksum; the total against the float32 model (every parameter but optimiser
 * state).
 */
public record ModelSize(int binaryLayers, long binaryBytes, long binaryFloat32Bytes, long realBytes, long stageBytes,
                        long stageFloat32Bytes, long headerBytes, long totalBytes, long float32Bytes) {

    static ModelSize of(PackedModelFile.Contents c, long fileBytes, long binaryBits, long float32Bytes) {
        int layers = 0;
        long binary = 0;
        long real = 0;
        long stage = 0;
        for (PackedModelFile.Section s : c.sections()) {
            switch (s.kind()) {
                case BINARY -> {
                    layers++;
                    binary += s.body().length;
                }
                case REAL -> real += s.body().length;
                default -> stage += s.body().length;
            }
        }
        long binaryFloat = 4 * binaryBits;
        return new ModelSize(layers, binary, binaryFloat, real, stage, float32Bytes - binaryFloat - real,
                fileBytes - binary - real - stage, fileBytes, float32Bytes);
    }

    /** float32 bytes over packed bytes of the binary layers' weights (32 when every layer's bits fill whole bytes). */
    public double binaryRatio() {
        return binaryBytes == 0 ? 0 : (double) binaryFloat32Bytes / binaryBytes;
    }

    /** The float32 model's bytes over the packed file's. */
    public double totalRatio() {
        return (double) float32Bytes / totalBytes;
    }

    /** The report as a table: part, packed bytes, float32 bytes, ratio. */
    public String table() {
        StringBuilder b = new StringBuilder(String.format(Locale.ROOT, "%-32s %14s %14s %8s%n", "part", "packed bytes",
                "float32 bytes", "ratio"));
        row(b, "binary layers (" + binaryLayers + ", weight bits)", binaryBytes, binaryFloat32Bytes);
        row(b, "real layers (float32)", realBytes, realBytes);
        row(b, "folded stages", stageBytes, stageFloat32Bytes);
        row(b, "header, table, checksum", headerBytes, 0);
        row(b, "total", totalBytes, float32Bytes);
        return b.toString();
    }

    private static void row(StringBuilder b, String part, long packed, long float32) {
        b.append(String.format(Locale.ROOT, "%-32s %,14d %14s %8s%n", part, packed, float32 == 0 ? "" : String.format(
                Locale.ROOT, "%,d", float32), packed == 0 || float32 == 0 ? "" : String.format(Locale.ROOT, "%.2fx",
                (double) float32 / packed)));
    }

    @Override
    public String toString() {
        return table();
    }
}
