package io.rostersync.csv;

import io.rostersync.csv.internal.Headers;
import io.rostersync.spi.FailureKind;
import io.rostersync.spi.InvalidConfigurationException;
import io.rostersync.spi.RosterSyncException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Which CSV column holds which profile field, and how cells are split. Immutable; build with
 * {@link #builder()}, which starts from {@link #defaults()}.
 *
 * <p>Defaults match an HR or Talkpush-style team export: {@code First Name}, {@code Last Name},
 * {@code Email}, {@code Role}, {@code Status}, {@code Campaigns}; no id column (the id is then the
 * normalised email), no username column, no attributes; comma between cells and {@code ;} between the
 * values of a multi-valued cell (roles, groups).
 *
 * <p>Headers are matched case-insensitively, with surrounding whitespace trimmed and inner runs of
 * whitespace treated as one space, so {@code " first   NAME "} finds {@code First Name}. Every mapped
 * header must be present in a file unless marked {@linkplain Builder#optional(CsvField) optional}: a
 * missing column is an error rather than an empty value, because an authoritative sync that owns roles
 * would otherwise strip everyone's roles when a column is renamed. Extra columns are ignored on read and
 * kept on write-back.
 *
 * @since 0.1.0
 */
public final class CsvColumns {

    private final Map<CsvField, String> headers;
    private final Map<String, String> attributes;
    private final Set<CsvField> optionalFields;
    private final Set<String> optionalAttributes;
    private final char delimiter;
    private final char valueSeparator;

    private CsvColumns(Builder b) {
        this.headers = Collections.unmodifiableMap(new EnumMap<>(b.headers));
        this.attributes = Collections.unmodifiableMap(new LinkedHashMap<>(b.attributes));
        EnumSet<CsvField> opt = EnumSet.noneOf(CsvField.class);
        opt.addAll(b.optionalFields);
        opt.retainAll(b.headers.keySet());
        this.optionalFields = Collections.unmodifiableSet(opt);
        TreeSet<String> optAttrs = new TreeSet<>(b.optionalAttributes);
        optAttrs.retainAll(b.attributes.keySet());
        this.optionalAttributes = Collections.unmodifiableSet(optAttrs);
        this.delimiter = b.delimiter;
        this.valueSeparator = b.valueSeparator;
    }

    /**
     * The Talkpush-style defaults described above.
     *
     * @return the default mapping
     */
    public static CsvColumns defaults() {
        return builder().build();
    }

    /**
     * A builder starting from the {@linkplain #defaults() defaults}.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * A builder holding this mapping.
     *
     * @return a new builder, to derive a variant
     */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.headers.clear();
        b.headers.putAll(headers);
        b.attributes.putAll(attributes);
        b.optionalFields.addAll(optionalFields);
        b.optionalAttributes.addAll(optionalAttributes);
        b.delimiter = delimiter;
        b.valueSeparator = valueSeparator;
        return b;
    }

    /**
     * The header of {@code field}, or empty when the field has no column.
     *
     * @param field the field
     * @return the header, or empty
     */
    public Optional<String> header(CsvField field) {
        return Optional.ofNullable(headers.get(field));
    }

    /**
     * The mapped fields with their headers.
     *
     * @return field to header, unmodifiable, in {@link CsvField} order
     */
    public Map<CsvField, String> fields() {
        return headers;
    }

    /**
     * Attribute columns: attribute name to header, in the order they were added.
     *
     * @return the attribute columns, unmodifiable; empty when there are none
     */
    public Map<String, String> attributes() {
        return attributes;
    }

    /**
     * Whether a file may lack the column of {@code field}.
     *
     * @param field the field
     * @return true when the column may be missing
     */
    public boolean isOptional(CsvField field) {
        return optionalFields.contains(field);
    }

    /**
     * Whether a file may lack the column of attribute {@code name}.
     *
     * @param name the attribute name
     * @return true when the column may be missing
     */
    public boolean isOptionalAttribute(String name) {
        return optionalAttributes.contains(name);
    }

    /**
     * Every mapped header in the order files are written: the fields in {@link CsvField} order, then the
     * attributes in the order they were added.
     *
     * @return the headers, unmodifiable
     */
    public List<String> headers() {
        List<String> all = new ArrayList<>(headers.values());
        all.addAll(attributes.values());
        return List.copyOf(all);
    }

    /**
     * The character between cells; {@code ,} by default.
     *
     * @return the delimiter
     */
    public char delimiter() {
        return delimiter;
    }

    /**
     * The character between the values of a roles or groups cell; {@code ;} by default.
     *
     * @return the separator
     */
    public char valueSeparator() {
        return valueSeparator;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof CsvColumns c && headers.equals(c.headers) && attributes.equals(c.attributes)
                && optionalFields.equals(c.optionalFields) && optionalAttributes.equals(c.optionalAttributes)
                && delimiter == c.delimiter && valueSeparator == c.valueSeparator;
    }

    @Override
    public int hashCode() {
        return Objects.hash(headers, attributes, optionalFields, optionalAttributes, delimiter, valueSeparator);
    }

    @Override
    public String toString() {
        return "CsvColumns" + headers + " attributes " + attributes + " optional " + optionalFields + optionalAttributes
                + " delimiter '" + delimiter + "' separator '" + valueSeparator + "'";
    }

    /** Mutable builder; {@link #build()} checks the mapping. */
    public static final class Builder {
        private final EnumMap<CsvField, String> headers = new EnumMap<>(CsvField.class);
        private final LinkedHashMap<String, String> attributes = new LinkedHashMap<>();
        private final EnumSet<CsvField> optionalFields = EnumSet.noneOf(CsvField.class);
        private final Set<String> optionalAttributes = new TreeSet<>();
        private char delimiter = ',';
        private char valueSeparator = ';';

        private Builder() {
            headers.put(CsvField.FIRST_NAME, "First Name");
            headers.put(CsvField.LAST_NAME, "Last Name");
            headers.put(CsvField.EMAIL, "Email");
            headers.put(CsvField.ROLES, "Role");
            headers.put(CsvField.STATUS, "Status");
            headers.put(CsvField.GROUPS, "Campaigns");
        }

        /**
         * Maps {@code field} to the column with this header (replacing any previous header).
         *
         * @param field  the field
         * @param header the column header; surrounding blanks are ignored
         * @return this builder
         */
        public Builder header(CsvField field, String header) {
            headers.put(Objects.requireNonNull(field, "field"), Objects.requireNonNull(header, "header").strip());
            return this;
        }

        /**
         * The field has no column: it is neither read nor written. {@link CsvField#EMAIL} cannot be unmapped.
         *
         * @param field the field
         * @return this builder
         */
        public Builder unmap(CsvField field) {
            headers.remove(Objects.requireNonNull(field, "field"));
            return this;
        }

        /**
         * Reads and writes the free attribute {@code name} from the column with this header.
         *
         * @param name   the attribute name; surrounding blanks are ignored
         * @param header the column header; surrounding blanks are ignored
         * @return this builder
         */
        public Builder attribute(String name, String header) {
            Objects.requireNonNull(name, "name");
            attributes.put(name.strip(), Objects.requireNonNull(header, "header").strip());
            return this;
        }

        /**
         * A file may lack the column of {@code field}; the field is then empty for every row.
         *
         * @param field the field
         * @return this builder
         */
        public Builder optional(CsvField field) {
            optionalFields.add(Objects.requireNonNull(field, "field"));
            return this;
        }

        /**
         * A file must have the column of {@code field} (the default for every mapped field).
         *
         * @param field the field
         * @return this builder
         */
        public Builder required(CsvField field) {
            optionalFields.remove(Objects.requireNonNull(field, "field"));
            return this;
        }

        /**
         * A file may lack the column of attribute {@code name}.
         *
         * @param name the attribute name
         * @return this builder
         */
        public Builder optionalAttribute(String name) {
            optionalAttributes.add(Objects.requireNonNull(name, "name").strip());
            return this;
        }

        /**
         * The character between cells, such as {@code ;} for spreadsheets in many European locales.
         *
         * @param value the delimiter
         * @return this builder
         */
        public Builder delimiter(char value) {
            delimiter = value;
            return this;
        }

        /**
         * The character between the values of a multi-valued cell.
         *
         * @param value the separator
         * @return this builder
         */
        public Builder valueSeparator(char value) {
            valueSeparator = value;
            return this;
        }

        /**
         * Checks and freezes the mapping.
         *
         * @return the mapping
         * @throws RosterSyncException ({@link FailureKind#INVALID_CONFIGURATION}) when the email is unmapped
         *                             or optional, a header is blank or used twice, an attribute name is
         *                             blank, or the delimiter and separator clash
         */
        public CsvColumns build() {
            if (!headers.containsKey(CsvField.EMAIL)) {
                throw invalid("the email column cannot be unmapped: every row needs an email");
            }
            if (optionalFields.contains(CsvField.EMAIL)) {
                throw invalid("the email column cannot be optional: every row needs an email");
            }
            if (optionalFields.contains(CsvField.ID) && headers.containsKey(CsvField.ID)) {
                throw invalid("the id column cannot be optional: without it every id would change");
            }
            Map<String, String> seen = new HashMap<>();
            for (Map.Entry<CsvField, String> e : headers.entrySet()) {
                claim(seen, e.getValue(), e.getKey().name());
            }
            for (Map.Entry<String, String> e : attributes.entrySet()) {
                if (e.getKey().isEmpty()) {
                    throw invalid("attribute names must not be blank");
                }
                claim(seen, e.getValue(), "attribute '" + e.getKey() + "'");
            }
            if (delimiter == valueSeparator) {
                throw invalid("the cell delimiter and the value separator must differ (both '" + delimiter + "')");
            }
            for (char c : new char[] {delimiter, valueSeparator}) {
                if (c == '"' || c == '\'' || c == '\n' || c == '\r') {
                    throw invalid("'" + c + "' cannot be a delimiter or value separator");
                }
            }
            return new CsvColumns(this);
        }

        private static void claim(Map<String, String> seen, String header, String owner) {
            String key = Headers.normalise(header);
            if (key.isEmpty()) {
                throw invalid("the header of " + owner + " must not be blank");
            }
            String previous = seen.putIfAbsent(key, owner);
            if (previous != null) {
                throw invalid("header '" + header + "' is mapped twice (" + previous + " and " + owner + ")");
            }
        }

        private static RosterSyncException invalid(String message) {
            return new InvalidConfigurationException("CSV columns: " + message);
        }
    }
}
