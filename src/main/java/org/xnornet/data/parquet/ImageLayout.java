package org.xnornet.data.parquet;

import java.util.ArrayList;
import java.util.List;
import org.apache.parquet.schema.GroupType;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;
import org.apache.parquet.schema.Type;
import org.apache.parquet.schema.Types;

/**
 * The two Parquet image layouts we read, detected from a file's schema (docs/DATA.md):
 * <ul>
 * <li>{@link #XNORNET}: {@code image binary, label int32, class_id string, path string} — what our
 * converters write;</li>
 * <li>{@link #HUGGING_FACE}: {@code image struct<bytes: binary, path: string>, label int64} — the
 * Hugging Face imagenet-1k files as they are.</li>
 * </ul>
 */
public enum ImageLayout {
    XNORNET, HUGGING_FACE;

    public static final String IMAGE = "image";
    public static final String LABEL = "label";
    public static final String CLASS_ID = "class_id";
    public static final String PATH = "path";
    public static final String HF_BYTES = "bytes";

    /** Detects the layout of {@code file}'s schema, or fails with a message naming the file and column. */
    public static ImageLayout detect(MessageType schema, String file) {
        if (!schema.containsField(IMAGE)) {
            throw fault(file, "has no column '" + IMAGE + "' (columns: " + names(schema) + ")");
        }
        if (!schema.containsField(LABEL)) {
            throw fault(file, "has no column '" + LABEL + "' (columns: " + names(schema) + ")");
        }
        Type label = schema.getType(LABEL);
        if (!label.isPrimitive() || !isInteger(label.asPrimitiveType().getPrimitiveTypeName())) {
            throw fault(file, "column '" + LABEL + "' has type " + describe(label) + "; expected int32 or int64");
        }
        Type image = schema.getType(IMAGE);
        if (image.isPrimitive() && image.asPrimitiveType().getPrimitiveTypeName() == PrimitiveTypeName.BINARY) {
            for (String column : new String[] {CLASS_ID, PATH}) {
                if (schema.containsField(column) && !isString(schema.getType(column))) {
                    throw fault(file, "column '" + column + "' has type " + describe(schema.getType(column))
                            + "; expected string");
                }
            }
            return XNORNET;
        }
        if (!image.isPrimitive()) {
            GroupType g = image.asGroupType();
            if (g.containsField(HF_BYTES) && g.getType(HF_BYTES).isPrimitive()
                    && g.getType(HF_BYTES).asPrimitiveType().getPrimitiveTypeName() == PrimitiveTypeName.BINARY) {
                return HUGGING_FACE;
            }
        }
        throw fault(file, "column '" + IMAGE + "' has type " + describe(image)
                + "; expected binary (xnornet layout) or struct<bytes: binary, path: string> (Hugging Face layout)");
    }

    /** The columns this layout reads (a projection of {@code schema}, so other columns are never decoded). */
    public MessageType projection(MessageType schema) {
        List<Type> fields = new ArrayList<>();
        fields.add(schema.getType(IMAGE));
        fields.add(schema.getType(LABEL));
        if (this == XNORNET) {
            for (String column : new String[] {CLASS_ID, PATH}) {
                if (schema.containsField(column)) {
                    fields.add(schema.getType(column));
                }
            }
        }
        return new MessageType(schema.getName(), fields);
    }

    /** Our own layout's schema, as Parquet sees it (the converters write it through Spark SQL). */
    public static MessageType xnornetSchema() {
        return Types.buildMessage()
                .optional(PrimitiveTypeName.BINARY).named(IMAGE)
                .optional(PrimitiveTypeName.INT32).named(LABEL)
                .optional(PrimitiveTypeName.BINARY).as(LogicalTypeAnnotation.stringType()).named(CLASS_ID)
                .optional(PrimitiveTypeName.BINARY).as(LogicalTypeAnnotation.stringType()).named(PATH)
                .named("spark_schema");
    }

    private static boolean isInteger(PrimitiveTypeName t) {
        return t == PrimitiveTypeName.INT32 || t == PrimitiveTypeName.INT64;
    }

    private static boolean isString(Type t) {
        return t.isPrimitive() && t.asPrimitiveType().getPrimitiveTypeName() == PrimitiveTypeName.BINARY;
    }

    private static String describe(Type t) {
        return t.isPrimitive() ? t.asPrimitiveType().getPrimitiveTypeName().name().toLowerCase(java.util.Locale.ROOT)
                : "struct<" + names(t.asGroupType()) + ">";
    }

    private static String names(GroupType g) {
        List<String> out = new ArrayList<>();
        for (Type t : g.getFields()) {
            out.add(t.getName());
        }
        return String.join(", ", out);
    }

    private static ImageDataException fault(String file, String what) {
        return new ImageDataException(file + " " + what);
    }
}
