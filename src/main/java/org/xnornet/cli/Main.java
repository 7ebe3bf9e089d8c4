package org.xnornet.cli;

import java.util.Arrays;

/**
 * The one entry point: {@code xnornet <command> [options]}. Commands: {@code train-local} (the engine's
 * local trainer) and {@code bench} (kernel and model benchmarks).
 */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) {
        try {
            System.exit(run(args));
        } catch (IllegalArgumentException | org.xnornet.data.parquet.ImageDataException e) {
            System.err.println("error: " + e.getMessage());
            System.exit(2);
        }
    }

    static int run(String[] args) {
        if (args.length == 0 || args[0].equals("help") || args[0].equals("--help")) {
            System.out.println(usage());
            return args.length == 0 ? 2 : 0;
        }
        String[] rest = Arrays.copyOfRange(args, 1, args.length);
        switch (args[0]) {
            case "train-local":
                return TrainLocalCommand.run(rest);
            case "bench":
                return BenchCommand.run(rest);
            case "convert":
                return ConvertCommand.run(rest);
            case "train":
                try {
                    return TrainCommand.run(rest);
                } catch (IllegalArgumentException | IllegalStateException | org.xnornet.data.parquet.ImageDataException e) {
                    throw e;
                } catch (Exception e) {
                    throw new IllegalStateException("train failed: " + e.getMessage(), e);
                }
            default:
                throw new IllegalArgumentException("unknown command '" + args[0] + "'\n" + usage());
        }
    }

    static String usage() {
        return String.join("\n",
                "usage: xnornet <command> [options]",
                "  train         distributed training on Spark: " + TrainCommand.SUMMARY,
                "  train-local   train a model in this process (engine only)",
                "                " + TrainLocalCommand.SUMMARY,
                "  bench         benchmarks: " + BenchCommand.SUMMARY,
                "  convert       image datasets to Parquet (a Spark job): " + ConvertCommand.SUMMARY);
    }
}
