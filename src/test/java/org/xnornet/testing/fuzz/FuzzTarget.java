package org.xnornet.testing.fuzz;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * One reader of untrusted bytes to fuzz: valid seed inputs (each must be read), the reader, and the exception
 * types that count as a clean rejection. Everything else a reader throws, a hang or an outsized allocation is a
 * finding. Inputs that once crashed a reader live as files in {@code src/test/resources/fuzz/<name>/}; every run
 * replays them before mutating. A new target is a few lines, e.g.
 * <pre>{@code
 * FuzzTarget.of("checkpoint", seeds, bytes -> Checkpoint.read(bytes, "fuzz.ckpt"), CheckpointException.class)
 *         .naming("fuzz.ckpt");
 * FuzzHarness.run(target, 2_000).assertClean();
 * }</pre>
 *
 * @param source when not null, every rejection's message must contain it (so errors name the file at fault)
 * @param tokens byte strings the mutator also inserts and overwrites with (markers, keywords, magic numbers)
 */
public record FuzzTarget(String name, List<byte[]> seeds, Reader reader, List<Class<? extends Throwable>> rejections,
        String source, List<byte[]> tokens) {

    /** Reads one input; returns normally if it was read, throws if it was rejected. */
    @FunctionalInterface
    public interface Reader {
        void read(byte[] input) throws Exception;
    }

    public FuzzTarget {
        if (seeds.isEmpty() || rejections.isEmpty()) {
            throw new IllegalArgumentException(name + ": a fuzz target needs seeds and accepted rejections");
        }
        seeds = List.copyOf(seeds);
        rejections = List.copyOf(rejections);
        tokens = List.copyOf(tokens);
    }

    /** A target whose clean rejection is {@code rejection} (or a subclass); see {@link #orRejecting}. */
    public static FuzzTarget of(String name, List<byte[]> seeds, Reader reader, Class<? extends Throwable> rejection) {
        return new FuzzTarget(name, seeds, reader, List.of(rejection), null, List.of());
    }

    /** Also accepts {@code rejection} as a clean rejection. */
    public FuzzTarget orRejecting(Class<? extends Throwable> rejection) {
        List<Class<? extends Throwable>> all = new ArrayList<>(rejections);
        all.add(rejection);
        return new FuzzTarget(name, seeds, reader, all, source, tokens);
    }

    /** Requires every rejection's message to contain {@code name} (the source the reader was told). */
    public FuzzTarget naming(String name) {
        return new FuzzTarget(this.name, seeds, reader, rejections, name, tokens);
    }

    /** Adds tokens for the mutator (strings as ISO-8859-1, so "\u00ff\u00d8" is the bytes FF D8). */
    public FuzzTarget withTokens(String... more) {
        List<byte[]> all = new ArrayList<>(tokens);
        for (String t : more) {
            all.add(t.getBytes(StandardCharsets.ISO_8859_1));
        }
        return new FuzzTarget(name, seeds, reader, rejections, source, all);
    }

    /** True if {@code t} is one of the accepted rejections. */
    public boolean rejects(Throwable t) {
        return rejections.stream().anyMatch(c -> c.isInstance(t));
    }

    /** The saved regression inputs of this target ({@code fuzz/<name>/*} on the test class path), by file name. */
    public List<byte[]> regressions() {
        URL dir = FuzzTarget.class.getClassLoader().getResource("fuzz/" + name);
        if (dir == null) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(Path.of(dir.toURI()))) {
            List<byte[]> out = new ArrayList<>();
            for (Path p : files.sorted().toList()) {
                out.add(Files.readAllBytes(p));
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
