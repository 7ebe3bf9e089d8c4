package org.xnornet.data.parquet;

/**
 * One row of an image dataset as read from Parquet: the encoded bytes as stored (JPEG/PNG), the label
 * 0..N−1, the class id (e.g. a WordNet id; {@code null} in the Hugging Face layout) and the source path.
 * {@code where} names the file and row it came from, for error messages and bad-image reports.
 */
public record ImageRecord(byte[] image, int label, String classId, String path, String where) {
    /** The most specific name of this image for a log line: its source path if known, else its file and row. */
    public String name() {
        return path == null || path.isEmpty() ? where : path + " (" + where + ")";
    }
}
