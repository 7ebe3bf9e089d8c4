package org.xnornet.data.parquet;

import java.io.IOException;
import org.apache.parquet.format.PageHeader;
import org.apache.parquet.format.Util;
import org.apache.parquet.hadoop.metadata.BlockMetaData;
import org.apache.parquet.hadoop.metadata.ColumnChunkMetaData;
import org.apache.parquet.io.InputFile;
import org.apache.parquet.io.SeekableInputStream;
import org.apache.parquet.schema.MessageType;

/**
 * Checks, before Parquet reads a row group, that none of its pages claims more bytes than the file has left.
 * Parquet reads the last column chunk of a row group with a workaround for an old writer bug (chunk sizes a few
 * bytes short): a page that runs past its chunk is completed from the file into a buffer of the missing size,
 * allocated before the read, so one corrupt page header would cost up to 2 GB of heap.
 */
final class PageBounds {
    private PageBounds() {
    }

    /** Walks the page headers of the projected columns; {@code where} names file and row group in the error. */
    static void check(InputFile file, BlockMetaData block, MessageType projection, String where) throws IOException {
        long length = file.getLength();
        try (SeekableInputStream in = file.newStream()) {
            for (ColumnChunkMetaData c : block.getColumns()) {
                if (!projection.containsPath(c.getPath().toArray())) {
                    continue;
                }
                long pos = c.getStartingPos();
                long values = 0;
                while (values < c.getValueCount() && pos >= 0 && pos < length) {
                    in.seek(pos);
                    PageHeader page = Util.readPageHeader(in);
                    long body = in.getPos();
                    if (page.getCompressed_page_size() > length - body) {
                        throw new ImageDataException(where + ": the page of column '" + c.getPath().toDotString()
                                + "' at byte " + pos + " claims " + page.getCompressed_page_size()
                                + " bytes but the file has " + (length - body) + " left");
                    }
                    if (page.isSetData_page_header()) {
                        values += page.getData_page_header().getNum_values();
                    } else if (page.isSetData_page_header_v2()) {
                        values += page.getData_page_header_v2().getNum_values();
                    }
                    pos = body + page.getCompressed_page_size();
                }
            }
        }
    }
}
