package org.xnornet.spark;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The driver's end of {@code transport=direct}: a TCP server that, each round, serves the vector the workers start
 * from and sums the vectors they send back, once per partition. It replaces the broadcast and the tree aggregation's
 * data for small clusters, where Spark's block transfers copy a large state many times (see docs/PERFORMANCE.md);
 * the Spark job still schedules, retries and reports each round, and carries the small per-worker statistics.
 *
 * <p>Exactly once: a contribution counts only when fully received, and a partition's later contributions (from a
 * retried attempt, identical because tasks are deterministic) are acknowledged and ignored. A round ends only when
 * every partition has arrived. Clients present a random per-run token; the channel is not encrypted, so clusters
 * that need {@code spark.network.crypto.enabled} keep {@code transport=spark}.
 */
final class DirectExchange implements AutoCloseable {
    static final int MAGIC = 0x584e5845;
    static final byte GET = 1;
    static final byte PUT = 2;
    static final byte OK = 0;
    static final byte REFUSED = 1;
    /** Uploads held in memory at once (each one vector); further senders wait. */
    private static final int CONCURRENT_UPLOADS = 4;
    static final int PIECE = 1 << 20;
    private static final Logger LOG = Logger.getLogger(DirectExchange.class.getName());

    /** Where and how executors reach the server; travels inside task closures. */
    record Endpoint(String host, int port, long tokenHigh, long tokenLow) implements java.io.Serializable {
    }

