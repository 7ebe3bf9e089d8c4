package org.xnornet.data.parquet;

import java.io.Serializable;

/** One row group of one file of a dataset: the unit that partitions are planned and shuffled in. */
public record RowGroupRef(int file, int rowGroup, long rows) implements Serializable {
}
