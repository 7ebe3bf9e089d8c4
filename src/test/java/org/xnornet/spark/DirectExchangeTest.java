package org.xnornet.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.DataOutputStream;
import java.net.Socket;
import org.junit.jupiter.api.Test;

/** The direct transport's server and client over loopback: exactly once per partition, and clear refusals. */
class DirectExchangeTest {
    private static float[] vector(int n, float base) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = base + i * 0.25f;
        }
        return v;
    }

    @Test
    void servesTheRoundAndAveragesEachPartitionOnce() throws Exception {
        int n = 300_000;
        try (DirectExchange server = DirectExchange.start("127.0.0.1", "127.0.0.1", 0)) {
            var e = server.endpoint();
            float[] start = vector(n, 1f);
            server.begin(7, start, n, 2);
            float[] fetched = new float[n + 5];
            DirectClient.fetch(e, 7, 0, fetched, n);
            assertArrayEquals(start, java.util.Arrays.copyOf(fetched, n));
            DirectClient.send(e, 7, 0, vector(n, 2f), n);
            DirectClient.send(e, 7, 1, vector(n, 4f), n);
            DirectClient.send(e, 7, 1, vector(n, 100f), n); // a retried attempt's copy: ignored
            assertArrayEquals(vector(n, 3f), server.end());
        }
    }

    @Test
    void aRoundEndsOnlyWhenEveryPartitionArrivedAndAPartialUploadDoesNotCount() throws Exception {
        try (DirectExchange server = DirectExchange.start("127.0.0.1", "127.0.0.1", 0)) {
            var e = server.endpoint();
            server.begin(0, vector(10, 0f), 10, 3);
            DirectClient.send(e, 0, 0, vector(10, 1f), 10);
            try (Socket s = new Socket(e.host(), e.port());
                 DataOutputStream out = new DataOutputStream(s.getOutputStream())) {
                out.writeInt(DirectExchange.MAGIC);
                out.writeLong(e.tokenHigh());
                out.writeLong(e.tokenLow());
                out.writeByte(DirectExchange.PUT);
                out.writeLong(0);
                out.writeInt(2);
                out.writeInt(40);
                out.write(new byte[12]); // dies after 3 of 10 floats
            }
            Thread.sleep(200);
            IllegalStateException missing = assertThrows(IllegalStateException.class, server::end);
            assertTrue(missing.getMessage().contains("partition(s) [1, 2]"), missing.getMessage());
        }
    }

    @Test
    void refusalsSayWhy() throws Exception {
        try (DirectExchange server = DirectExchange.start("127.0.0.1", "127.0.0.1", 0)) {
            var e = server.endpoint();
            server.begin(3, vector(10, 0f), 10, 1);
            var stranger = new DirectExchange.Endpoint(e.host(), e.port(), e.tokenHigh() + 1, e.tokenLow());
            IllegalStateException token = assertThrows(IllegalStateException.class,
                    () -> DirectClient.fetch(stranger, 3, 0, new float[10], 10));
            assertTrue(token.getMessage().contains("wrong token"), token.getMessage());
            IllegalStateException round = assertThrows(IllegalStateException.class,
                    () -> DirectClient.fetch(e, 2, 0, new float[10], 10));
            assertTrue(round.getMessage().contains("round 2 is not open (the driver is at round 3)"),
                    round.getMessage());
            IllegalStateException size = assertThrows(IllegalStateException.class,
                    () -> DirectClient.send(e, 3, 0, new float[9], 9));
            assertTrue(size.getMessage().contains("with 9 floats, while round 3 expects 10 floats"), size.getMessage());
            IllegalStateException length = assertThrows(IllegalStateException.class,
                    () -> DirectClient.fetch(e, 3, 0, new float[12], 12));
            assertTrue(length.getMessage().contains("serves 10 floats for round 3, this worker's network holds 12"),
                    length.getMessage());
        }
    }
}
