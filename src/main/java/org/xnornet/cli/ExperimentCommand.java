package org.xnornet.cli;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import org.xnornet.experiment.ExperimentKeys;
import org.xnornet.experiment.ExperimentRunner;

/**
 * {@code experiment}: a grid of architectures × variants × seeds trained at one budget in this process, resumable
 * cell by cell, with results.md, results.csv and PNG plots in {@code --out} (docs/RESULTS.md).
 */
final class ExperimentCommand {
    static final String SUMMARY = "--out <dir> [--archs small_resnet,small_alexnet] [--variants none,xnor,gamma1,"
            + "...,float] [--seeds 0,1,2] [--report-only] [training keys: --data fashion-mnist --epochs N --batch N "
            + "--lr X ...]";

    private ExperimentCommand() {
    }

    static int run(String[] args) throws IOException {
        CommandOptions.Parsed p = CommandOptions.parse(ExperimentRunner.COMMAND, "Trains a grid of architectures, "
                + "scalings and seeds at one budget and tabulates and plots the results; restarted with the same "
                + "command, it skips the finished cells.", ExperimentRunner.KEYS, null, args, Map.of());
        if (p.help()) {
            return ExitCode.OK;
        }
        ExperimentRunner.run(p.settings(), "deploy/bin/xnornet experiment " + String.join(" ", reproducing(args)),
                System.out);
        return ExitCode.OK;
    }

    /** The arguments that reproduce the grid's cells: those given, without --report-only (which trains none). */
    static List<String> reproducing(String[] args) {
        return CommandOptions.without(args, ExperimentKeys.REPORT_ONLY);
    }
}
