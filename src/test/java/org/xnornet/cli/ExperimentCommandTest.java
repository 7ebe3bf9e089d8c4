package org.xnornet.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.xnornet.experiment.ExperimentKeys;

/** The command a grid's results.md names: the one given, without the report-only flag in any of its spellings. */
class ExperimentCommandTest {
    @Test
    void theReproducingCommandLeavesOutReportOnly() {
        List<String> grid = List.of("--out", "g", "--seeds", "0,1");
        assertEquals(grid, ExperimentCommand.reproducing(new String[] {"--report-only", "--out", "g", "--seeds",
            "0,1"}));
        assertEquals(grid, ExperimentCommand.reproducing(new String[] {"--out", "g", "--report-only", "true",
            "--seeds", "0,1"}));
        assertEquals(grid, ExperimentCommand.reproducing(new String[] {"--out", "g", "--seeds", "0,1",
            "--report-only=false"}));
        assertEquals(grid, ExperimentCommand.reproducing(grid.toArray(String[]::new)));
        // a boolean key alone before another option: the option is not its value
        assertEquals(grid, ExperimentCommand.reproducing(new String[] {"--out", "g", "--report-only", "--seeds",
            "0,1"}));
    }

    @Test
    void aKeyWithAValueLeavesWithItsValue() {
        List<String> out = List.of("--out", "g");
        assertEquals(out, CommandOptions.without(new String[] {"--seeds", "true", "--out", "g"}, ExperimentKeys.SEEDS));
        assertEquals(out, CommandOptions.without(new String[] {"--out", "g", "--seeds=0,1"}, ExperimentKeys.SEEDS));
        assertEquals(List.of("--out", "g", "--seeds"), CommandOptions.without(new String[] {"--out", "g", "--seeds"},
                ExperimentKeys.REPORT_ONLY));
    }
}
