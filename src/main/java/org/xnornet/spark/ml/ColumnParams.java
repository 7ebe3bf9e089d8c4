package org.xnornet.spark.ml;

import java.io.Serializable;
import java.util.Arrays;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.Params;
import org.apache.spark.ml.param.StringArrayParam;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.Metadata;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * The column and class params the classifier and its model share (Spark ML names and defaults): the encoded-image
 * input, the prediction, probability, rawPrediction and topK outputs, and the class ids and names in label order.
 */
final class ColumnParams implements Serializable {
    private static final long serialVersionUID = 1L;

    final Param<String> inputCol;
    final Param<String> predictionCol;
    final Param<String> probabilityCol;
    final Param<String> rawPredictionCol;
    final Param<String> topKCol;
    final StringArrayParam classIds;
    final StringArrayParam classNames;

    ColumnParams(Params owner) {
        String uid = owner.uid();
        inputCol = new Param<>(uid, "inputCol", "column of encoded images (JPEG, PNG): binary, as our layout's "
                + "'image', or struct<bytes: binary, path: string>, as Hugging Face's 'image'");
        predictionCol = new Param<>(uid, "predictionCol", "output: the predicted label (double), argmax of the logits");
        probabilityCol = new Param<>(uid, "probabilityCol", "output: softmax of the logits (vector)");
        rawPredictionCol = new Param<>(uid, "rawPredictionCol", "output: the logits (vector)");
        topKCol = new Param<>(uid, "topKCol", "output: array of struct<label, class, name, probability>, most "
                + "probable first (topK entries)");
        classIds = new StringArrayParam(owner, "classIds", "class ids in label order (empty: \"0\"..\"n-1\")");
        classNames = new StringArrayParam(owner, "classNames", "class names in label order (empty: none)");
    }

    void setDefaults(Params owner) {
        owner.setDefault(inputCol, "image");
        owner.setDefault(predictionCol, "prediction");
        owner.setDefault(probabilityCol, "probability");
        owner.setDefault(rawPredictionCol, "rawPrediction");
        owner.setDefault(topKCol, "topK");
        owner.setDefault(classIds, new String[0]);
        owner.setDefault(classNames, new String[0]);
    }

    /** {@code schema} with the output columns added; fails if one is there already. */
    StructType output(Params owner, StructType schema) {
        StructType top = new StructType().add("label", DataTypes.IntegerType, false)
                .add("class", DataTypes.StringType, false).add("name", DataTypes.StringType, true)
                .add("probability", DataTypes.DoubleType, false);
        StructType out = schema;
        for (StructField f : new StructField[] {field(owner, predictionCol, DataTypes.DoubleType),
            field(owner, probabilityCol, SQLDataTypes.VectorType()),
            field(owner, rawPredictionCol, SQLDataTypes.VectorType()),
            field(owner, topKCol, DataTypes.createArrayType(top, false))}) {
            if (Arrays.asList(out.fieldNames()).contains(f.name())) {
                throw new IllegalArgumentException("output column '" + f.name() + "' is already in the DataFrame");
            }
            out = out.add(f);
        }
        return out;
    }

    private static StructField field(Params owner, Param<String> column, DataType type) {
        return new StructField(owner.getOrDefault(column), type, false, Metadata.empty());
    }

    Param<?>[] params() {
        return new Param<?>[] {inputCol, predictionCol, probabilityCol, rawPredictionCol, topKCol, classIds,
            classNames};
    }
}
