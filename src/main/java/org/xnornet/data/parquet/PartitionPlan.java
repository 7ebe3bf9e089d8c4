package org.xnornet.data.parquet;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Which row groups each of P training partitions reads: a deterministic greedy balance by row count
 * (largest group first, onto the least-loaded partition), so every partition holds about rows/P images and
 * the same plan comes out on every machine. Row groups are the unit, so a dataset needs at least P of them.
 */
public final class PartitionPlan implements Serializable {
    private static final long serialVersionUID = 1L;
    private final List<List<RowGroupRef>> partitions;

    private PartitionPlan(List<List<RowGroupRef>> partitions) {
        this.partitions = partitions;
    }

    public static PartitionPlan of(ParquetImageDataset data, int partitions) {
        List<RowGroupRef> groups = new ArrayList<>(data.rowGroups());
        groups.removeIf(g -> g.rows() == 0);
        if (partitions < 1 || groups.size() < partitions) {
            throw new ImageDataException(data + " has " + groups.size() + " non-empty row groups, fewer than the "
                    + partitions + " partitions asked for; convert it with smaller row groups (--row-group-mb) or "
                    + "train with fewer partitions");
        }
        groups.sort(Comparator.comparingLong(RowGroupRef::rows).reversed()
                .thenComparingInt(RowGroupRef::file).thenComparingInt(RowGroupRef::rowGroup));
        List<List<RowGroupRef>> out = new ArrayList<>();
        long[] load = new long[partitions];
        for (int p = 0; p < partitions; p++) {
            out.add(new ArrayList<>());
        }
        for (RowGroupRef g : groups) {
            int best = 0;
            for (int p = 1; p < partitions; p++) {
                if (load[p] < load[best]) {
                    best = p;
                }
            }
            out.get(best).add(g);
            load[best] += g.rows();
        }
        for (List<RowGroupRef> list : out) {
            list.sort(Comparator.comparingInt(RowGroupRef::file).thenComparingInt(RowGroupRef::rowGroup));
        }
        return new PartitionPlan(out);
    }

    public int partitions() {
        return partitions.size();
    }

    public List<RowGroupRef> groups(int partition) {
        return List.copyOf(partitions.get(partition));
    }

    public long rows(int partition) {
        return partitions.get(partition).stream().mapToLong(RowGroupRef::rows).sum();
    }

    /** Batches of {@code batch} every partition can serve in one epoch (the smallest partition decides). */
    public int batchesPerEpoch(int batch) {
        long min = Long.MAX_VALUE;
        for (int p = 0; p < partitions.size(); p++) {
            min = Math.min(min, rows(p));
        }
        return (int) (min / batch);
    }
}
