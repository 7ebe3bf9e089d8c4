package org.xnornet.spark;

import java.io.Serializable;
import org.xnornet.data.parquet.HadoopConf;
import org.xnornet.data.parquet.ParquetImageDataset;
import org.xnornet.data.parquet.PartitionPlan;

/**
 * Everything an executor needs besides the per-round state, shipped in each task's closure (a few KB: file
 * names and row-group plans, never data): the settings, the datasets' footers and plans, and the run's id that
 * keys the executor-side caches.
 */
record TrainJobPlan(String id, org.xnornet.config.Settings settings, ParquetImageDataset train, PartitionPlan trainPlan,
        ParquetImageDataset val, PartitionPlan valPlan, int stepsPerEpoch, int totalSteps, HadoopConf conf)
        implements Serializable {
}
