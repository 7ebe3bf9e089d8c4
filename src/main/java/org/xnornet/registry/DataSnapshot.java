package org.xnornet.registry;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.fs.FileChecksum;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * The Parquet files a model was trained on (or evaluated on): each file's path, size, modification time and, where
 * the filesystem computes one (HDFS), its checksum. Stored in a version folder as tab-separated lines; comparing a
 * snapshot with today's files tells what data arrived since.
 */
public record DataSnapshot(List<Entry> entries) {
    /** One file: what identifies its bytes without reading them. */
    public record Entry(String path, long size, long modified, String checksum) {
    }

    /** What changed between an older snapshot and this one, by path. */
    public record Changes(List<String> added, List<String> changed, List<String> removed) {
        public boolean any() {
            return !added.isEmpty() || !changed.isEmpty();
        }

        @Override
        public String toString() {
            return added.size() + " new, " + changed.size() + " changed, " + removed.size() + " removed file(s)";
        }
    }

    public DataSnapshot {
        entries = List.copyOf(entries);
    }

    /** Snapshots {@code files} (absolute paths, in the reader's order). */
    public static DataSnapshot of(List<String> files, FileSystem fs) throws IOException {
        List<Entry> out = new ArrayList<>();
        for (String f : files) {
            Path p = new Path(f);
            FileSystem on = p.getFileSystem(fs.getConf());
            FileStatus st = on.getFileStatus(p);
            FileChecksum sum = on.getFileChecksum(p);
            out.add(new Entry(st.getPath().toString(), st.getLen(), st.getModificationTime(),
                    sum == null ? "-" : sum.getAlgorithmName() + ":" + hex(sum.getBytes())));
        }
        return new DataSnapshot(out);
    }

    /** The files added, changed (size, time or checksum) and removed since {@code older}. */
    public Changes since(DataSnapshot older) {
        Map<String, Entry> before = byPath(older);
        List<String> added = new ArrayList<>();
        List<String> changed = new ArrayList<>();
        for (Entry e : entries) {
            Entry b = before.remove(e.path());
            if (b == null) {
                added.add(e.path());
            } else if (b.size() != e.size() || b.modified() != e.modified() || !b.checksum().equals(e.checksum())) {
                changed.add(e.path());
            }
        }
        return new Changes(added, changed, new ArrayList<>(before.keySet()));
    }

    /** Paths present in both snapshots. */
    public List<String> shared(DataSnapshot other) {
        Map<String, Entry> theirs = byPath(other);
        return entries.stream().map(Entry::path).filter(theirs::containsKey).toList();
    }

    public long bytes() {
        return entries.stream().mapToLong(Entry::size).sum();
    }

    /** The tab-separated text a version folder stores. */
    public String toText() {
        StringBuilder b = new StringBuilder("# size\tmodified_ms\tchecksum\tpath\n");
        for (Entry e : entries) {
            b.append(e.size()).append('\t').append(e.modified()).append('\t').append(e.checksum()).append('\t')
                    .append(e.path()).append('\n');
        }
        return b.toString();
    }

    static DataSnapshot parse(String text, String source) {
        List<Entry> out = new ArrayList<>();
        String[] lines = text.split("\n");
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i];
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            String[] f = line.split("\t", 4);
            try {
                if (f.length != 4) {
                    throw new NumberFormatException("4 tab-separated fields expected");
                }
                out.add(new Entry(f[3], Long.parseLong(f[0]), Long.parseLong(f[1]), f[2]));
            } catch (NumberFormatException e) {
                throw new RegistryException(source + " line " + (i + 1) + " is not 'size, modified, checksum, path' ("
                        + e.getMessage() + "): '" + line + "'");
            }
        }
        return new DataSnapshot(out);
    }

    private static Map<String, Entry> byPath(DataSnapshot s) {
        Map<String, Entry> m = new LinkedHashMap<>();
        s.entries.forEach(e -> m.put(e.path(), e));
        return m;
    }

    private static String hex(byte[] bytes) {
        StringBuilder b = new StringBuilder();
        for (byte x : bytes) {
            b.append(Character.forDigit((x >> 4) & 15, 16)).append(Character.forDigit(x & 15, 16));
        }
        return b.toString();
    }
}
