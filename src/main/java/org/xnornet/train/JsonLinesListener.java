package org.xnornet.train;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.util.Locale;

/** Writes one JSON object per iteration and per epoch evaluation, for plotting and comparison. */
public final class JsonLinesListener implements TrainingListener, AutoCloseable {
    private final BufferedWriter out;

    public JsonLinesListener(Writer out) {
        this.out = new BufferedWriter(out);
    }

    private void line(String json) {
        try {
            out.write(json);
            out.write('\n');
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write metrics", e);
        }
    }

    @Override
    public void onIteration(IterationStats s) {
        line(String.format(Locale.ROOT, "{\"type\":\"iteration\",\"iteration\":%d,\"epoch\":%d,\"lr\":%.6g,\"loss\":%.6g,"
                + "\"batch_accuracy\":%.4f,\"images_per_second\":%.3f}", s.iteration(), s.epoch(), s.lr(), s.loss(),
                s.accuracy(), s.imagesPerSecond()));
    }

    @Override
    public void onEpoch(int epoch, Evaluator.Metrics train, Evaluator.Metrics test) {
        if (test != null) {
            line(String.format(Locale.ROOT, "{\"type\":\"evaluation\",\"epoch\":%d,\"loss\":%.6g,\"top1\":%.5f,"
                    + "\"top5\":%.5f,\"samples\":%d}", epoch, test.loss(), test.top1(), test.top5(), test.count()));
        }
        try {
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write metrics", e);
        }
    }

    @Override
    public void close() throws IOException {
        out.close();
    }
}
