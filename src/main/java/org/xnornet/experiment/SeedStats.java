package org.xnornet.experiment;

/**
 * A number over a grid's seeds: the mean, the sample standard deviation (n − 1; 0 for one value) and the count. The
 * one place the grid's tables, plots and comparisons take their spread from.
 */
public record SeedStats(double mean, double std, int n) {
    public static SeedStats of(double... values) {
        int n = values.length;
        if (n == 0) {
            return new SeedStats(Double.NaN, Double.NaN, 0);
        }
        double sum = 0;
        for (double v : values) {
            sum += v;
        }
        double mean = sum / n;
        if (n < 2) {
            return new SeedStats(mean, 0, n);
        }
        double ss = 0;
        for (double v : values) {
            ss += (v - mean) * (v - mean);
        }
        return new SeedStats(mean, Math.sqrt(ss / (n - 1)), n);
    }

    /**
     * The mean and spread for a table, scaled and with {@code digits} decimals: "m ± s", or the mean alone for one
     * seed, which has no spread (a "± 0.00" would claim one).
     */
    public String text(double scale, int digits) {
        String f = "%." + digits + "f";
        return n < 2 ? String.format(java.util.Locale.ROOT, f, scale * mean)
                : String.format(java.util.Locale.ROOT, f + " ± " + f, scale * mean, scale * std);
    }

    /** Whether this interval mean ± std lies wholly above {@code other}'s: a difference beyond the seed spread. */
    public boolean clearlyAbove(SeedStats other) {
        return n > 1 && other.n > 1 && mean - std > other.mean + other.std;
    }
}
