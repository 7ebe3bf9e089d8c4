package org.xnornet.data.parquet;

import org.apache.parquet.column.ParquetProperties;

/**
 * Whether the Parquet on the classpath can cap a row group by its number of rows ({@code parquet.block.row.count.limit}):
 * Parquet 1.17 (the Spark 4.2 line) can, Parquet 1.15 (the Spark 4.0 line) has no such limit and ignores the key.
 */
public final class RowGroupRowLimit {
    private RowGroupRowLimit() {
    }

    /** True when {@code ParquetProperties.Builder} has {@code withRowGroupRowCountLimit(int)}. */
    public static boolean supported() {
        try {
            ParquetProperties.Builder.class.getMethod("withRowGroupRowCountLimit", int.class);
            return true;
        } catch (NoSuchMethodException e) {
            return false;
        }
    }
}
