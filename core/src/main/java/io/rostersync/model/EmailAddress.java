package io.rostersync.model;

import io.rostersync.model.internal.IdentityText;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * A normalised email address: trimmed, in Unicode Normalization Form C and with {@code A-Z} folded to
 * {@code a-z}, so two spellings of one mailbox compare equal ({@code Kate@Example.com} and
 * {@code kate@example.com}, or a precomposed and a decomposed {@code é}). Case is folded in ASCII only:
 * a character from outside ASCII keeps its case and never becomes ASCII, so an address that merely looks
 * like another (U+212A KELVIN SIGN for the {@code k} of {@code kate@example.com}, a Cyrillic letter, a
 * fullwidth letter) is a different address; the engine shows such near-twins as conflicts for review
 * instead of matching them.
 *
 * <p>Validation is deliberately pragmatic (one {@code @}, a local part of at most 64 characters, a dotted
 * domain, no spaces or control characters, at most 254 characters as RFC 5321 section 4.5.3.1.3 allows):
 * the goal is to reject garbage from exports, not to implement RFC 5322. Overlong input is refused before
 * any normalisation work is done on it.
 *
 * @param value the normalised address
 * @since 0.1.0
 */
public record EmailAddress(String value) implements Comparable<EmailAddress> {

    /** The longest address: RFC 5321 allows a path of 256 octets, two of them the angle brackets. */
    public static final int MAX_LENGTH = 254;

    /**
     * Trims, normalises and validates the address.
     *
     * @param value the normalised address
     * @throws IllegalArgumentException if the address is not well formed or longer than {@link #MAX_LENGTH}
     * @throws NullPointerException if the value is null
     */
    public EmailAddress {
        Objects.requireNonNull(value, "email");
        value = value.trim();
        String plain = plainAscii(value);
        value = plain != null ? plain : normalized(value);
    }

    /**
     * The address normalised and checked, for any text (the trimmed input): the definition that
     * {@link #plainAscii} takes a shortcut through.
     */
    static String normalized(String trimmed) {
        // NFC composes, so a decomposed address may be longer than its normal form; anything longer than
        // this is refused as it is, without normalising a megabyte of text.
        if (trimmed.length() > MAX_LENGTH * 4) {
            throw new IllegalArgumentException("not a valid email address: " + trimmed.length()
                    + " characters, more than the " + MAX_LENGTH + " an address can have");
        }
        String value = IdentityText.key(trimmed);
        if (!wellFormed(value)) {
            throw new IllegalArgumentException("not a valid email address: '" + abbreviate(value) + "'");
        }
        return value;
    }

    /**
     * The shortcut for nearly every address: printable ASCII that is well formed, checked and folded to
     * lower case in one pass. Gives what {@link #normalized} gives (for ASCII, NFC changes nothing and
     * folding case moves no {@code @} or dot), or null to leave everything else, valid or not, to it.
     */
    static @Nullable String plainAscii(String trimmed) {
        int length = trimmed.length();
        if (length > MAX_LENGTH) {
            return null;
        }
        int at = -1;
        int lastDot = -1;
        boolean upper = false;
        char previous = 0;
        for (int i = 0; i < length; i++) {
            char c = trimmed.charAt(i);
            if (c <= ' ' || c >= 0x7F) {
                return null; // space, control, DEL, or outside ASCII
            }
            if (c == '@') {
                if (at >= 0) {
                    return null;
                }
                at = i;
            } else if (c == '.') {
                if (previous == '.') {
                    return null;
                }
                lastDot = i;
            } else if (c >= 'A' && c <= 'Z') {
                upper = true;
            }
            previous = c;
        }
        if (at < 1 || at > 64 || at + 1 >= length || trimmed.charAt(at + 1) == '.'
                || lastDot <= at + 1 || length - lastDot - 1 < 2) {
            return null;
        }
        return upper ? IdentityText.asciiLower(trimmed) : trimmed;
    }

    /**
     * An address from text, normalised.
     *
     * @param value the address as written
     * @return the normalised address
     * @throws IllegalArgumentException if the address is not well formed
     */
    public static EmailAddress of(String value) {
        return new EmailAddress(value);
    }

    /**
     * Parses an address, giving empty for blank or invalid input instead of throwing.
     *
     * @param value the address as written; may be null
     * @return the normalised address, or empty for null, blank or invalid input
     */
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

    /**
     * The part after the {@code @}, normalised.
     *
     * @return the domain, for example {@code example.com}
     */
    public String domain() {
        return value.substring(value.indexOf('@') + 1);
    }

    /**
     * One local part of 1 to 64 characters, one {@code @}, a domain that does not start with a dot and ends
     * in a label of two or more characters, no spaces, control characters (C0, DEL, C1), line or paragraph
     * separators or {@code ..}, at most 254 in all.
     * Hand-written rather than a regex because every record of every read passes through it.
     */
    private static boolean wellFormed(String v) {
        int length = v.length();
        if (length > MAX_LENGTH) {
            return false;
        }
        int at = -1;
        for (int i = 0; i < length; i++) {
            char c = v.charAt(i);
            if (c <= ' ' || (c >= 0x7F && c <= 0x9F) || c == '\u2028' || c == '\u2029') {
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
