package org.xnornet.data.parquet;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.parquet.column.page.PageReadStore;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.example.data.simple.convert.GroupRecordConverter;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.metadata.BlockMetaData;
import org.apache.parquet.hadoop.metadata.ColumnChunkMetaData;
import org.apache.parquet.hadoop.util.HadoopInputFile;
import org.apache.parquet.io.ColumnIOFactory;
import org.apache.parquet.io.RecordReader;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;

/**
 * One Parquet image file read without Spark, row group by row group (the unit of our partition plans and
 * shuffles): its footer, layout and row counts at open, then {@link #readRowGroup} for the rows.
 */
public final class ParquetImageFile implements java.io.Serializable {
    private static final long serialVersionUID = 1L;
    private final String file;
    private final ImageLayout layout;
    private final long[] rowGroupRows;
    private final long[] firstRow;
    private final long maxLabel;

    private ParquetImageFile(String file, ImageLayout layout, long[] rowGroupRows, long maxLabel) {
        this.file = file;
        this.layout = layout;
        this.rowGroupRows = rowGroupRows;
        this.firstRow = new long[rowGroupRows.length];
        for (int i = 1; i < rowGroupRows.length; i++) {
            firstRow[i] = firstRow[i - 1] + rowGroupRows[i - 1];
        }
        this.maxLabel = maxLabel;
    }

    /** Reads the footer of {@code file}; fails naming the file when it is not Parquet or not an image layout. */
    public static ParquetImageFile open(String file, Configuration conf) {
        try (ParquetFileReader reader = ParquetFileReader.open(HadoopInputFile.fromPath(new Path(file), conf))) {
            MessageType schema = reader.getFooter().getFileMetaData().getSchema();
            ImageLayout layout = ImageLayout.detect(schema, file);
            List<BlockMetaData> blocks = reader.getRowGroups();
            long[] rows = new long[blocks.size()];
            long maxLabel = -1;
            for (int i = 0; i < rows.length; i++) {
                rows[i] = blocks.get(i).getRowCount();
                maxLabel = Math.max(maxLabel, labelMax(blocks.get(i)));
            }
            return new ParquetImageFile(file, layout, rows, maxLabel);
        } catch (IOException | RuntimeException e) {
            if (e instanceof ImageDataException) {
                throw (ImageDataException) e;
            }
            throw new ImageDataException(file + " could not be read as Parquet: " + e.getMessage(), e);
        }
    }

    /** The largest label in the footer statistics, −1 when unknown (statistics absent) or the file is empty. */
    private static long labelMax(BlockMetaData block) {
        for (ColumnChunkMetaData c : block.getColumns()) {
            if (c.getPath().toDotString().equals(ImageLayout.LABEL)) {
                var stats = c.getStatistics();
                if (stats != null && stats.hasNonNullValue()) {
                    return ((Number) stats.genericGetMax()).longValue();
                }
                return block.getRowCount() == 0 ? -1 : Long.MAX_VALUE;
            }
        }
        return Long.MAX_VALUE;
    }

    public String file() {
        return file;
    }

    public ImageLayout layout() {
        return layout;
    }

    public int rowGroups() {
        return rowGroupRows.length;
    }

    public long rows(int rowGroup) {
        return rowGroupRows[rowGroup];
    }

    public long rows() {
        return rowGroupRows.length == 0 ? 0 : firstRow[firstRow.length - 1] + rowGroupRows[rowGroupRows.length - 1];
    }

    /** Largest label by the footer statistics; {@link Long#MAX_VALUE} if a row group has none. */
    public long maxLabel() {
        return maxLabel;
    }

    /** Reads and checks every row of one row group; errors name this file and the row (0-based in the file). */
    public List<ImageRecord> readRowGroup(int rowGroup, ClassList classes, Configuration conf) {
        try (ParquetFileReader reader = ParquetFileReader.open(HadoopInputFile.fromPath(new Path(file), conf))) {
            MessageType schema = reader.getFooter().getFileMetaData().getSchema();
            if (ImageLayout.detect(schema, file) != layout || reader.getRowGroups().size() != rowGroupRows.length) {
                throw new ImageDataException(file + " changed since its footer was first read");
            }
            MessageType projection = layout.projection(schema);
            boolean labelIs64 = projection.getType(ImageLayout.LABEL).asPrimitiveType().getPrimitiveTypeName()
                    == PrimitiveTypeName.INT64;
            reader.setRequestedSchema(projection);
            PageBounds.check(HadoopInputFile.fromPath(new Path(file), conf), reader.getRowGroups().get(rowGroup),
                    projection, file + ": row group " + rowGroup);
            PageReadStore pages = reader.readRowGroup(rowGroup);
            RecordReader<Group> rows = new ColumnIOFactory().getColumnIO(projection)
                    .getRecordReader(pages, new GroupRecordConverter(projection));
            List<ImageRecord> out = new ArrayList<>((int) Math.min(rowGroupRows[rowGroup], 1024));
            for (long r = 0; r < rowGroupRows[rowGroup]; r++) {
                out.add(toRecord(rows.read(), labelIs64, file + " row " + (firstRow[rowGroup] + r), classes));
            }
            return out;
        } catch (IOException | RuntimeException e) {
            // Parquet reports corrupt pages and page headers with its own runtime exceptions, and some with
            // NullPointerException or ArrayIndexOutOfBoundsException: all mean this row group is unreadable.
            if (e instanceof ImageDataException) {
                throw (ImageDataException) e;
            }
            throw new ImageDataException(file + ": row group " + rowGroup + " could not be read: " + e, e);
        }
    }

    private ImageRecord toRecord(Group g, boolean labelIs64, String where, ClassList classes) {
        if (g.getFieldRepetitionCount(ImageLayout.LABEL) == 0) {
            throw new ImageDataException(where + ": column 'label' is null");
        }
        long label = labelIs64 ? g.getLong(ImageLayout.LABEL, 0) : g.getInteger(ImageLayout.LABEL, 0);
        if (g.getFieldRepetitionCount(ImageLayout.IMAGE) == 0) {
            throw new ImageDataException(where + ": column 'image' is null");
        }
        byte[] bytes;
        String path = null;
        String classId = null;
        if (layout == ImageLayout.XNORNET) {
            bytes = g.getBinary(ImageLayout.IMAGE, 0).getBytes();
            classId = optionalString(g, ImageLayout.CLASS_ID);
            path = optionalString(g, ImageLayout.PATH);
        } else {
            Group image = g.getGroup(ImageLayout.IMAGE, 0);
            if (image.getFieldRepetitionCount(ImageLayout.HF_BYTES) == 0) {
                throw new ImageDataException(where + ": column 'image.bytes' is null");
            }
            bytes = image.getBinary(ImageLayout.HF_BYTES, 0).getBytes();
            path = optionalString(image, ImageLayout.PATH);
        }
        int checked = classes.check(label, classId, where);
        return new ImageRecord(bytes, checked, classId, path, where);
    }

    private static String optionalString(Group g, String field) {
        if (!g.getType().containsField(field) || g.getFieldRepetitionCount(field) == 0) {
            return null;
        }
        return g.getString(field, 0);
    }
}
