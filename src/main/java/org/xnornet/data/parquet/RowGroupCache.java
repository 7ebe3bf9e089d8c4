package org.xnornet.data.parquet;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.xnornet.data.image.DecodedImage;

/**
 * Row groups kept in this JVM (an executor) between epochs, least recently used first out, within a byte
 * budget ({@code -Dxnornet.cache.bytes}, default a quarter of the heap). Entries hold the encoded rows and,
 * in {@link CacheMode#DECODED}, the decoded images as they are first decoded.
 */
public final class RowGroupCache {
    /** A cached row group: its rows, and the decoded image of each row once decoded (null until then). */
    public static final class Entry {
        final List<ImageRecord> records;
        final DecodedImage[] decoded;
        long bytes;

        Entry(List<ImageRecord> records) {
            this.records = records;
            this.decoded = new DecodedImage[records.size()];
            for (ImageRecord r : records) {
                bytes += r.image().length + 64;
            }
        }
    }

    private static final RowGroupCache SHARED = new RowGroupCache(Long.getLong("xnornet.cache.bytes",
            Runtime.getRuntime().maxMemory() / 4));

    private final long budget;
    private long used;
    private final LinkedHashMap<String, Entry> entries = new LinkedHashMap<>(16, 0.75f, true);

    public RowGroupCache(long budget) {
        this.budget = budget;
    }

    /** The cache every partition reader in this JVM shares. */
    public static RowGroupCache shared() {
        return SHARED;
    }

    synchronized Entry get(String key) {
        return entries.get(key);
    }

    /** Adds an entry if it fits the budget, evicting the least recently used. */
    synchronized void put(String key, Entry e) {
        if (e.bytes > budget || entries.containsKey(key)) {
            return;
        }
        var it = entries.entrySet().iterator();
        while (used + e.bytes > budget && it.hasNext()) {
            Map.Entry<String, Entry> old = it.next();
            used -= old.getValue().bytes;
            it.remove();
        }
        entries.put(key, e);
        used += e.bytes;
    }

    /** Counts a decoded image's pixels against the budget (they stay; eviction is per row group). */
    synchronized void grow(Entry e, long bytes) {
        e.bytes += bytes;
        used += bytes;
    }

    public synchronized long usedBytes() {
        return used;
    }

    public synchronized int size() {
        return entries.size();
    }

    public synchronized void clear() {
        entries.clear();
        used = 0;
    }
}
