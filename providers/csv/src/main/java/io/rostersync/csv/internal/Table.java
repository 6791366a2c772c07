package io.rostersync.csv.internal;

import io.rostersync.csv.CsvColumns;
import io.rostersync.csv.CsvInput;
import io.rostersync.model.EmailAddress;
import io.rostersync.model.NativeId;
import io.rostersync.model.UserRecord;
import io.rostersync.spi.ReadProblem;
import java.io.IOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A CSV file held in memory for a writable directory: rows in file order with their cells (columns the
 * mapping does not know are kept as they were), an email index, and the problems found when loading.
 * Not thread-safe; the directory guards it.
 */
public final class Table {

    /** One row: the record it reads as and the cells that are written back. */
    public record Entry(UserRecord record, List<String> cells) {
        public Entry {
            cells = List.copyOf(cells);
        }
    }

    private final RowCodec codec;
    private final boolean bom;
    private final List<ReadProblem> problems;
    private final LinkedHashMap<NativeId, Entry> rows = new LinkedHashMap<>();
    private final Map<EmailAddress, NativeId> byEmail = new HashMap<>();

    private Table(RowCodec codec, boolean bom, List<ReadProblem> problems) {
        this.codec = codec;
        this.bom = bom;
        this.problems = List.copyOf(problems);
    }

    /** Loads {@code file}; a file that does not exist yet is an empty table with the mapped headers. */
    public static Table load(Path file, CsvColumns columns, String name, boolean bomForNewFile) {
        if (!Files.exists(file)) {
            return new Table(new RowCodec(columns, Layout.fresh(columns)), bomForNewFile, List.of());
        }
        try (CsvRowReader reader = CsvRowReader.open(CsvInput.file(file), columns, name)) {
            Layout layout = reader.layout().withEveryMappedColumn(columns);
            int width = layout.width();
            List<ReadProblem> problems = new ArrayList<>();
            List<Entry> entries = new ArrayList<>();
            for (Optional<CsvRowReader.Row> row = reader.next(); row.isPresent(); row = reader.next()) {
                if (row.get() instanceof CsvRowReader.Read read) {
                    List<String> cells = new ArrayList<>(read.cells().subList(0, Math.min(width, read.cells().size())));
                    while (cells.size() < width) {
                        cells.add("");
                    }
                    entries.add(new Entry(read.record(), cells));
                } else {
                    problems.add(((CsvRowReader.Problem) row.get()).problem());
                }
            }
            Table t = new Table(new RowCodec(columns, layout), reader.hadBom(), problems);
            entries.forEach(t::put);
            return t;
        }
    }

    public RowCodec codec() {
        return codec;
    }

    /** Rows that could not be read when the file was loaded. */
    public List<ReadProblem> problems() {
        return problems;
    }

    public Optional<Entry> get(NativeId id) {
        return Optional.ofNullable(rows.get(id));
    }

    public Optional<NativeId> idOf(EmailAddress email) {
        return Optional.ofNullable(byEmail.get(email));
    }

    public List<UserRecord> records() {
        List<UserRecord> all = new ArrayList<>(rows.size());
        rows.values().forEach(e -> all.add(e.record()));
        return all;
    }

    public int size() {
        return rows.size();
    }

    /** Puts a row, replacing the one with its id; gives what was there. */
    public Optional<Entry> put(Entry entry) {
        NativeId id = entry.record().id();
        Entry old = rows.put(id, entry);
        if (old != null) {
            old.record().email().ifPresent(byEmail::remove);
        }
        entry.record().email().ifPresent(e -> byEmail.put(e, id));
        return Optional.ofNullable(old);
    }

    /** Removes a row; gives what was there. */
    public Optional<Entry> remove(NativeId id) {
        Entry old = rows.remove(id);
        if (old != null) {
            old.record().email().ifPresent(byEmail::remove);
        }
        return Optional.ofNullable(old);
    }

    /** Writes the header and every row. */
    public void writeTo(Writer out, char delimiter) throws IOException {
        try (CsvRowWriter writer = new CsvRowWriter(out, delimiter, bom)) {
            writer.write(codec.layout().header());
            for (Entry e : rows.values()) {
                writer.write(e.cells());
            }
        }
    }
}
