package io.rostersync.csv.internal;

import io.rostersync.csv.CsvColumns;
import io.rostersync.csv.CsvField;
import io.rostersync.csv.CsvInput;
import io.rostersync.model.EmailAddress;
import io.rostersync.model.NativeId;
import io.rostersync.model.UserRecord;
import io.rostersync.spi.FailureKind;
import io.rostersync.spi.ReadProblem;
import io.rostersync.spi.RosterSyncException;
import java.io.Closeable;
import java.io.IOException;
import java.io.PushbackReader;
import java.io.Reader;
import java.nio.file.AccessDeniedException;
import java.nio.file.NoSuchFileException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Streams the rows of one CSV text: the header is resolved when opened, then each {@link #next()} parses
 * one row with {@link CsvTokenizer}. A row that cannot be parsed or decoded becomes a {@link ReadProblem}
 * at its first physical line (1-based, the header being line 1, each line end inside a quoted cell
 * counted) and reading goes on at the real start of the next row. A cell longer than
 * {@link #MAX_CELL_CHARS} characters makes its row a problem; its excess is skipped, never held. Ids and emails seen so far are
 * remembered to report duplicates, so memory grows with the number of rows (not with their size).
 * Not thread-safe.
 */
public final class CsvRowReader implements Closeable {

    private static final Logger LOG = LoggerFactory.getLogger(CsvRowReader.class);

    /** The longest cell accepted, in characters: far beyond any real name, email or list of roles. */
    public static final int MAX_CELL_CHARS = 1_000_000;

    /** One row's outcome. */
    public sealed interface Row {
    }

    /** A user read from the row starting at {@code line}; {@code cells} as in the file. */
    public record Read(int line, UserRecord record, List<String> cells) implements Row {
    }

    /** A row that was skipped. */
    public record Problem(ReadProblem problem) implements Row {
    }

    private final Reader reader;
    private final CsvTokenizer rows;
    private final String source;
    private final boolean bom;
    private final RowCodec codec;
    private final Map<NativeId, Integer> idLines = new HashMap<>();
    private final Map<EmailAddress, Integer> emailLines = new HashMap<>();
    private final boolean idColumn;
    private boolean done;

    private CsvRowReader(Reader reader, boolean bom, CsvColumns columns, String source) {
        this.reader = reader;
        this.bom = bom;
        this.source = source;
        this.rows = new CsvTokenizer(reader, columns.delimiter(), MAX_CELL_CHARS);
        List<String> header = readHeader();
        Layout layout = Layout.resolve(header, columns, source);
        this.codec = new RowCodec(columns, layout);
        this.idColumn = layout.column(CsvField.ID).isPresent();
    }

    /**
     * Opens {@code input} and resolves its header row.
     *
     * @throws RosterSyncException {@link FailureKind#INVALID_CONFIGURATION} when the text is empty, its
     *                             header cannot be parsed or lacks a required column, or the input does
     *                             not exist; {@link FailureKind#PERMISSION_DENIED} when it may not be read;
     *                             {@link FailureKind#TRANSIENT} for other I/O failures
     */
    public static CsvRowReader open(CsvInput input, CsvColumns columns, String source) {
        Reader raw;
        try {
            raw = input.open();
        } catch (IOException e) {
            throw ioFailure(e, source);
        }
        try {
            PushbackReader in = new PushbackReader(raw, 1);
            int first = in.read();
            boolean bom = first == '\uFEFF';
            if (first >= 0 && !bom) {
                in.unread(first);
            }
            return new CsvRowReader(in, bom, columns, source);
        } catch (IOException e) {
            closeQuietly(raw);
            throw ioFailure(e, source);
        } catch (RuntimeException e) {
            closeQuietly(raw);
            throw e;
        }
    }

    /** The resolved layout of the file. */
    public Layout layout() {
        return codec.layout();
    }

    public RowCodec codec() {
        return codec;
    }

    /** Whether the text started with a byte order mark. */
    public boolean hadBom() {
        return bom;
    }

    private List<String> readHeader() {
        while (true) {
            Optional<CsvTokenizer.Row> next;
            try {
                next = rows.next();
            } catch (IOException e) {
                throw ioFailure(e, source);
            }
            if (next.isEmpty()) {
                throw new RosterSyncException(FailureKind.INVALID_CONFIGURATION,
                        source + " is empty; expected a header row such as " + "'First Name,Last Name,Email,...'");
            }
            CsvTokenizer.Row row = next.get();
            if (row.error().isPresent()) {
                throw new RosterSyncException(FailureKind.INVALID_CONFIGURATION,
                        source + ": the header row (line " + row.line() + ") cannot be parsed: " + row.error().get());
            }
            if (row.cells().stream().anyMatch(c -> !c.isBlank())) {
                return row.cells();
            }
        }
    }

    /** The next row's outcome, or empty at the end of the text. */
    public Optional<Row> next() {
        while (!done) {
            Optional<CsvTokenizer.Row> next;
            try {
                next = rows.next();
            } catch (IOException e) {
                throw ioFailure(e, source);
            }
            if (next.isEmpty()) {
                done = true;
                return Optional.empty();
            }
            CsvTokenizer.Row row = next.get();
            int line = row.line();
            if (row.error().isPresent()) {
                done = row.fatal();
                return Optional.of(problem(line, "the row cannot be parsed as CSV: " + row.error().get()));
            }
            List<String> cells = row.cells();
            RowCodec.Decoded decoded = codec.decode(cells);
            if (decoded instanceof RowCodec.Blank) {
                continue;
            }
            if (decoded instanceof RowCodec.Invalid invalid) {
                return Optional.of(problem(line, invalid.reason()));
            }
            UserRecord record = ((RowCodec.User) decoded).record();
            Integer firstId = idLines.putIfAbsent(record.id(), line);
            if (firstId != null) {
                String what = idColumn ? "'" + codec.layout().headerOf(CsvField.ID) + "'" : "email";
                return Optional.of(problem(line, "duplicate " + what + ": the same value is on line " + firstId
                        + "; the first row is kept"));
            }
            if (idColumn) {
                Integer firstEmail = emailLines.putIfAbsent(record.email().orElseThrow(), line);
                if (firstEmail != null) {
                    idLines.remove(record.id());
                    return Optional.of(problem(line, "duplicate email: the same address is on line " + firstEmail
                            + "; the first row is kept"));
                }
            }
            LOG.trace("{}: read line {}", source, line);
            return Optional.of(new Read(line, record, new ArrayList<>(cells)));
        }
        return Optional.empty();
    }

    private Row problem(int line, String message) {
        LOG.debug("{}: line {}: {}", source, line, message);
        return new Problem(new ReadProblem("line " + line, message));
    }

    static RosterSyncException ioFailure(IOException e, String source) {
        if (e instanceof NoSuchFileException) {
            return new RosterSyncException(FailureKind.INVALID_CONFIGURATION, source + ": no such file", e);
        }
        if (e instanceof AccessDeniedException) {
            return new RosterSyncException(FailureKind.PERMISSION_DENIED, source + ": not allowed to read the file", e);
        }
        return new RosterSyncException(FailureKind.TRANSIENT, source + ": reading failed: " + e.getClass().getSimpleName()
                + (e.getMessage() == null ? "" : ": " + e.getMessage()), e);
    }

    @Override
    public void close() {
        closeQuietly(reader);
    }

    private static void closeQuietly(Reader r) {
        try {
            r.close();
        } catch (IOException ignored) {
            // nothing was written; a failed close of a reader loses nothing
        }
    }
}
