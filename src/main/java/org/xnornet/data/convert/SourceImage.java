package org.xnornet.data.convert;

import java.io.Serializable;

/**
 * One image a converter will read: where it is ({@code uri}, any Hadoop filesystem), the path stored in the
 * dataset (relative to the source root), its label and class id, and its size in bytes.
 */
public record SourceImage(String uri, String path, int label, String classId, long bytes) implements Serializable {
}
