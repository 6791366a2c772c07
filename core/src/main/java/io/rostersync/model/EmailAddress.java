package io.rostersync.model;

import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * A normalised email address: trimmed and lower-cased, so two spellings of one mailbox compare equal.
 * Validation is deliberately pragmatic (one {@code @}, a local part, a dotted domain, no spaces): the
 * goal is to reject garbage from exports, not to implement RFC 5322.
 *
 * @param value the normalised address
 */
public record EmailAddress(String value) implements Comparable<EmailAddress> {


    public EmailAddress {
        Objects.requireNonNull(value, "email");
        value = value.trim().toLowerCase(Locale.ROOT);
        if (!wellFormed(value)) {
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

    /**
     * One local part of 1 to 64 characters, one {@code @}, a domain that does not start with a dot and ends
     * in a label of two or more characters, no spaces, control characters or {@code ..}, at most 254 in all.
     * Hand-written rather than a regex because every record of every read passes through it.
     */
    private static boolean wellFormed(String v) {
        int length = v.length();
        if (length > 254) {
            return false;
        }
        int at = -1;
        for (int i = 0; i < length; i++) {
            char c = v.charAt(i);
            if (c <= ' ' || c == 0x7F) {
                return false;
            }
            if (c == '@') {
                if (at >= 0) {
                    return false;
                }
                at = i;
            } else if (c == '.' && i > 0 && v.charAt(i - 1) == '.') {
                return false;
            }
        }
        if (at < 1 || at > 64 || at + 1 >= length || v.charAt(at + 1) == '.') {
            return false;
        }
        int lastDot = v.lastIndexOf('.');
        return lastDot > at + 1 && length - lastDot - 1 >= 2;
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
