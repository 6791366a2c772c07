package io.rostersync.csv.internal;

import io.rostersync.csv.CsvColumns;
import io.rostersync.csv.CsvField;
import io.rostersync.spi.FailureKind;
import io.rostersync.spi.InvalidConfigurationException;
import io.rostersync.spi.RosterSyncException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Where each mapped column sits in one file, resolved from its header row. Immutable. */
public final class Layout {

    private final List<String> header;
    private final Map<CsvField, Integer> fields;
    private final Map<String, Integer> attributes;

    private Layout(List<String> header, Map<CsvField, Integer> fields, Map<String, Integer> attributes) {
        this.header = List.copyOf(header);
        this.fields = Collections.unmodifiableMap(new EnumMap<>(fields));
        this.attributes = Collections.unmodifiableMap(new LinkedHashMap<>(attributes));
    }

    /** The layout of a new file: the mapped headers in {@link CsvColumns#headers()} order. */
    public static Layout fresh(CsvColumns columns) {
        return resolve(columns.headers(), columns, "new file");
    }

    /**
     * Resolves a file's header row.
     *
     * @throws RosterSyncException ({@link FailureKind#INVALID_CONFIGURATION}) naming a required header
     *                             that is missing, or a mapped header that appears twice
     */
    public static Layout resolve(List<String> headerCells, CsvColumns columns, String source) {
        List<String> cells = new ArrayList<>(headerCells.size());
        Map<String, Integer> index = new HashMap<>();
        Map<String, Integer> repeated = new HashMap<>();
        for (int i = 0; i < headerCells.size(); i++) {
            String cell = headerCells.get(i) == null ? "" : headerCells.get(i).replace("\uFEFF", "").strip();
            cells.add(cell);
            String key = Headers.normalise(cell);
            if (!key.isEmpty() && index.putIfAbsent(key, i) != null) {
                repeated.put(key, i);
            }
        }
        EnumMap<CsvField, Integer> fields = new EnumMap<>(CsvField.class);
        List<String> missing = new ArrayList<>();
        for (Map.Entry<CsvField, String> e : columns.fields().entrySet()) {
            Optional<Integer> at = find(e.getValue(), index, repeated, source);
            if (at.isPresent()) {
                fields.put(e.getKey(), at.get());
            } else if (!columns.isOptional(e.getKey())) {
                missing.add(e.getValue());
            }
        }
        LinkedHashMap<String, Integer> attributes = new LinkedHashMap<>();
        for (Map.Entry<String, String> e : columns.attributes().entrySet()) {
            Optional<Integer> at = find(e.getValue(), index, repeated, source);
            if (at.isPresent()) {
                attributes.put(e.getKey(), at.get());
            } else if (!columns.isOptionalAttribute(e.getKey())) {
                missing.add(e.getValue());
            }
        }
        if (!missing.isEmpty()) {
            throw new InvalidConfigurationException(source + ": the header row lacks the required "
                    + (missing.size() == 1 ? "column '" + missing.get(0) + "'" : "columns " + quoted(missing))
                    + "; it has " + quoted(nonBlank(cells)));
        }
        return new Layout(cells, fields, attributes);
    }

    private static Optional<Integer> find(String header, Map<String, Integer> index, Map<String, Integer> repeated, String source) {
        String key = Headers.normalise(header);
        if (repeated.containsKey(key)) {
            throw new InvalidConfigurationException(source + ": the header row has column '" + header + "' more than once");
        }
        return Optional.ofNullable(index.get(key));
    }

    private static List<String> nonBlank(List<String> cells) {
        return cells.stream().filter(c -> !c.isEmpty()).toList();
    }

    private static String quoted(List<String> names) {
        List<String> q = new ArrayList<>();
        for (String n : names) {
            q.add("'" + Cells.abbreviate(n) + "'");
        }
        return "[" + String.join(", ", q) + "]";
    }

    /** This layout with every mapped column the file lacks appended, so a write-back can hold every field. */
    public Layout withEveryMappedColumn(CsvColumns columns) {
        List<String> cells = new ArrayList<>(header);
        EnumMap<CsvField, Integer> f = new EnumMap<>(fields);
        LinkedHashMap<String, Integer> a = new LinkedHashMap<>(attributes);
        for (Map.Entry<CsvField, String> e : columns.fields().entrySet()) {
            if (!f.containsKey(e.getKey())) {
                f.put(e.getKey(), cells.size());
                cells.add(e.getValue());
            }
        }
        for (Map.Entry<String, String> e : columns.attributes().entrySet()) {
            if (!a.containsKey(e.getKey())) {
                a.put(e.getKey(), cells.size());
                cells.add(e.getValue());
            }
        }
        return new Layout(cells, f, a);
    }

    /** The header cells as the file spells them. */
    public List<String> header() {
        return header;
    }

    public int width() {
        return header.size();
    }

    /** Column of {@code field}, or empty when the file has none. */
    public Optional<Integer> column(CsvField field) {
        return Optional.ofNullable(fields.get(field));
    }

    /** Attribute name to column, for the attribute columns the file has. */
    public Map<String, Integer> attributeColumns() {
        return attributes;
    }

    /** The header of {@code field} as the file spells it. */
    String headerOf(CsvField field) {
        Integer at = fields.get(field);
        if (at == null) {
            throw new IllegalArgumentException("the file has no column for " + field);
        }
        return header.get(at);
    }
}
