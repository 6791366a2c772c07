package io.rostersync.csv.internal;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.SequenceWriter;
import com.fasterxml.jackson.dataformat.csv.CsvGenerator;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import java.io.Closeable;
import java.io.IOException;
import java.io.Writer;
import java.util.List;

/**
 * Writes rows of cell texts with jackson-dataformat-csv: CRLF line ends, quoting only where a cell needs it,
 * and every cell {@linkplain Cells#neutralise neutralised} against formula injection (values are escaped
 * before, by {@link RowCodec#encode}; cells kept from a file are left alone unless they would run as a
 * formula). Not thread-safe.
 */
public final class CsvRowWriter implements Closeable {

    private static final CsvMapper MAPPER = new CsvMapper();

    private final Writer out;
    private final SequenceWriter rows;

    /**
     * @param out       where to write; a byte order mark, if wanted, is written first
     * @param delimiter the cell delimiter
     * @param bom       whether to start with U+FEFF, which tells Excel the file is UTF-8
     */
    public CsvRowWriter(Writer out, char delimiter, boolean bom) throws IOException {
        this.out = out;
        if (bom) {
            out.write('\uFEFF');
        }
        this.rows = MAPPER.writer(CsvSchema.emptySchema().withColumnSeparator(delimiter).withLineSeparator("\r\n"))
                .with(CsvGenerator.Feature.STRICT_CHECK_FOR_QUOTING)
                .without(JsonGenerator.Feature.AUTO_CLOSE_TARGET)
                .writeValues(out);
    }

    public void write(List<String> cells) throws IOException {
        String[] row = new String[cells.size()];
        for (int i = 0; i < row.length; i++) {
            String c = cells.get(i);
            row[i] = Cells.neutralise(c == null ? "" : c);
        }
        rows.write(row);
    }

    public void flush() throws IOException {
        rows.flush();
    }

    /** Flushes; the underlying writer stays open (its owner closes it). */
    @Override
    public void close() throws IOException {
        rows.close();
        out.flush();
    }
}
