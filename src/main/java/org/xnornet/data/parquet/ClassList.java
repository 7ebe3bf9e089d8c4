package org.xnornet.data.parquet;

import java.io.Serializable;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The classes of a dataset in label order: label i is class {@code ids.get(i)} (for ImageNet the sorted
 * WordNet ids, 0 = n01440764). Checks each row's label and class id, naming the row at fault.
 */
public final class ClassList implements Serializable {
    private static final long serialVersionUID = 1L;
    private final List<String> ids;
    private final Map<String, Integer> labelOf = new HashMap<>();

    public ClassList(List<String> ids) {
        if (ids.isEmpty()) {
            throw new IllegalArgumentException("a dataset needs at least one class");
        }
        this.ids = List.copyOf(ids);
        for (int i = 0; i < ids.size(); i++) {
            if (labelOf.put(ids.get(i), i) != null) {
                throw new IllegalArgumentException("class id '" + ids.get(i) + "' appears twice in the class list");
            }
        }
    }

    /** Classes known only by count (e.g. Hugging Face files without a manifest): ids are "0".."n−1". */
    public static ClassList ofCount(int n) {
        String[] ids = new String[n];
        for (int i = 0; i < n; i++) {
            ids[i] = Integer.toString(i);
        }
        return new ClassList(List.of(ids));
    }

    public int size() {
        return ids.size();
    }

    public List<String> ids() {
        return ids;
    }

    public String id(int label) {
        return ids.get(label);
    }

    /** The label of a class id, or −1 if it is not one of these classes. */
    public int labelOf(String id) {
        return labelOf.getOrDefault(id, -1);
    }

    /** Checks a row's label (and class id when the row has one); {@code where} names file and row. */
    public int check(long label, String classId, String where) {
        if (label < 0 || label >= ids.size()) {
            throw new ImageDataException(where + ": label " + label + " is outside 0.." + (ids.size() - 1)
                    + " (" + ids.size() + " classes)");
        }
        if (classId != null) {
            int expected = labelOf(classId);
            if (expected < 0) {
                throw new ImageDataException(where + ": class_id '" + classId + "' is not one of the dataset's "
                        + ids.size() + " classes");
            }
            if (expected != label) {
                throw new ImageDataException(where + ": label " + label + " is class '" + ids.get((int) label)
                        + "' but class_id says '" + classId + "' (label " + expected + ")");
            }
        }
        return (int) label;
    }
}
