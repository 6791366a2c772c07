package io.rostersync.salesforce.internal;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.Collection;
import java.util.Optional;
import java.util.StringJoiner;

/** Building SOQL text safely: every value from outside goes through {@link #quote}. */
public final class Soql {

    private static final DateTimeFormatter LITERAL =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss'Z'").withZone(ZoneOffset.UTC);

    private Soql() {
    }

    /** A string literal: backslashes and quotes escaped, control characters refused (they cannot be ids or names). */
    public static String quote(String value) {
        StringBuilder sb = new StringBuilder(value.length() + 2).append('\'');
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (Character.isISOControl(c)) {
                throw new IllegalArgumentException("SOQL values must not contain control characters");
            }
            if (c == '\\' || c == '\'') {
                sb.append('\\');
            }
            sb.append(c);
        }
        return sb.append('\'').toString();
    }

    /** {@code ('a', 'b')}. */
    public static String inList(Collection<String> values) {
        StringJoiner j = new StringJoiner(", ", "(", ")");
        values.forEach(v -> j.add(quote(v)));
        return j.toString();
    }

    /** A datetime literal at whole-second precision, rounded down. */
    public static String datetime(Instant at) {
        return LITERAL.format(at.truncatedTo(ChronoUnit.SECONDS));
    }

    /** Parses the REST datetime format ({@code 2024-05-01T10:00:00.000+0000}). */
    public static Optional<Instant> parseDatetime(String text) {
        String t = text;
        if (t.matches(".*[+-]\\d{4}$")) {
            t = t.substring(0, t.length() - 2) + ":" + t.substring(t.length() - 2);
        }
        try {
            return Optional.of(OffsetDateTime.parse(t).toInstant());
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }
}
