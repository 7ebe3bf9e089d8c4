package org.xnornet.data.parquet;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xnornet.data.Batch;
import org.xnornet.data.image.ImageTransform;

/**
 * Partition batches: every row once per epoch, deterministic from (seed, epoch, partition) whatever the access
 * order or cache, bad images counted and replaced. Image i is a constant-gray PNG of value i, so a sample is
 * identified by its pixels after any crop.
 */
class PartitionBatchesTest {
    @TempDir
    Path dir;

    private static final ImageTransform TRAIN = ImageTransform.train(4, 1, new float[] {0}, new float[] {1});
    private static final ImageTransform EVAL = ImageTransform.eval(8, 8, 1, new float[] {0}, new float[] {1});

    private ParquetImageDataset dataset(int n, int rowsPerGroup, int... badRows) throws Exception {
        Path root = dir.resolve("ds");
        List<ParquetFixtures.Row> rows = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            int v = i;
            boolean bad = Arrays.stream(badRows).anyMatch(b -> b == v);
            rows.add(new ParquetFixtures.Row(bad ? new byte[] {1, 2, 3} : ParquetFixtures.png(i), i % 4,
                    "c" + (i % 4), "img" + i));
        }
        ParquetFixtures.write(root.resolve("train/part-0.parquet"), ImageLayout.xnornetSchema(), rows.subList(0, n / 2),
                rowsPerGroup);
        ParquetFixtures.write(root.resolve("train/part-1.parquet"), ImageLayout.xnornetSchema(),
                rows.subList(n / 2, n), rowsPerGroup);
        ParquetFixtures.manifest(root, List.of("c0", "c1", "c2", "c3"), n);
        return ParquetImageDataset.open(root.toString(), "train", 0, ParquetFixtures.CONF);
    }

    private static PartitionBatches batches(ParquetImageDataset d, PartitionPlan plan, int p, long seed, CacheMode c,
            BadImageCounter bad) {
        return new PartitionBatches(d, plan.groups(p), p, seed, 2, c, bad, ParquetFixtures.CONF);
    }

    private static int id(Batch b, int i) {
        int sample = b.images().data().length / b.size();
        return Math.round(b.images().data()[i * sample] * 255);
    }

    private static List<Integer> ids(Batch b) {
        List<Integer> out = new ArrayList<>();
        for (int i = 0; i < b.size(); i++) {
            out.add(id(b, i));
            assertEquals(id(b, i) % 4, b.labels()[i], "label travels with its image");
        }
        return out;
    }

    @Test
    void everyRowOncePerEpochAcrossPartitions() throws Exception {
        ParquetImageDataset d = dataset(120, 10);
        PartitionPlan plan = PartitionPlan.of(d, 3);
        assertEquals(120, plan.rows(0) + plan.rows(1) + plan.rows(2));
        int perEpoch = plan.batchesPerEpoch(8);
        assertEquals(5, perEpoch);
        List<Integer> seen = new ArrayList<>();
        for (int p = 0; p < 3; p++) {
            PartitionBatches pb = batches(d, plan, p, 7, CacheMode.NONE, new BadImageCounter(120, 0));
            List<Integer> partition = new ArrayList<>();
            for (int i = 0; i < plan.rows(p) / 8; i++) {
                partition.addAll(ids(pb.trainBatch(TRAIN, 0, i, 8)));
            }
            assertEquals(partition.size(), partition.stream().distinct().count(), "no row twice in an epoch");
            seen.addAll(partition);
        }
        assertEquals(120, seen.stream().distinct().count());
        assertNotEquals(seen.stream().sorted().toList(), seen, "rows come shuffled");
    }

    @Test
    void anyBatchRecomputesExactlyFromScratch() throws Exception {
        ParquetImageDataset d = dataset(80, 10);
        PartitionPlan plan = PartitionPlan.of(d, 2);
        PartitionBatches sequential = batches(d, plan, 1, 3, CacheMode.NONE, new BadImageCounter(80, 0));
        List<Batch> all = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            all.add(sequential.trainBatch(TRAIN, 2, i, 8));
        }
        for (CacheMode mode : CacheMode.values()) {
            PartitionBatches fresh = batches(d, plan, 1, 3, mode, new BadImageCounter(80, 0));
            for (int i : new int[] {3, 0, 4, 4, 1}) {
                Batch b = fresh.trainBatch(TRAIN, 2, i, 8);
                assertArrayEquals(all.get(i).images().data(), b.images().data(), mode + " batch " + i);
                assertArrayEquals(all.get(i).labels(), b.labels());
            }
        }
        RowGroupCache.shared().clear();
    }

    @Test
    void epochsSeedsAndPartitionsDrawDifferentOrders() throws Exception {
        ParquetImageDataset d = dataset(80, 10);
        PartitionPlan plan = PartitionPlan.of(d, 1);
        BadImageCounter none = new BadImageCounter(80, 0);
        List<Integer> e0 = ids(batches(d, plan, 0, 1, CacheMode.NONE, none).trainBatch(TRAIN, 0, 0, 16));
        assertNotEquals(e0, ids(batches(d, plan, 0, 1, CacheMode.NONE, none).trainBatch(TRAIN, 1, 0, 16)));
        assertNotEquals(e0, ids(batches(d, plan, 0, 2, CacheMode.NONE, none).trainBatch(TRAIN, 0, 0, 16)));
        assertEquals(e0, ids(batches(d, plan, 0, 1, CacheMode.NONE, none).trainBatch(TRAIN, 0, 0, 16)));
    }

    @Test
    void badImagesAreCountedAndReplacedFromTheSameBatch() throws Exception {
        ParquetImageDataset d = dataset(40, 10, 5, 17);
        PartitionPlan plan = PartitionPlan.of(d, 1);
        BadImageCounter bad = new BadImageCounter(40, 0.1);
        PartitionBatches pb = batches(d, plan, 0, 1, CacheMode.NONE, bad);
        List<Integer> seen = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            Batch b = pb.trainBatch(TRAIN, 0, i, 8);
            assertEquals(8, b.size(), "training batches keep their size");
            seen.addAll(ids(b));
        }
        assertEquals(2, bad.count());
        assertFalse(seen.contains(5) || seen.contains(17));
        assertEquals(38, seen.stream().distinct().count());
        int evaluated = 0;
        for (Iterator<Batch> it = pb.evalBatches(EVAL, 16); it.hasNext();) {
            evaluated += it.next().size();
        }
        assertEquals(38, evaluated, "evaluation leaves bad images out");
    }

    @Test
    void tooManyBadImagesStopWithACountAndAName() throws Exception {
        ParquetImageDataset d = dataset(40, 10, 1, 2, 3);
        PartitionBatches pb = batches(d, PartitionPlan.of(d, 1), 0, 1, CacheMode.NONE, new BadImageCounter(40, 0.05));
        ImageDataException e = assertThrows(ImageDataException.class, () -> {
            for (int i = 0; i < 5; i++) {
                pb.trainBatch(TRAIN, 0, i, 8);
            }
        });
        assertTrue(e.getMessage().contains("3 of 40 images") && e.getMessage().contains("max-bad-fraction"),
                e.getMessage());
    }

    @Test
    void planNeedsAsManyRowGroupsAsPartitions() throws Exception {
        ParquetImageDataset d = dataset(20, 10);
        ImageDataException e = assertThrows(ImageDataException.class, () -> PartitionPlan.of(d, 3));
        assertTrue(e.getMessage().contains("2 non-empty row groups, fewer than the 3 partitions"), e.getMessage());
    }
}
