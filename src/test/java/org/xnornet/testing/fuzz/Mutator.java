package org.xnornet.testing.fuzz;

import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Seeded byte mutations in the style of AFL's havoc stage: one to eight stacked edits of a seed, each a bit
 * flip, an interesting byte, a boundary 2- or 4-byte integer (both byte orders) or a huge varint, an inserted,
 * deleted or duplicated range, a truncation, a splice with another seed, or a token. Positions favour the first
 * and last few hundred bytes, where headers and footers (image headers, Parquet footers) live. The same random
 * state gives the same input, so a finding is reproduced from its seed and iteration.
 */
final class Mutator {
    private static final int[] BYTES = {0, 1, 0x7F, 0x80, 0xFF, 0xFE, 0x10, 0x40};
    private static final int[] SHORTS = {0, 1, 2, 0x7FFF, 0x8000, 0xFFFF, 0xFFFE, 0x100};
    private static final int[] INTS = {0, 1, -1, Integer.MAX_VALUE, Integer.MIN_VALUE, 0x7FFFFFF0, 1 << 24,
        1 << 30, 65536, 255};
    private static final byte[][] VARINTS = {
        {(byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, 0x07}, // 2^31 - 1
        {(byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, 0x0F}, // 2^32 - 1 (zigzag: -2^31)
        {(byte) 0x80, (byte) 0x80, (byte) 0x80, (byte) 0x80, 0x04}, // 2^30
        {(byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF,
            (byte) 0xFF, 0x01}, // -1 as a 64-bit varint
    };
    private static final int OPS = 11;
    private final List<byte[]> seeds;
    private final List<byte[]> tokens;

    Mutator(List<byte[]> seeds, List<byte[]> tokens) {
        this.seeds = seeds;
        this.tokens = tokens;
    }

    /** A mutant of a seed picked by {@code rng}. */
    byte[] next(SplittableRandom rng) {
        byte[] b = seeds.get(rng.nextInt(seeds.size())).clone();
        int edits = 1 << rng.nextInt(4);
        for (int e = 0; e < edits; e++) {
            b = edit(b, rng);
        }
        return b;
    }

    private byte[] edit(byte[] b, SplittableRandom rng) {
        if (b.length == 0) {
            return insert(b, 0, random(rng, 1 + rng.nextInt(8)));
        }
        int p = position(b.length, rng);
        switch (rng.nextInt(tokens.isEmpty() ? OPS - 1 : OPS)) {
            case 0 -> b[p] ^= (byte) (1 << rng.nextInt(8));
            case 1 -> b[p] = (byte) BYTES[rng.nextInt(BYTES.length)];
            case 2 -> put(b, p, SHORTS[rng.nextInt(SHORTS.length)], 2, rng.nextBoolean());
            case 3 -> put(b, p, rng.nextInt(3) == 0 ? rng.nextInt() : INTS[rng.nextInt(INTS.length)], 4,
                    rng.nextBoolean());
            case 4 -> b = overwrite(b, p, VARINTS[rng.nextInt(VARINTS.length)]);
            case 5 -> b = insert(b, p, random(rng, 1 + rng.nextInt(16)));
            case 6 -> b = delete(b, p, 1 + rng.nextInt(Math.min(64, b.length - p)));
            case 7 -> b = insert(b, position(b.length, rng),
                    Arrays.copyOfRange(b, p, Math.min(b.length, p + 1 + rng.nextInt(64))));
            case 8 -> b = Arrays.copyOf(b, p);
            case 9 -> b = splice(b, seeds.get(rng.nextInt(seeds.size())), p, rng);
            default -> {
                byte[] token = tokens.get(rng.nextInt(tokens.size()));
                b = rng.nextBoolean() ? insert(b, p, token) : overwrite(b, p, token);
            }
        }
        return b;
    }

    /** A third of positions in the first 256 bytes, a third in the last 512, a third anywhere. */
    private static int position(int length, SplittableRandom rng) {
        return switch (rng.nextInt(3)) {
            case 0 -> rng.nextInt(Math.min(length, 256));
            case 1 -> length - 1 - rng.nextInt(Math.min(length, 512));
            default -> rng.nextInt(length);
        };
    }

    private static void put(byte[] b, int p, int value, int width, boolean bigEndian) {
        for (int i = 0; i < width && p + i < b.length; i++) {
            int shift = 8 * (bigEndian ? width - 1 - i : i);
            b[p + i] = (byte) (value >>> shift);
        }
    }

    private static byte[] overwrite(byte[] b, int p, byte[] with) {
        byte[] out = b.length >= p + with.length ? b : Arrays.copyOf(b, p + with.length);
        System.arraycopy(with, 0, out, p, with.length);
        return out;
    }

    private static byte[] insert(byte[] b, int p, byte[] with) {
        byte[] out = new byte[b.length + with.length];
        System.arraycopy(b, 0, out, 0, p);
        System.arraycopy(with, 0, out, p, with.length);
        System.arraycopy(b, p, out, p + with.length, b.length - p);
        return out;
    }

    private static byte[] delete(byte[] b, int p, int n) {
        byte[] out = new byte[b.length - n];
        System.arraycopy(b, 0, out, 0, p);
        System.arraycopy(b, p + n, out, p, b.length - p - n);
        return out;
    }

    /** The first {@code p} bytes of {@code a}, then {@code other} from a random point on. */
    private static byte[] splice(byte[] a, byte[] other, int p, SplittableRandom rng) {
        int from = other.length == 0 ? 0 : rng.nextInt(other.length);
        byte[] out = Arrays.copyOf(a, p + other.length - from);
        System.arraycopy(other, from, out, p, other.length - from);
        return out;
    }

    private static byte[] random(SplittableRandom rng, int n) {
        byte[] out = new byte[n];
        rng.nextBytes(out);
        return out;
    }
}
