package org.xnornet.spark;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.logging.Logger;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.Path;

/**
 * Per-iteration and per-epoch metrics as JSON lines beside the checkpoints (flushed line by line, so a killed
 * driver loses at most the line in flight) and in the log; a resumed run writes its own file.
 */
final class MetricsLog implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(MetricsLog.class.getName());
    private final OutputStream out;

    private MetricsLog(OutputStream out) {
        this.out = out;
    }

    /** Opens {@code <dir>/metrics.jsonl}, or {@code metrics-from-<round>.jsonl} when resuming; null dir: log only. */
    static MetricsLog open(String dir, long fromRound, Configuration conf) throws IOException {
        if (dir == null || dir.isEmpty()) {
            return new MetricsLog(null);
        }
        Path p = new Path(dir, fromRound == 0 ? "metrics.jsonl" : "metrics-from-" + fromRound + ".jsonl");
        return new MetricsLog(p.getFileSystem(conf).create(p, true));
    }

    void write(String json, boolean log) {
        if (log) {
            LOG.info(json);
        }
        if (out == null) {
            return;
        }
        try {
            out.write((json + "\n").getBytes(StandardCharsets.UTF_8));
            if (out instanceof FSDataOutputStream f) {
                f.hflush();
            } else {
                out.flush();
            }
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("cannot write metrics", e);
        }
    }

    static String format(String fmt, Object... args) {
        return String.format(Locale.ROOT, fmt, args);
    }

    @Override
    public void close() throws IOException {
        if (out != null) {
            out.close();
        }
    }
}
