package org.xnornet.infer;

import java.util.List;

/**
 * A model's classes in label order: their count, and, when the dataset's manifest gave them, their ids (e.g.
 * WordNet ids) and readable names. Without ids, class k is called "k".
 */
public record ModelClasses(int count, List<String> ids, List<String> names) {
    public ModelClasses {
        if (count < 2) {
            throw new IllegalArgumentException("a model needs at least 2 classes, got " + count);
        }
        ids = ids == null ? null : List.copyOf(ids);
        names = names == null ? null : List.copyOf(names);
        if (ids != null && ids.size() != count || names != null && names.size() != count) {
            throw new IllegalArgumentException("class ids or names do not number " + count + ": " + ids + ", "
                    + names);
        }
    }

    /** Classes known only by their count. */
    public static ModelClasses ofCount(int count) {
        return new ModelClasses(count, null, null);
    }

    /** The id of class {@code label}, or its number when ids are unknown. */
    public String id(int label) {
        return ids == null ? Integer.toString(label) : ids.get(label);
    }

    /** The readable name of class {@code label}, or null when names are unknown. */
    public String name(int label) {
        return names == null ? null : names.get(label);
    }
}
