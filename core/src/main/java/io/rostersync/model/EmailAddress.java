package io.rostersync.model;

import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A normalised email address: trimmed and lower-cased, so two spellings of one mailbox compare equal.
 * Validation is deliberately pragmatic (one {@code @}, a local part, a dotted domain, no spaces): the
 * goal is to reject garbage from exports, not to implement RFC 5322.
 *
 * @param value the normalised address
 */
public record EmailAddress(String value) implements Comparable<EmailAddress> {

    private static final Pattern SHAPE =
            Pattern.compile("[^@\\s\\p{Cntrl}]{1,64}@[^@\\s\\p{Cntrl}.][^@\\s\\p{Cntrl}]*\\.[^@\\s\\p{Cntrl}.]{2,}");

    public EmailAddress {
        Objects.requireNonNull(value, "email");
        value = value.trim().toLowerCase(Locale.ROOT);
        if (value.length() > 254 || !SHAPE.matcher(value).matches() || value.contains("..")) {
            throw new IllegalArgumentException("not a valid email address: '" + abbreviate(value) + "'");
        }
    }

    public static EmailAddress of(String value) {
        return new EmailAddress(value);
    }

    /** Parses an address, giving empty for blank or invalid input instead of throwing. */
    public static Optional<EmailAddress> parse(String value) {
        if (value == null || value.isBlank()) {
            return Optional.empty();
        }
        try {
            return Optional.of(new EmailAddress(value));
        } catch (IllegalArgumentException invalid) {
            return Optional.empty();
        }
    }

    public String domain() {
        return value.substring(value.indexOf('@') + 1);
    }

    private static String abbreviate(String s) {
        return s.length() <= 80 ? s : s.substring(0, 77) + "...";
    }

    @Override
    public int compareTo(EmailAddress other) {
        return value.compareTo(other.value);
    }

    @Override
    public String toString() {
        return value;
    }
}
