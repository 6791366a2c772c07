package io.rostersync.csv;

import io.rostersync.csv.internal.AtomicFiles;
import io.rostersync.csv.internal.CsvRowWriter;
import io.rostersync.csv.internal.Layout;
import io.rostersync.csv.internal.RowCodec;
import io.rostersync.model.UserRecord;
import io.rostersync.spi.FailureKind;
import io.rostersync.spi.ReadProblem;
import io.rostersync.spi.RosterSyncException;
import io.rostersync.spi.TransientException;
import io.rostersync.spi.UserDirectory;
import io.rostersync.spi.UserPage;
import io.rostersync.spi.UserPages;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Writes CSV files with the headers of a {@link CsvColumns} mapping: the current member list of any
 * {@link UserDirectory} (or of given records), and an empty template with just the header row, as the
 * "download a sample template / the current member list" buttons of a team admin page need. What it
 * writes reads back through {@link CsvUserDirectory} with the same mapping to the same profiles.
 *
 * <p>Output is UTF-8 with CRLF line ends, optionally with a byte order mark ({@link #withBom(boolean)}) so
 * that Excel opens it as UTF-8. Spreadsheet formula injection is neutralised: a value starting with
 * {@code =}, {@code +}, {@code -}, {@code @}, tab or carriage return is written with a leading {@code '}
 * (shown as text by spreadsheets, and removed again when this library reads the file); a value that
 * really starts with {@code '} followed by one of those or by another {@code '} gets one more {@code '},
 * so it too reads back as it was. Values are trimmed, as reading trims them. Roles and groups
 * are joined with {@link CsvColumns#valueSeparator()}; a role containing the separator cannot survive the
 * round trip. Fields without a column are not written; a record without an email gives a row that will
 * not read back.
 *
 * <p>Immutable and thread-safe. Methods taking a {@link Writer} or {@link OutputStream} flush but do not
 * close it; methods taking a {@link Path} replace the file atomically. Failures throw a
 * {@link RosterSyncException} ({@link FailureKind#TRANSIENT} for I/O).
 *
 * @since 0.1.0
 */
public final class CsvExport {

    private final CsvColumns columns;
    private final boolean bom;

    private CsvExport(CsvColumns columns, boolean bom) {
        this.columns = columns;
        this.bom = bom;
    }

    /**
     * An export with this mapping's headers, without a byte order mark.
     *
     * @param columns the mapping
     * @return the export
     */
    public static CsvExport of(CsvColumns columns) {
        return new CsvExport(Objects.requireNonNull(columns, "columns"), false);
    }

    /**
     * An export with {@link CsvColumns#defaults()}.
     *
     * @return the export
     */
    public static CsvExport defaults() {
        return of(CsvColumns.defaults());
    }

    /**
     * This export, starting files with a UTF-8 byte order mark or not.
     *
     * @param value true to write a byte order mark
     * @return a copy that writes the mark or not
     */
    public CsvExport withBom(boolean value) {
        return new CsvExport(columns, value);
    }

    /**
     * What a member export wrote.
     *
     * @param rows    data rows written
     * @param skipped records the directory could not read, which are therefore missing from the file
     */
    public record Result(int rows, List<ReadProblem> skipped) {
        /**
         * Checks and copies the parts.
         *
         * @param rows    data rows written, zero or more
         * @param skipped the records left out; copied
         * @throws IllegalArgumentException if {@code rows} is negative
         */
        public Result {
            skipped = List.copyOf(skipped);
            if (rows < 0) {
                throw new IllegalArgumentException("rows must not be negative");
            }
        }
    }

    // ---- template -------------------------------------------------------------------------------

    /**
     * Writes the header row only.
     *
     * @param out where to write; flushed, not closed
     * @throws RosterSyncException ({@link FailureKind#TRANSIENT}) when writing fails
     */
    public void writeTemplate(Writer out) {
        write(out, w -> {
        });
    }

    /**
     * Writes the header row only.
     *
     * @param out where to write, as UTF-8; flushed, not closed
     * @throws RosterSyncException ({@link FailureKind#TRANSIENT}) when writing fails
     */
    public void writeTemplate(OutputStream out) {
        withUtf8(out, this::writeTemplate);
    }

    /**
     * Writes the header row only.
     *
     * @param file the file, created or replaced atomically
     * @throws RosterSyncException ({@link FailureKind#TRANSIENT}) when writing fails
     */
    public void writeTemplate(Path file) {
        toFile(file, this::writeTemplate);
    }

    // ---- records --------------------------------------------------------------------------------

    /**
     * Writes the header row and one row per record, in the given order. Gives the number of rows.
     *
     * @param records the records
     * @param out     where to write; flushed, not closed
     * @return the number of data rows written
     * @throws RosterSyncException ({@link FailureKind#TRANSIENT}) when writing fails
     */
    public int writeRecords(Iterable<UserRecord> records, Writer out) {
        Objects.requireNonNull(records, "records");
        int[] n = {0};
        RowCodec codec = new RowCodec(columns, Layout.fresh(columns));
        write(out, w -> {
            for (UserRecord r : records) {
                w.write(List.of(codec.encode(r.id(), r.profile(), List.of())));
                n[0]++;
            }
        });
        return n[0];
    }

    /**
     * Writes the header row and one row per record, in the given order.
     *
     * @param records the records
     * @param out     where to write, as UTF-8; flushed, not closed
     * @return the number of data rows written
     * @throws RosterSyncException ({@link FailureKind#TRANSIENT}) when writing fails
     */
    public int writeRecords(Iterable<UserRecord> records, OutputStream out) {
        int[] n = {0};
        withUtf8(out, w -> n[0] = writeRecords(records, w));
        return n[0];
    }

    /**
     * Writes the header row and one row per record, in the given order.
     *
     * @param records the records
     * @param file    the file, created or replaced atomically
     * @return the number of data rows written
     * @throws RosterSyncException ({@link FailureKind#TRANSIENT}) when writing fails
     */
    public int writeRecords(Iterable<UserRecord> records, Path file) {
        int[] n = {0};
        toFile(file, w -> n[0] = writeRecords(records, w));
        return n[0];
    }

    // ---- directory members ----------------------------------------------------------------------

    /**
     * Reads {@code directory} page by page and writes every account it returns. Records the directory
     * reports as unreadable are listed in the result, since they are missing from the file.
     *
     * @param directory the directory to read
     * @param out       where to write; flushed, not closed
     * @return the rows written and the records left out
     * @throws RosterSyncException when writing fails ({@link FailureKind#TRANSIENT}) or the directory cannot be
     *                             read
     */
    public Result writeMembers(UserDirectory directory, Writer out) {
        Objects.requireNonNull(directory, "directory");
        RowCodec codec = new RowCodec(columns, Layout.fresh(columns));
        int[] n = {0};
        List<ReadProblem> skipped = new ArrayList<>();
        write(out, w -> {
            try (UserPages pages = directory.readAll()) {
                for (Optional<UserPage> p = pages.next(); p.isPresent(); p = pages.next()) {
                    for (UserRecord r : p.get().users()) {
                        w.write(List.of(codec.encode(r.id(), r.profile(), List.of())));
                        n[0]++;
                    }
                    skipped.addAll(p.get().problems());
                }
            }
        });
        return new Result(n[0], skipped);
    }

    /**
     * Reads {@code directory} page by page and writes every account it returns.
     *
     * @param directory the directory to read
     * @param out       where to write, as UTF-8; flushed, not closed
     * @return the rows written and the records left out
     * @throws RosterSyncException when writing fails ({@link FailureKind#TRANSIENT}) or the directory cannot be
     *                             read
     */
    public Result writeMembers(UserDirectory directory, OutputStream out) {
        Result[] r = new Result[1];
        withUtf8(out, w -> r[0] = writeMembers(directory, w));
        return r[0];
    }

    /**
     * Reads {@code directory} page by page and writes every account it returns.
     *
     * @param directory the directory to read
     * @param file      the file, created or replaced atomically
     * @return the rows written and the records left out
     * @throws RosterSyncException when writing fails ({@link FailureKind#TRANSIENT}) or the directory cannot be
     *                             read
     */
    public Result writeMembers(UserDirectory directory, Path file) {
        Result[] r = new Result[1];
        toFile(file, w -> r[0] = writeMembers(directory, w));
        return r[0];
    }

    // ---- plumbing -------------------------------------------------------------------------------

    @FunctionalInterface
    private interface Rows {
        void writeTo(CsvRowWriter writer) throws IOException;
    }

    @FunctionalInterface
    private interface ToWriter {
        void accept(Writer writer);
    }

    private void write(Writer out, Rows rows) {
        Objects.requireNonNull(out, "out");
        try {
            CsvRowWriter writer = new CsvRowWriter(out, columns.delimiter(), bom);
            writer.write(columns.headers());
            rows.writeTo(writer);
            writer.close();
        } catch (IOException e) {
            throw failure(e);
        }
    }

    private static void withUtf8(OutputStream out, ToWriter body) {
        Objects.requireNonNull(out, "out");
        Writer w = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8));
        body.accept(w);
        try {
            w.flush();
        } catch (IOException e) {
            throw failure(e);
        }
    }

    private static void toFile(Path file, ToWriter body) {
        Objects.requireNonNull(file, "file");
        try {
            AtomicFiles.replace(file, body::accept);
        } catch (IOException e) {
            throw failure(e);
        }
    }

    private static RosterSyncException failure(IOException e) {
        return new TransientException("writing the CSV export failed: " + e.getClass().getSimpleName()
                + (e.getMessage() == null ? "" : ": " + e.getMessage()), e);
    }
}
