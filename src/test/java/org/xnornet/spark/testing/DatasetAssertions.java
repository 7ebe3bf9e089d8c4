package org.xnornet.spark.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Dataset comparisons for tests (spark-testing-base's {@code assertDataFrameEquals}, without scalatest):
 * same schema and the same rows, in order or as multisets, with binary columns compared by content.
 */
public final class DatasetAssertions {
    private DatasetAssertions() {
    }

    /** Same schema and the same rows in the same order. */
    public static void assertDatasetEquals(Dataset<Row> expected, Dataset<Row> actual) {
        assertEquals(expected.schema(), actual.schema(), "schemas differ");
        compare(render(expected.collectAsList()), render(actual.collectAsList()));
    }

    /** Same schema and the same rows in any order. */
    public static void assertDatasetEqualsUnordered(Dataset<Row> expected, Dataset<Row> actual) {
        assertEquals(expected.schema(), actual.schema(), "schemas differ");
        List<String> e = render(expected.collectAsList());
        List<String> a = render(actual.collectAsList());
        e.sort(null);
        a.sort(null);
        compare(e, a);
    }

    private static void compare(List<String> expected, List<String> actual) {
        if (expected.size() != actual.size()) {
            fail("expected " + expected.size() + " rows, got " + actual.size());
        }
        for (int i = 0; i < expected.size(); i++) {
            if (!expected.get(i).equals(actual.get(i))) {
                fail("row " + i + " differs:\n expected " + expected.get(i) + "\n actual   " + actual.get(i));
            }
        }
    }

    private static List<String> render(List<Row> rows) {
        List<String> out = new ArrayList<>();
        for (Row r : rows) {
            StringBuilder sb = new StringBuilder("[");
            for (int i = 0; i < r.length(); i++) {
                Object v = r.get(i);
                sb.append(i > 0 ? ", " : "").append(v instanceof byte[] b ? "bytes" + Arrays.hashCode(b) + "/" + b.length
                        : v instanceof Row nested ? render(List.of(nested)).get(0) : String.valueOf(v));
            }
            out.add(sb.append(']').toString());
        }
        return out;
    }
}
