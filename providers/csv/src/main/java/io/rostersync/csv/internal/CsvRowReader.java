package io.rostersync.csv.internal;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvParser;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
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
 * one row with jackson-dataformat-csv. A row that cannot be parsed or decoded becomes a
 * {@link ReadProblem} at its first physical line and reading goes on. Ids and emails seen so far are
 * remembered to report duplicates, so memory grows with the number of rows (not with their size).
 * Not thread-safe.
 */
public final class CsvRowReader implements Closeable {

    private static final Logger LOG = LoggerFactory.getLogger(CsvRowReader.class);
    private static final CsvMapper MAPPER = new CsvMapper();

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
    private final MappingIterator<List<String>> rows;
    private final String source;
    private final boolean bom;
    private final RowCodec codec;
    private final Map<NativeId, Integer> idLines = new HashMap<>();
    private final Map<EmailAddress, Integer> emailLines = new HashMap<>();
    private final boolean idColumn;
    private int nextLine = 1;
    private boolean done;

    private CsvRowReader(Reader reader, boolean bom, CsvColumns columns, String source) {
        this.reader = reader;
        this.bom = bom;
        this.source = source;
        try {
            ObjectReader r = MAPPER.readerForListOf(String.class)
                    .with(CsvParser.Feature.WRAP_AS_ARRAY)
                    .with(CsvSchema.emptySchema().withColumnSeparator(columns.delimiter()));
            this.rows = r.readValues(reader);
        } catch (IOException e) {
            throw ioFailure(e, source);
        }
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
            int line = nextLine;
            List<String> cells;
            try {
                if (!rows.hasNextValue()) {
                    throw new RosterSyncException(FailureKind.INVALID_CONFIGURATION,
                            source + " is empty; expected a header row such as " + "'First Name,Last Name,Email,...'");
                }
                cells = rows.nextValue();
            } catch (JsonProcessingException e) {
                throw new RosterSyncException(FailureKind.INVALID_CONFIGURATION,
                        source + ": the header row (line " + line + ") cannot be parsed: " + reason(e));
            } catch (IOException e) {
                throw ioFailure(e, source);
            } catch (RuntimeException e) {
                if (e instanceof RosterSyncException r) {
                    throw r;
                }
                throw new RosterSyncException(FailureKind.INVALID_CONFIGURATION,
                        source + ": the header row (line " + line + ") cannot be parsed: " + e.getClass().getSimpleName());
            }
            advance();
            if (cells != null && cells.stream().anyMatch(c -> c != null && !c.isBlank())) {
                return cells;
            }
        }
    }

    /** The next row's outcome, or empty at the end of the text. */
    public Optional<Row> next() {
        while (!done) {
            int line = nextLine;
            long before = offset();
            nextLine = line + 1;
            List<String> cells;
            try {
                if (!rows.hasNextValue()) {
                    done = true;
                    return Optional.empty();
                }
                // Positioned on the row's start: the parser has just passed the previous row's line end.
                line = Math.max(line, rows.getParser().currentLocation().getLineNr());
                cells = rows.nextValue();
            } catch (JsonProcessingException e) {
                if (offset() <= before) {
                    done = true;
                }
                return Optional.of(problem(line, "the row cannot be parsed as CSV: " + reason(e)
                        + (done ? "; the rest of the file was not read" : "")));
            } catch (IOException e) {
                throw ioFailure(e, source);
            } catch (RuntimeException e) {
                done = true;
                LOG.debug("{}: unexpected parser failure at line {}", source, line, e);
                return Optional.of(problem(line, "the row cannot be parsed as CSV (" + e.getClass().getSimpleName()
                        + "); the rest of the file was not read"));
            }
            advance();
            RowCodec.Decoded decoded = codec.decode(cells == null ? List.of() : cells);
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

    /** Where the next row starts: just past the row the parser finished. */
    private void advance() {
        JsonLocation at = rows.getParser().currentLocation();
        if (at.getLineNr() > nextLine) {
            nextLine = at.getLineNr();
        }
    }

    private long offset() {
        JsonLocation at = rows.getParser().currentLocation();
        return at.getCharOffset() >= 0 ? at.getCharOffset() : at.getLineNr();
    }

    private static String reason(JsonProcessingException e) {
        String m = e.getOriginalMessage();
        if (m == null) {
            return e.getClass().getSimpleName();
        }
        m = m.replaceAll("\\s+", " ").strip();
        return m.length() <= 160 ? m : m.substring(0, 157) + "...";
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
        try {
            rows.close();
        } catch (IOException e) {
            LOG.debug("{}: closing failed", source, e);
        }
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
