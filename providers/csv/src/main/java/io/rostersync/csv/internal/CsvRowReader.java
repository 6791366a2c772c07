package io.rostersync.csv.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.dataformat.csv.CsvFactory;
import com.fasterxml.jackson.dataformat.csv.CsvParser;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import io.rostersync.csv.CsvColumns;
import io.rostersync.csv.CsvField;
import io.rostersync.csv.CsvInput;
import io.rostersync.model.EmailAddress;
import io.rostersync.model.NativeId;
import io.rostersync.model.UserRecord;
import io.rostersync.spi.FailureKind;
import io.rostersync.spi.InvalidConfigurationException;
import io.rostersync.spi.PermissionDeniedException;
import io.rostersync.spi.ReadProblem;
import io.rostersync.spi.RosterSyncException;
import io.rostersync.spi.TransientException;
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
 * Streams the rows of one CSV text: the header is resolved when opened, then each {@link #next()} takes
 * one row from jackson-dataformat-csv's {@link CsvParser} (each row an array of strings). A row that cannot
 * be parsed or decoded becomes a {@link ReadProblem} at its first physical line (1-based, the header being
 * line 1, each line end inside a quoted cell counted, {@code \n}, {@code \r\n} or a lone {@code \r}) and
 * reading goes on with the next row where Jackson resumes it. A cell longer than {@link #MAX_CELL_CHARS}
 * characters makes its row a problem; a cell longer than {@link #PARSER_CELL_CHARS} is not held in memory:
 * the parser stops inside it, so its row is a problem and the rest of the text is not read. A quoted cell
 * left open to the end of the text is a problem of its row and the rest of the text is not read. Ids and
 * emails seen so far are remembered to report duplicates, so memory grows with the number of rows (not
 * with their size). Not thread-safe.
 */
public final class CsvRowReader implements Closeable {

    private static final Logger LOG = LoggerFactory.getLogger(CsvRowReader.class);

    /** The longest cell accepted, in characters: far beyond any real name, email or list of roles. */
    public static final int MAX_CELL_CHARS = 1_000_000;

    /**
     * The longest cell the parser holds, in characters ({@link StreamReadConstraints#getMaxStringLength()}):
     * up to it an oversized cell is read whole, dropped, and reading goes on; past it Jackson aborts inside the cell and
     * cannot resume at a known place (it no longer knows whether it was inside quotes), so reading stops.
     */
    public static final int PARSER_CELL_CHARS = 8 * MAX_CELL_CHARS;

    private static final CsvFactory FACTORY = CsvFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder().maxStringLength(PARSER_CELL_CHARS).build())
            .disable(StreamReadFeature.AUTO_CLOSE_SOURCE)
            .build();

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
    private final CsvParser parser;
    private final String source;
    private final boolean bom;
    private final RowCodec codec;
    private final Map<NativeId, Integer> idLines = new HashMap<>();
    private final Map<EmailAddress, Integer> emailLines = new HashMap<>();
    private final boolean idColumn;
    private boolean done;
    /** No more rows from the parser: the end of the text, or a failure it cannot resume after. */
    private boolean ended;
    /** What to add to Jackson's line number: see {@link #countLines}. */
    private int lineCorrection;

    private CsvRowReader(Reader reader, boolean bom, CsvColumns columns, String source) {
        this.reader = reader;
        this.bom = bom;
        this.source = source;
        try {
            this.parser = FACTORY.createParser(reader);
        } catch (IOException e) {
            throw ioFailure(e, source);
        }
        parser.setSchema(CsvSchema.emptySchema().withColumnSeparator(columns.delimiter()));
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
            Optional<RawRow> next = nextRaw();
            if (next.isEmpty()) {
                throw new InvalidConfigurationException(source + " is empty; expected a header row such as " + "'First Name,Last Name,Email,...'");
            }
            RawRow row = next.get();
            if (row.error().isPresent()) {
                throw new InvalidConfigurationException(source + ": the header row (line " + row.line() + ") cannot be parsed: " + row.error().get());
            }
            if (row.cells().stream().anyMatch(c -> !c.isBlank())) {
                return row.cells();
            }
        }
    }

    /** The next row's outcome, or empty at the end of the text. */
    public Optional<Row> next() {
        while (!done) {
            Optional<RawRow> next = nextRaw();
            if (next.isEmpty()) {
                done = true;
                return Optional.empty();
            }
            RawRow row = next.get();
            int line = row.line();
            if (row.error().isPresent()) {
                done = ended;
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

    /** One row as the parser split it, starting on physical line {@code line}. */
    private record RawRow(int line, List<String> cells, Optional<String> error) {
    }

    /** The next row from the parser, or empty at the end; I/O failures typed, parser failures in the row. */
    private Optional<RawRow> nextRaw() {
        try {
            return ended ? Optional.empty() : readRaw();
        } catch (JsonProcessingException | RuntimeException e) {
            // Not expected: readRaw turns the parser's errors into row errors.
            ended = true;
            LOG.debug("{}: unexpected parser failure", source, e);
            return Optional.of(new RawRow(parser.currentLocation().getLineNr() + lineCorrection, List.of(),
                    Optional.of("the parser failed (" + e.getClass().getSimpleName() + "); the rest of the file was not read")));
        } catch (IOException e) {
            throw ioFailure(e, source);
        }
    }

    private Optional<RawRow> readRaw() throws IOException {
        int line = -1;
        List<String> cells = new ArrayList<>();
        String error = null;
        long lastFailure = -1;
        while (true) {
            JsonToken token;
            try {
                token = parser.nextToken();
            } catch (StreamConstraintsException e) {
                ended = true;
                return Optional.of(new RawRow(line, cells, Optional.of("a cell is longer than " + PARSER_CELL_CHARS
                        + " characters, where the parser stops; the rest of the file was not read")));
            } catch (JsonProcessingException e) {
                // Jackson resumes right after the character it refused, in the same row.
                int cellLine = parser.currentTokenLocation().getLineNr() + lineCorrection;
                if (parser.getInputSource() == null) {
                    // The input ran out inside the cell: only a quote left open does that.
                    ended = true;
                    return Optional.of(new RawRow(line, cells, Optional.of("missing closing quote: a quoted value starts on line "
                            + cellLine + " and is never closed; the rest of the file was not read")));
                }
                long at = parser.currentLocation().getCharOffset();
                if (at <= lastFailure) {
                    ended = true;
                    LOG.debug("{}: line {}: {}", source, cellLine, reason(e));
                    return Optional.of(new RawRow(line, cells, Optional.of("the parser cannot go on after an error in a value on line "
                            + cellLine + "; the rest of the file was not read")));
                }
                lastFailure = at;
                // The one error Jackson resumes after: text between a closing quote and the delimiter. Its
                // message quotes the character, which is row data, so it only goes to the debug log.
                LOG.debug("{}: line {}: {}", source, cellLine, reason(e));
                if (error == null) {
                    error = "unexpected text after the closing quote of a value on line " + cellLine
                            + " (a quote inside a quoted value is written twice)";
                }
                continue;
            }
            if (token == null) {
                ended = true;
                return line < 0 ? Optional.empty() : Optional.of(new RawRow(line, cells, Optional.ofNullable(error)));
            }
            switch (token) {
                case START_ARRAY:
                    // Positioned at the row's first character: the previous row's line end is passed.
                    line = parser.currentLocation().getLineNr() + lineCorrection;
                    break;
                case VALUE_STRING:
                case VALUE_NULL:
                    String cell = token == JsonToken.VALUE_NULL ? "" : parser.getText();
                    countLines(cell);
                    if (cell.length() > MAX_CELL_CHARS) {
                        if (error == null) {
                            error = "a cell is longer than " + MAX_CELL_CHARS + " characters";
                        }
                        cell = "";
                    }
                    cells.add(cell);
                    break;
                case END_ARRAY:
                    return Optional.of(new RawRow(line, cells, Optional.ofNullable(error)));
                default:
                    throw new IllegalStateException("unexpected CSV token " + token);
            }
        }
    }

    /**
     * Corrects Jackson's line count with the line ends inside the cell just read. Jackson counts each line
     * end inside a quoted cell, but counts a {@code \r\n} twice when the {@code \r} is the last character of
     * one of its internal text segments (jackson-dataformat-csv 2.22, {@code CsvDecoder._nextQuotedString};
     * {@code JacksonCsvLineCountTest} shows it). The cell's text holds its line ends as written, so counting
     * them here and keeping the difference makes every later line number exact. Cells Jackson refuses (a
     * character after a closing quote) return no text, so no correction is possible for them.
     */
    private void countLines(String cell) {
        int own = 0;
        for (int i = 0; i < cell.length(); i++) {
            char c = cell.charAt(i);
            if (c == '\n' || c == '\r' && (i + 1 == cell.length() || cell.charAt(i + 1) != '\n')) {
                own++;
            }
        }
        int jackson = parser.currentLocation().getLineNr() - parser.currentTokenLocation().getLineNr();
        lineCorrection += own - jackson;
    }

    private static String reason(JsonProcessingException e) {
        String m = e.getOriginalMessage();
        if (m == null) {
            return e.getClass().getSimpleName();
        }
        m = m.replaceAll("\\s+", " ").strip();
        return m.length() <= 160 ? m : m.substring(0, 157) + "...";
    }

    private Row problem(int line, String message) {
        LOG.debug("{}: line {}: {}", source, line, message);
        return new Problem(new ReadProblem("line " + line, message));
    }

    static RosterSyncException ioFailure(IOException e, String source) {
        if (e instanceof NoSuchFileException) {
            return new InvalidConfigurationException(source + ": no such file", e);
        }
        if (e instanceof AccessDeniedException) {
            return new PermissionDeniedException(source + ": not allowed to read the file", e);
        }
        return new TransientException(source + ": reading failed: " + e.getClass().getSimpleName()
                + (e.getMessage() == null ? "" : ": " + e.getMessage()), e);
    }

    @Override
    public void close() {
        try {
            parser.close();
        } catch (IOException e) {
            LOG.debug("{}: closing the parser failed", source, e);
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
