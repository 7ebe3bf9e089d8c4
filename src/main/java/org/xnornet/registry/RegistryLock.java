package org.xnornet.registry;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.time.Instant;
import java.util.Optional;
import java.util.Properties;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * The registry's lock: one file naming its run, owner (user, host, process), start and expiry, published whole by
 * {@link AtomicFiles#create}, so of two runs starting together exactly one gets it. While held, a daemon thread
 * pushes the expiry forward every quarter of the expiry period, so a live run keeps it however long it trains and a
 * killed one loses it one period after its last heartbeat. An expired lock is taken over: renamed aside (one rename,
 * so of two takers one wins) and replaced, and the takeover reported. Expiry compares this machine's clock with the
 * holder's; keep the period well above the clocks' skew.
 */
public final class RegistryLock implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(RegistryLock.class.getName());

    /** What a lock file says. */
    public record Holder(String run, String owner, Instant started, Instant expires) {
        boolean expiredAt(Instant now) {
            return expires.isBefore(now);
        }

        @Override
        public String toString() {
            return "run " + run + " (" + owner + ", started " + started + ", expires " + expires + ")";
        }
    }

    private final FileSystem fs;
    private final Path file;
    private final Holder holder;
    private final long periodMillis;
    private final Holder takenOver;
    private final Thread heartbeat;
    private final Object monitor = new Object();
    private boolean closed;

    private RegistryLock(FileSystem fs, Path file, Holder holder, long periodMillis, Holder takenOver) {
        this.fs = fs;
        this.file = file;
        this.holder = holder;
        this.periodMillis = periodMillis;
        this.takenOver = takenOver;
        this.heartbeat = new Thread(this::beat, "registry-lock-heartbeat");
        heartbeat.setDaemon(true);
        heartbeat.start();
    }

    /**
     * Takes the lock {@code file} for {@code run}, expiring {@code expirySeconds} after each heartbeat; an expired
     * lock is taken over and reported to {@code notes}. Fails with {@link LockHeldException} while another run holds
     * it.
     */
    public static RegistryLock acquire(FileSystem fs, Path file, String run, int expirySeconds, Consumer<String> notes)
            throws IOException {
        long period = expirySeconds * 1000L;
        Instant now = Instant.now();
        Holder mine = new Holder(run, owner(), now, now.plusMillis(period));
        Holder previous = null;
        for (int attempt = 0; attempt < 3; attempt++) {
            if (AtomicFiles.create(fs, file, bytes(mine))) {
                if (previous != null) {
                    notes.accept("took over the expired registry lock of " + previous);
                }
                return new RegistryLock(fs, file, mine, period, previous);
            }
            Optional<Holder> held = read(fs, file);
            if (held.isEmpty()) {
                continue; // released between our attempt and the read
            }
            if (!held.get().expiredAt(Instant.now())) {
                throw new LockHeldException("the registry is locked by " + held.get() + " (" + file + "); a run that "
                        + "was killed loses it when it expires");
            }
            Path aside = new Path(file.getParent(), "." + file.getName() + ".expired-" + run + "-" + attempt);
            if (fs.rename(file, aside)) {
                previous = held.get();
                fs.delete(aside, false);
            }
        }
        throw new LockHeldException("could not take the registry lock " + file + ": other runs keep taking it");
    }

    /** The lock file's holder, if there is a lock file. */
    public static Optional<Holder> read(FileSystem fs, Path file) throws IOException {
        Properties p = new Properties();
        try (InputStream in = fs.open(file)) {
            p.load(in);
        } catch (java.io.FileNotFoundException e) {
            return Optional.empty();
        }
        try {
            return Optional.of(new Holder(p.getProperty("run", "?"), p.getProperty("owner", "?"),
                    Instant.parse(p.getProperty("started")), Instant.parse(p.getProperty("expires"))));
        } catch (RuntimeException e) {
            throw new RegistryException("lock file " + file + " is not a lock of ours (expected keys run, owner, "
                    + "started, expires): " + e.getMessage() + "; remove it if no run is active");
        }
    }

    /** The run whose expired lock this one replaced, if any. */
    public Optional<Holder> takenOver() {
        return Optional.ofNullable(takenOver);
    }

    public Holder holder() {
        return holder;
    }

    /**
     * Releases the lock if it is still ours (a run presumed dead and taken over leaves the new holder alone). The
     * heartbeat is stopped first and waited for, so a beat in flight cannot write the lock again after it is gone.
     */
    @Override
    public void close() throws IOException {
        synchronized (monitor) {
            closed = true;
            monitor.notifyAll();
        }
        try {
            heartbeat.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        Optional<Holder> now = read(fs, file);
        if (now.isPresent() && now.get().run().equals(holder.run())) {
            fs.delete(file, false);
        }
    }

    /** Every quarter period, under the monitor {@link #close} takes: the expiry moved forward while still ours. */
    private void beat() {
        long every = Math.max(250, periodMillis / 4);
        synchronized (monitor) {
            while (!closed) {
                try {
                    monitor.wait(every);
                    if (closed) {
                        return;
                    }
                    Optional<Holder> now = read(fs, file);
                    if (now.isEmpty() || !now.get().run().equals(holder.run())) {
                        LOG.warning("registry lock " + file + " is no longer ours (" + now.map(Holder::toString)
                                .orElse("removed") + "); stopping its heartbeat");
                        return;
                    }
                    AtomicFiles.replace(fs, file, bytes(new Holder(holder.run(), holder.owner(), holder.started(),
                            Instant.now().plusMillis(periodMillis))));
                } catch (InterruptedException e) {
                    return;
                } catch (IOException | UncheckedIOException | RegistryException e) {
                    LOG.log(Level.WARNING, "registry lock heartbeat failed: " + e.getMessage(), e);
                }
            }
        }
    }

    private static byte[] bytes(Holder h) {
        return ("# xnornet registry lock: released at the end of the run, taken over once 'expires' has passed\n"
                + "run=" + h.run() + "\nowner=" + h.owner() + "\nstarted=" + h.started() + "\nexpires=" + h.expires()
                + "\n").getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
    }

    private static String owner() {
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            host = "unknown-host";
        }
        return System.getProperty("user.name") + "@" + host + " pid " + ManagementFactory.getRuntimeMXBean().getPid();
    }
}
