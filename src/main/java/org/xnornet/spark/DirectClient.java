package org.xnornet.spark;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * The executor's end of {@code transport=direct} ({@link DirectExchange}): fetches a round's starting vector straight
 * into the network's arrays and sends the worker's vector back, both as little-endian float32 streamed in 1 MiB
 * pieces, so no copy of the whole vector is made on either side. Failures throw, so Spark retries the task.
 */
final class DirectClient {
    private static final int PIECE = DirectExchange.PIECE;
    private static final int CONNECT_TIMEOUT_MS = 60_000;

    private DirectClient() {
    }

    /** Reads round {@code round}'s vector into {@code into[0, n)}; its length must be n floats. */
    static void fetch(DirectExchange.Endpoint e, long round, int partition, float[] into, int n) {
        try (Socket s = connect(e)) {
            DataOutputStream out = header(s, e, DirectExchange.GET, round, partition);
            out.flush();
            DataInputStream in = new DataInputStream(new BufferedInputStream(s.getInputStream(), PIECE));
            status(in, e, "fetching round " + round);
            int bytes = in.readInt();
            if (bytes != 4 * n) {
                throw new IllegalStateException("the driver serves " + bytes / 4 + " floats for round " + round
                        + ", this worker's network holds " + n);
            }
            byte[] piece = new byte[PIECE];
            ByteBuffer view = ByteBuffer.wrap(piece).order(ByteOrder.LITTLE_ENDIAN);
            for (int done = 0; done < n; ) {
                int floats = Math.min(PIECE / 4, n - done);
                in.readFully(piece, 0, 4 * floats);
                view.clear();
                view.asFloatBuffer().get(into, done, floats);
                done += floats;
            }
        } catch (IOException ex) {
            throw new UncheckedIOException("direct exchange with the driver at " + e.host() + ":" + e.port()
                    + " failed fetching round " + round + " for partition " + partition, ex);
        }
    }

    /** Sends {@code values[0, n)} as partition {@code partition}'s result of round {@code round}. */
    static void send(DirectExchange.Endpoint e, long round, int partition, float[] values, int n) {
        try (Socket s = connect(e)) {
            DataOutputStream out = header(s, e, DirectExchange.PUT, round, partition);
            out.writeInt(4 * n);
            DirectExchange.writeFloats(out, values, n);
            out.flush();
            status(new DataInputStream(s.getInputStream()), e, "sending round " + round);
        } catch (IOException ex) {
            throw new UncheckedIOException("direct exchange with the driver at " + e.host() + ":" + e.port()
                    + " failed sending round " + round + " of partition " + partition, ex);
        }
    }

    private static Socket connect(DirectExchange.Endpoint e) throws IOException {
        Socket s = new Socket();
        s.setReceiveBufferSize(4 << 20);
        s.setSendBufferSize(4 << 20);
        s.setTcpNoDelay(true);
        s.connect(new InetSocketAddress(e.host(), e.port()), CONNECT_TIMEOUT_MS);
        return s;
    }

    private static DataOutputStream header(Socket s, DirectExchange.Endpoint e, byte op, long round, int partition)
            throws IOException {
        DataOutputStream out = new DataOutputStream(new BufferedOutputStream(s.getOutputStream(), PIECE));
        out.writeInt(DirectExchange.MAGIC);
        out.writeLong(e.tokenHigh());
        out.writeLong(e.tokenLow());
        out.writeByte(op);
        out.writeLong(round);
        out.writeInt(partition);
        return out;
    }

    private static void status(DataInputStream in, DirectExchange.Endpoint e, String what) throws IOException {
        byte status = in.readByte();
        if (status != DirectExchange.OK) {
            throw new IllegalStateException("the driver at " + e.host() + ":" + e.port() + " refused " + what + ": "
                    + in.readUTF());
        }
    }
}
