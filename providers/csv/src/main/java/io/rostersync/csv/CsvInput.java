package io.rostersync.csv;

import io.rostersync.spi.FailureKind;
import io.rostersync.spi.InvalidConfigurationException;
import io.rostersync.spi.RosterSyncException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Where CSV text comes from. Each {@link #open()} gives a fresh reader from the start, so a directory can
 * be read more than once (a file, bytes held by the host); {@link #once(InputStream)} wraps an upload
 * that can be read a single time.
 *
 * <p>Bytes are decoded as UTF-8, with or without a byte order mark. Bytes that are not valid UTF-8 are
 * not guessed at: they turn into U+FFFD, and a row containing one is reported as a
 * {@link io.rostersync.spi.ReadProblem} instead of being read with a mangled name.
 *
 * @since 0.1.0
 */
@FunctionalInterface
public interface CsvInput {

    /**
     * Opens the text from its start. The caller closes the reader.
     *
     * @return a reader positioned at the start of the text
     * @throws IOException when the text cannot be opened
     */
    Reader open() throws IOException;

    /**
     * A file, read again on every open.
     *
     * @param path the file; it need not exist until the first open
     * @return the input
     */
    static CsvInput file(Path path) {
        Objects.requireNonNull(path, "path");
        return new CsvInput() {
            @Override
            public Reader open() throws IOException {
                return utf8(Files.newInputStream(path));
            }

            @Override
            public String toString() {
                return path.toString();
            }
        };
    }

    /**
     * Bytes the host already holds (an upload kept in memory). The array is copied.
     *
     * @param content the UTF-8 bytes
     * @return the input
     */
    static CsvInput bytes(byte[] content) {
        byte[] copy = Objects.requireNonNull(content, "content").clone();
        return () -> utf8(new ByteArrayInputStream(copy));
    }

    /**
     * Text the host already holds.
     *
     * @param content the text
     * @return the input
     */
    static CsvInput text(String content) {
        Objects.requireNonNull(content, "content");
        return () -> new java.io.StringReader(content);
    }

    /**
     * A stream that can be read once, such as an HTTP upload body. A second open throws a
     * {@link RosterSyncException} ({@link FailureKind#INVALID_CONFIGURATION}); keep the bytes and use
     * {@link #bytes(byte[])} to read them more than once.
     *
     * @param in the stream, UTF-8; closed by whoever closes the reader
     * @return the input
     */
    static CsvInput once(InputStream in) {
        Objects.requireNonNull(in, "in");
        AtomicBoolean used = new AtomicBoolean();
        return () -> {
            if (used.getAndSet(true)) {
                throw new InvalidConfigurationException("this CSV upload stream was already read; it can be read only once");
            }
            return utf8(in);
        };
    }

    /**
     * A reader that can be read once; see {@link #once(InputStream)}.
     *
     * @param reader the reader; closed by whoever closes it after the open
     * @return the input
     */
    static CsvInput once(Reader reader) {
        Objects.requireNonNull(reader, "reader");
        AtomicBoolean used = new AtomicBoolean();
        return () -> {
            if (used.getAndSet(true)) {
                throw new InvalidConfigurationException("this CSV upload reader was already read; it can be read only once");
            }
            return reader;
        };
    }

    /** UTF-8 text of {@code in}; malformed bytes become U+FFFD (the row is then reported, see above). */
    private static Reader utf8(InputStream in) {
        return new InputStreamReader(in, StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPLACE)
                .onUnmappableCharacter(CodingErrorAction.REPLACE));
    }
}
