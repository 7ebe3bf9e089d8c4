package org.xnornet.data.parquet;

/**
 * What a partition keeps in executor memory between epochs: nothing (stream from Parquet each time), the
 * encoded rows of its row groups, or the decoded pixels too (for small images, where decoding dominates).
 */
public enum CacheMode {
    NONE, ENCODED, DECODED
}