    private final ServerSocket server;
    private final Endpoint endpoint;
    private final ExecutorService handlers = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "xnornet-direct-exchange");
        t.setDaemon(true);
        return t;
    });
    private final Semaphore uploads = new Semaphore(CONCURRENT_UPLOADS);
    /** Upload buffers kept between rounds: a fresh 94 MB array per upload costs the driver page faults and GC. */
    private final java.util.concurrent.ConcurrentLinkedQueue<byte[]> buffers = new java.util.concurrent.ConcurrentLinkedQueue<>();
    private final Object lock = new Object();
    private long round = -1;
    private float[] serving;
    private int expected;
    private double[] sum;
    private boolean[] received;
    private int count;

    private DirectExchange(ServerSocket server, String host) {
        this.server = server;
        SecureRandom random = new SecureRandom();
        this.endpoint = new Endpoint(host, server.getLocalPort(), random.nextLong(), random.nextLong());
        handlers.submit(this::accept);
    }

    /** Listens on {@code bindAddress}:{@code port} (0: any free port); executors connect to {@code host}. */
    static DirectExchange start(String host, String bindAddress, int port) throws IOException {
        ServerSocket s = new ServerSocket();
        s.setReceiveBufferSize(4 << 20);
        s.bind(new InetSocketAddress(InetAddress.getByName(bindAddress), port), 64);
        LOG.info("direct state exchange listening on " + bindAddress + ":" + s.getLocalPort() + ", reached as " + host);
        return new DirectExchange(s, host);
    }

    Endpoint endpoint() {
        return endpoint;
    }

    /** Opens round {@code r}: workers fetch {@code start} and each of {@code partitions} sends {@code length} floats. */
    void begin(long r, float[] start, int length, int partitions) {
        synchronized (lock) {
            round = r;
            serving = start;
            expected = length;
            if (sum == null || sum.length != length) {
                sum = new double[length];
            } else {
                java.util.Arrays.fill(sum, 0);
            }
            received = new boolean[partitions];
            count = 0;
        }
    }

    /** Closes the round: the mean of all partitions' vectors; fails naming the partitions that never arrived. */
    float[] end() {
        synchronized (lock) {
            if (count != received.length) {
                List<Integer> missing = new ArrayList<>();
                for (int p = 0; p < received.length; p++) {
                    if (!received[p]) {
                        missing.add(p);
                    }
                }
                throw new IllegalStateException("round " + round + ": no vector arrived from partition(s) " + missing
                        + " although their tasks succeeded");
            }
            float[] mean = new float[expected];
            for (int i = 0; i < expected; i++) {
                mean[i] = (float) (sum[i] / count);
            }
            round = -1;
            serving = null;
            return mean;
        }
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket s = server.accept();
                handlers.submit(() -> handle(s));
            } catch (IOException e) {
                if (!server.isClosed()) {
                    LOG.warning("direct exchange: accept failed: " + e);
                }
            }
        }
    }

    private void handle(Socket socket) {
        try (socket;
             DataInputStream in = new DataInputStream(new BufferedInputStream(socket.getInputStream(), 1 << 20));
             DataOutputStream out = new DataOutputStream(new BufferedOutputStream(socket.getOutputStream(), 1 << 20))) {
            socket.setTcpNoDelay(true);
            socket.setSendBufferSize(4 << 20);
            if (in.readInt() != MAGIC || in.readLong() != endpoint.tokenHigh() || in.readLong() != endpoint.tokenLow()) {
                refuse(out, "wrong token: not a client of this training run");
                return;
            }
            byte op = in.readByte();
            long r = in.readLong();
            int partition = in.readInt();
            if (op == GET) {
                float[] values;
                synchronized (lock) {
                    values = r == round ? serving : null;
                }
                if (values == null) {
                    refuse(out, "round " + r + " is not open (the driver is at round " + round + ")");
                    return;
                }
                out.writeByte(OK);
                out.writeInt(4 * values.length);
                writeFloats(out, values, values.length);
                out.flush();
            } else if (op == PUT) {
                receive(in, out, r, partition);
            } else {
                refuse(out, "unknown operation " + op);
            }
        } catch (IOException | InterruptedException e) {
            LOG.log(Level.FINE, "direct exchange: a connection ended early (its task will be retried)", e);
        }
    }

    private void receive(DataInputStream in, DataOutputStream out, long r, int partition)
            throws IOException, InterruptedException {
        int length = in.readInt();
        String refusal = null;
        synchronized (lock) {
            if (received == null || r != round || partition < 0 || partition >= received.length
                    || length != 4 * expected) {
                refusal = "unexpected vector: round " + r + " partition " + partition + " with " + length / 4
                        + " floats, while round " + round + " expects " + expected + " floats from partitions 0.."
                        + (received == null ? -1 : received.length - 1);
            }
        }
        if (refusal != null) {
            in.skipNBytes(Math.max(0, length)); // read what the client sends, so it gets the reason, not a reset
            refuse(out, refusal);
            return;
        }
        uploads.acquire();
        byte[] bytes = buffers.poll();
        try {
            if (bytes == null || bytes.length != length) {
                bytes = new byte[length];
            }
            in.readFully(bytes);
            synchronized (lock) {
                if (r == round && !received[partition]) {
                    StateBytes.addTo(bytes, sum);
                    received[partition] = true;
                    count++;
                }
            }
        } finally {
            buffers.add(bytes);
            uploads.release();
        }
        out.writeByte(OK);
        out.flush();
    }

    /** values[0, n) as little-endian float32 in 1 MiB pieces: no copy of the whole vector. */
    static void writeFloats(DataOutputStream out, float[] values, int n) throws IOException {
        byte[] piece = new byte[PIECE];
        java.nio.ByteBuffer view = java.nio.ByteBuffer.wrap(piece).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        for (int done = 0; done < n; ) {
            int floats = Math.min(PIECE / 4, n - done);
            view.clear();
            view.asFloatBuffer().put(values, done, floats);
            out.write(piece, 0, 4 * floats);
            done += floats;
        }
    }

    private static void refuse(DataOutputStream out, String why) throws IOException {
        out.writeByte(REFUSED);
        out.writeUTF(why);
        out.flush();
    }

    @Override
    public void close() throws IOException {
        server.close();
        handlers.shutdownNow();
    }
}
