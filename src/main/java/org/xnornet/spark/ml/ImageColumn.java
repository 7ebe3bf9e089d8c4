package org.xnornet.spark.ml;

import java.io.Serializable;
import java.util.Arrays;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.BinaryType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.xnornet.data.parquet.ImageLayout;

/**
 * Where a DataFrame keeps its encoded images and their names, in either layout ({@link ImageLayout}): a binary
 * column (ours, with the image's name in a string column {@code path} if there is one) or a
 * {@code struct<bytes, path>} (Hugging Face's).
 */
record ImageColumn(String name, int index, boolean struct, int bytesField, int pathField, int pathColumn)
        implements Serializable {

    static ImageColumn resolve(StructType schema, String name) {
        if (!Arrays.asList(schema.fieldNames()).contains(name)) {
            throw new IllegalArgumentException("input column '" + name + "' is not in the DataFrame (columns: "
                    + String.join(", ", schema.fieldNames()) + ")");
        }
        int index = schema.fieldIndex(name);
        StructField f = schema.fields()[index];
        if (f.dataType() instanceof BinaryType) {
            int path = stringField(schema, ImageLayout.PATH);
            return new ImageColumn(name, index, false, -1, -1, name.equals(ImageLayout.PATH) ? -1 : path);
        }
        if (f.dataType() instanceof StructType st && Arrays.asList(st.fieldNames()).contains(ImageLayout.HF_BYTES)
                && st.apply(ImageLayout.HF_BYTES).dataType() instanceof BinaryType) {
            return new ImageColumn(name, index, true, st.fieldIndex(ImageLayout.HF_BYTES),
                    stringField(st, ImageLayout.PATH), -1);
        }
        throw new IllegalArgumentException("input column '" + name + "' has type " + f.dataType().simpleString()
                + "; expected binary (our layout) or struct<bytes: binary, path: string> (Hugging Face's)");
    }

    private static int stringField(StructType t, String field) {
        return Arrays.asList(t.fieldNames()).contains(field) && t.apply(field).dataType().equals(DataTypes.StringType)
                ? t.fieldIndex(field) : -1;
    }

    byte[] bytes(Row r) {
        if (!struct) {
            return r.isNullAt(index) ? null : (byte[]) r.get(index);
        }
        Row s = r.getStruct(index);
        return s == null || s.isNullAt(bytesField) ? null : (byte[]) s.get(bytesField);
    }

    /** The image's path if the row has one, else its position; for error messages. */
    String describe(Row r, int partition, long row) {
        String path = null;
        if (pathColumn >= 0 && !r.isNullAt(pathColumn)) {
            path = r.getString(pathColumn);
        } else if (struct && pathField >= 0 && r.getStruct(index) != null && !r.getStruct(index).isNullAt(pathField)) {
            path = r.getStruct(index).getString(pathField);
        }
        String where = "row " + row + " of partition " + partition + " (column '" + name + "')";
        return path == null || path.isEmpty() ? where : path + " (" + where + ")";
    }
}
