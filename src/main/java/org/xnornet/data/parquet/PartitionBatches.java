package org.xnornet.data.parquet;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.SplittableRandom;
import org.apache.hadoop.conf.Configuration;
import org.xnornet.data.Batch;
import org.xnornet.data.Shuffle;
import org.xnornet.data.image.BadImageException;
import org.xnornet.data.image.DecodedImage;
import org.xnornet.data.image.ImageDecoder;
import org.xnornet.data.image.ImageTransform;
import org.xnornet.kernel.Parallel;
import org.xnornet.tensor.Tensor;

/**
 * The minibatches of one training partition, computed, not remembered: epoch e visits the partition's row
 * groups in an order drawn from (seed, e, partition), in windows of {@code windowGroups} row groups whose rows
 * are shuffled together; batch i is stream positions [i·b, (i+1)·b). So any batch can be recomputed from
 * scratch (a retried task gets exactly what the first attempt got), memory is bounded by one window, and
 * the data can be far larger than memory. Each sample's augmentation draws from its own (seed, epoch,
 * partition, position) stream, and samples decode in parallel on the kernel pool. An undecodable image is
 * reported to the {@link BadImageCounter} and its slot takes the next good image of the same batch.
 */
public final class PartitionBatches {
    private final ParquetImageDataset data;
    private final List<RowGroupRef> groups;
    private final int partition;
    private final long seed;
    private final int windowGroups;
    private final CacheMode cacheMode;
    private final RowGroupCache cache;
    private final BadImageCounter bad;
    private final Configuration conf;
    private final long rows;

    private int windowEpoch = -1;
    private long windowFirst;
    private RowGroupCache.Entry[] slotEntry;
    private int[] slotRow;

    public PartitionBatches(ParquetImageDataset data, List<RowGroupRef> groups, int partition, long seed,
            int windowGroups, CacheMode cacheMode, BadImageCounter bad, Configuration conf) {
        if (windowGroups < 1) {
            throw new IllegalArgumentException("shuffle window must be ≥ 1 row group, was " + windowGroups);
        }
        this.data = data;
        this.groups = List.copyOf(groups);
        this.partition = partition;
        this.seed = seed;
        this.windowGroups = windowGroups;
        this.cacheMode = cacheMode;
        this.cache = cacheMode == CacheMode.NONE ? new RowGroupCache(0) : RowGroupCache.shared();
        this.bad = bad;
        this.conf = conf;
        this.rows = groups.stream().mapToLong(RowGroupRef::rows).sum();
    }

    public long rows() {
        return rows;
    }

    /** Training batch {@code index} of {@code epoch}: b images through {@code transform} (its training mode). */
    public Batch trainBatch(ImageTransform transform, int epoch, int index, int batch) {
        long first = (long) index * batch;
        if (first + batch > rows) {
            throw new IllegalArgumentException("partition " + partition + " holds " + rows + " images: batch " + index
                    + " of " + batch + " is past its end");
        }
        RowGroupCache.Entry[] entries = new RowGroupCache.Entry[batch];
        int[] rowsOf = new int[batch];
        for (int i = 0; i < batch; i++) {
            locate(epoch, first + i);
            int slot = (int) (first + i - windowFirst);
            entries[i] = slotEntry[slot];
            rowsOf[i] = slotRow[slot];
        }
        return assemble(transform, entries, rowsOf, epoch, first);
    }

