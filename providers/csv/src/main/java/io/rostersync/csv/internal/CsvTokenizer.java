package io.rostersync.csv.internal;

import java.io.IOException;
import java.io.Reader;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Splits CSV text (RFC 4180, any single-character delimiter) into rows, knowing exactly which physical line
 * each row starts on: line ends are {@code \n}, {@code \r\n} or a lone {@code \r}, and each one counts,
 * inside a quoted cell too. A quote opens a quoted cell only as the cell's first character; inside, a
 * doubled quote is one quote.
 *
 * <p>A row that is wrong is still consumed to its real end, so the next row starts where it really starts:
 * text after a closing quote, or a cell longer than the limit (whose excess is skipped, never held in
 * memory), makes a row with a {@linkplain Row#error() error}. A quote left open at the end of the text is
 * a fatal error: the rest of the text was read as that one cell. Not thread-safe.
 */
final class CsvTokenizer {

    /** One physical row. */
    record Row(int line, List<String> cells, Optional<String> error, boolean fatal) {
    }

    private static final int EOF = -1;

    private final Reader in;
    private final char delimiter;
    private final int maxCell;
    private int line = 1;
    private int pushedBack = Integer.MIN_VALUE;
    private boolean ended;

    CsvTokenizer(Reader in, char delimiter, int maxCell) {
        this.in = in;
        this.delimiter = delimiter;
        this.maxCell = maxCell;
    }

    private int read() throws IOException {
        if (pushedBack != Integer.MIN_VALUE) {
            int c = pushedBack;
            pushedBack = Integer.MIN_VALUE;
            return c;
        }
        return in.read();
    }

    /**
     * Consumes a line end whose first character {@code c} was read; returns whether {@code c} was one.
     */
    private boolean lineEnd(int c) throws IOException {
        if (c == '\n') {
            line++;
            return true;
        }
        if (c == '\r') {
            int next = read();
            if (next != '\n') {
                pushedBack = next;
            }
            line++;
            return true;
        }
        return false;
    }

    /** The next row, or empty at the end of the text. */
    Optional<Row> next() throws IOException {
        if (ended) {
            return Optional.empty();
        }
        int c = read();
        if (c == EOF) {
            ended = true;
            return Optional.empty();
        }
        int start = line;
        List<String> cells = new ArrayList<>();
        StringBuilder cell = new StringBuilder();
        String error = null;
        while (true) {
            boolean oversized = false;
            cell.setLength(0);
            if (c == '"') {
                // Quoted cell: up to the closing quote, line ends included.
                while (true) {
                    c = read();
                    if (c == EOF) {
                        ended = true;
                        cells.add(cell.toString());
                        return Optional.of(new Row(start, cells, Optional.of("missing closing quote for a value that starts on line "
                                + start + "; the rest of the file was not read"), true));
                    }
                    if (c == '"') {
                        c = read();
                        if (c != '"') {
                            break;
                        }
                    } else if (c == '\r') {
                        // A line end inside the value: kept as written, counted once.
                        oversized |= !append(cell, '\r');
                        int next = read();
                        if (next == '\n') {
                            oversized |= !append(cell, '\n');
                        } else {
                            pushedBack = next;
                        }
                        line++;
                        continue;
                    } else if (c == '\n') {
                        line++;
                    }
                    oversized |= !append(cell, (char) c);
                }
                // After the closing quote: the cell must end here.
                if (c != delimiter && c != '\n' && c != '\r' && c != EOF) {
                    if (error == null) {
                        error = "unexpected character after a closing quote";
                    }
                    while (c != delimiter && c != '\n' && c != '\r' && c != EOF) {
                        c = read();
                    }
                }
            } else {
                while (c != delimiter && c != '\n' && c != '\r' && c != EOF) {
                    oversized |= !append(cell, (char) c);
                    c = read();
                }
            }
            if (oversized && error == null) {
                error = "a cell is longer than " + maxCell + " characters";
            }
            cells.add(oversized ? "" : cell.toString());
            if (c == delimiter) {
                c = read();
                continue;
            }
            if (c == EOF) {
                ended = true;
            } else {
                lineEnd(c);
            }
            return Optional.of(new Row(start, cells, Optional.ofNullable(error), false));
        }
    }

    private boolean append(StringBuilder cell, char c) {
        if (cell.length() >= maxCell) {
            return false;
        }
        cell.append(c);
        return true;
    }
}
