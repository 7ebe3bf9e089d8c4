package org.xnornet.train;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import org.apache.hadoop.fs.Syncable;

/**
 * One JSON object per iteration and per epoch evaluation, for plotting and comparison; flushed line by line (hflush
 * on Hadoop streams), so a killed trainer loses at most the line in flight.
 */
public final class JsonLinesListener implements TrainingListener, AutoCloseable {
    private final OutputStream out;

    public JsonLinesListener(OutputStream out) {
        this.out = out;
    }

    private void line(String json) {
        try {
            out.write((json + "\n").getBytes(StandardCharsets.UTF_8));
            if (out instanceof Syncable s) {
                s.hflush();
            } else {
                out.flush();
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write metrics", e);
        }
    }

    @Override
    public void onIteration(IterationStats s, TrainingState state) {
        StringBuilder json = new StringBuilder(String.format(Locale.ROOT, "{\"type\":\"iteration\",\"iteration\":%d,"
                + "\"epoch\":%d,\"lr\":%.6g,\"loss\":%.6g,\"batch_top1\":%.4f,\"images\":%d,\"seconds\":%.4f,"
                + "\"images_per_second\":%.2f", s.iteration(), s.epoch(), s.lr(), s.loss(), s.accuracy(), s.batch(),
                s.seconds(), s.imagesPerSecond()));
        for (Map.Entry<String, Number> e : s.extra().entrySet()) {
            Number v = e.getValue();
            json.append(",\"").append(e.getKey()).append("\":").append(v instanceof Double || v instanceof Float
                    ? String.format(Locale.ROOT, "%.4f", v.doubleValue()) : v.toString());
        }
        line(json.append('}').toString());
    }

    @Override
    public void onEpoch(int epoch, Evaluator.Metrics test, TrainingState state) {
        if (test != null) {
            line(String.format(Locale.ROOT, "{\"type\":\"evaluation\",\"epoch\":%d,\"iteration\":%d,\"loss\":%.6g,"
                    + "\"top1\":%.5f,\"top5\":%.5f,\"images\":%d}", epoch, state.iteration(), test.loss(), test.top1(),
                    test.top5(), test.count()));
        }
    }

    @Override
    public void close() throws IOException {
        out.close();
    }
}