    /** Evaluation batches: every row once, in storage order, bad images left out. */
    public Iterator<Batch> evalBatches(ImageTransform transform, int batch) {
        return new Iterator<>() {
            private int group;
            private int row;
            private RowGroupCache.Entry entry;

            @Override
            public boolean hasNext() {
                while (group < groups.size() && (entry == null ? groups.get(group).rows() == 0
                        : row >= entry.records.size())) {
                    group++;
                    row = 0;
                    entry = null;
                }
                return group < groups.size();
            }

            @Override
            public Batch next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                List<RowGroupCache.Entry> es = new ArrayList<>();
                List<Integer> rs = new ArrayList<>();
                while (es.size() < batch && hasNext()) {
                    if (entry == null) {
                        entry = load(groups.get(group));
                    }
                    es.add(entry);
                    rs.add(row++);
                }
                Batch b = assemble(transform, es.toArray(RowGroupCache.Entry[]::new),
                        rs.stream().mapToInt(Integer::intValue).toArray(), 0, 0);
                return b;
            }
        };
    }

    private Batch assemble(ImageTransform transform, RowGroupCache.Entry[] entries, int[] rowsOf, int epoch,
            long firstPosition) {
        int n = entries.length;
        int c = transform.outputChannels();
        int s = transform.outputSize();
        int sample = c * s * s;
        Tensor x = Tensor.zeros(n, c, s, s);
        int[] labels = new int[n];
        boolean[] ok = new boolean[n];
        Parallel.forRange(n, 1, (from, to) -> {
            for (int i = from; i < to; i++) {
                RowGroupCache.Entry e = entries[i];
                ImageRecord r = e.records.get(rowsOf[i]);
                DecodedImage img = e.decoded[rowsOf[i]];
                try {
                    if (img == null) {
                        img = ImageDecoder.decode(r.image(), r.name());
                        if (cacheMode == CacheMode.DECODED) {
                            e.decoded[rowsOf[i]] = img;
                            cache.grow(e, img.pixels().length);
                        }
                    }
                    SplittableRandom rng = new SplittableRandom(mix(epoch, firstPosition + i));
                    transform.apply(img, rng, x.data(), i * sample);
                    labels[i] = r.label();
                    ok[i] = true;
                } catch (BadImageException ex) {
                    bad.report(r.name(), ex.reason());
                }
            }
        });
        return fillBadSlots(x, labels, ok, sample, transform.training());
    }

    /** Training keeps the batch size (a bad slot copies the next good one); evaluation drops bad slots. */
    private Batch fillBadSlots(Tensor x, int[] labels, boolean[] ok, int sample, boolean keepSize) {
        int n = ok.length;
        int good = 0;
        for (boolean b : ok) {
            good += b ? 1 : 0;
        }
        if (good == n) {
            return new Batch(x, labels);
        }
        if (good == 0) {
            throw new ImageDataException(data + " partition " + partition + ": every image of a batch of " + n
                    + " is undecodable");
        }
        if (keepSize) {
            for (int i = 0; i < n; i++) {
                if (!ok[i]) {
                    int j = (i + 1) % n;
                    while (!ok[j]) {
                        j = (j + 1) % n;
                    }
                    System.arraycopy(x.data(), j * sample, x.data(), i * sample, sample);
                    labels[i] = labels[j];
                }
            }
            return new Batch(x, labels);
        }
        int[] shape = x.shape();
        Tensor y = Tensor.zeros(good, shape[1], shape[2], shape[3]);
        int[] l = new int[good];
        for (int i = 0, k = 0; i < n; i++) {
            if (ok[i]) {
                System.arraycopy(x.data(), i * sample, y.data(), k * sample, sample);
                l[k++] = labels[i];
            }
        }
        return new Batch(y, l);
    }

    /** Makes the window holding stream position {@code position} of {@code epoch} the current one. */
    private void locate(int epoch, long position) {
        if (epoch == windowEpoch && slotEntry != null && position >= windowFirst
                && position < windowFirst + slotEntry.length) {
            return;
        }
        int[] order = Shuffle.permutation(groups.size(), mix(epoch, -1));
        long start = 0;
        for (int w = 0; w * windowGroups < order.length; w++) {
            long size = 0;
            int end = Math.min(order.length, (w + 1) * windowGroups);
            for (int k = w * windowGroups; k < end; k++) {
                size += groups.get(order[k]).rows();
            }
            if (position < start + size) {
                loadWindow(epoch, w, start, order, w * windowGroups, end, (int) size);
                return;
            }
            start += size;
        }
        throw new IllegalArgumentException("position " + position + " is past the partition's " + rows + " rows");
    }

    private void loadWindow(int epoch, int w, long start, int[] order, int from, int to, int size) {
        slotEntry = new RowGroupCache.Entry[size];
        slotRow = new int[size];
        int k = 0;
        for (int g = from; g < to; g++) {
            RowGroupCache.Entry e = load(groups.get(order[g]));
            for (int r = 0; r < e.records.size(); r++, k++) {
                slotEntry[k] = e;
                slotRow[k] = r;
            }
        }
        int[] perm = Shuffle.permutation(size, mix(epoch, -2 - w));
        RowGroupCache.Entry[] entries = slotEntry.clone();
        int[] rowsCopy = slotRow.clone();
        for (int i = 0; i < size; i++) {
            slotEntry[i] = entries[perm[i]];
            slotRow[i] = rowsCopy[perm[i]];
        }
        windowEpoch = epoch;
        windowFirst = start;
    }

    private RowGroupCache.Entry load(RowGroupRef ref) {
        String key = data.location() + "|" + data.split() + "|" + data.files().get(ref.file()).file() + "|"
                + ref.rowGroup();
        RowGroupCache.Entry e = cache.get(key);
        if (e == null) {
            e = new RowGroupCache.Entry(data.read(ref, conf));
            if (e.records.size() != ref.rows()) {
                throw new ImageDataException(key + ": expected " + ref.rows() + " rows, read " + e.records.size());
            }
            cache.put(key, e);
        }
        return e;
    }

    private long mix(int epoch, long position) {
        long h = seed * 0x9E3779B97F4A7C15L;
        h = (h ^ (h >>> 31)) + epoch * 0xBF58476D1CE4E5B9L;
        h = (h ^ (h >>> 29)) + partition * 0x94D049BB133111EBL;
        h = (h ^ (h >>> 32)) + position * 0xD6E8FEB86659FD93L;
        return h ^ (h >>> 31);
    }
}
