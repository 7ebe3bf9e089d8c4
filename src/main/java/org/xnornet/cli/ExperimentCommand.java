package org.xnornet.cli;

import java.io.IOException;
import java.util.Map;
import org.xnornet.experiment.ExperimentRunner;

/**
 * {@code experiment}: a grid of architectures × variants × seeds trained at one budget in this process, resumable
 * cell by cell, with results.md, results.csv and PNG plots in {@code --out} (docs/RESULTS.md).
 */
final class ExperimentCommand {
    static final String SUMMARY = "--out <dir> [--archs small_resnet,small_alexnet] [--variants none,xnor,gamma1,"
            + "...,float] [--seeds 0,1,2] [training keys: --data fashion-mnist --epochs N --batch N --lr X ...]";

    private ExperimentCommand() {
    }

    static int run(String[] args) throws IOException {
        CommandOptions.Parsed p = CommandOptions.parse(ExperimentRunner.COMMAND, "Trains a grid of architectures, "
                + "scalings and seeds at one budget and tabulates and plots the results; restarted with the same "
                + "command, it skips the finished cells.", ExperimentRunner.KEYS, null, args, Map.of());
        if (p.help()) {
            return ExitCode.OK;
        }
        ExperimentRunner.run(p.settings(), "deploy/bin/xnornet experiment " + String.join(" ", args), System.out);
        return ExitCode.OK;
    }
}
