package io.rostersync.policy;

import io.rostersync.model.EmailAddress;
import io.rostersync.model.UserRecord;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * How large a source record may be. A record beyond any bound is not planned: it becomes a read problem
 * for that user (like a record a directory could not read), so the engine writes nothing for them, and, the
 * read being incomplete, deprovisions nobody for being absent and keeps the cursor where it was. The bounds
 * are checked on each source record before anything else is done with it (scope, keys, matching, mapping).
 *
 * <p>Defaults, and why:
 * <ul>
 *   <li>{@code nameLength} 256: first and last names, the username, each role, group and attribute name.
 *   Vendors allow less (Salesforce: first name 40, last name 80, username 80; Zendesk: name 255), so 256
 *   passes every real name and refuses a bulk payload.</li>
 *   <li>{@code emailLength} 254: RFC 5321 section 4.5.3.1.3 allows a path of 256 octets, two of them the
 *   angle brackets. {@link EmailAddress} never holds more.</li>
 *   <li>{@code attributeValueLength} 4096: external ids, federation ids, login methods and short notes are
 *   far shorter; a value longer than a page of text is not an identity attribute.</li>
 *   <li>{@code attributeCount} 200: a directory's custom user fields, with room to spare.</li>
 *   <li>{@code membershipCount} 1000: roles, and groups, each (campaigns and call centres included).</li>
 * </ul>
 *
 * @param nameLength           most characters in a first or last name, username, role, group or attribute name
 * @param emailLength          most characters in an email address, at most {@value EmailAddress#MAX_LENGTH}
 * @param attributeValueLength most characters in one attribute value
 * @param attributeCount       most attributes on one record
 * @param membershipCount      most roles, and most groups, on one record
 * @since 0.1.0
 */
public record RecordLimits(int nameLength, int emailLength, int attributeValueLength, int attributeCount,
                           int membershipCount) {

    private static final RecordLimits DEFAULTS = new RecordLimits(256, EmailAddress.MAX_LENGTH, 4096, 200, 1000);

    /**
     * Checks the bounds.
     *
     * @param nameLength           most characters in a first or last name, username, role, group or attribute name
     * @param emailLength          most characters in an email address, at most {@value EmailAddress#MAX_LENGTH}
     * @param attributeValueLength most characters in one attribute value
     * @param attributeCount       most attributes on one record
     * @param membershipCount      most roles, and most groups, on one record
     * @throws IllegalArgumentException if a bound is not positive or the email length is beyond
     *                                  {@link EmailAddress#MAX_LENGTH}
     */
    public RecordLimits {
        positive(nameLength, "nameLength");
        positive(emailLength, "emailLength");
        positive(attributeValueLength, "attributeValueLength");
        positive(attributeCount, "attributeCount");
        positive(membershipCount, "membershipCount");
        if (emailLength > EmailAddress.MAX_LENGTH) {
            throw new IllegalArgumentException("emailLength " + emailLength + " is more than an email address can have ("
                    + EmailAddress.MAX_LENGTH + ", RFC 5321)");
        }
    }

    /**
     * The defaults described above.
     *
     * @return the defaults
     */
    public static RecordLimits defaults() {
        return DEFAULTS;
    }

    /**
     * These limits with another longest name.
     *
     * @param value characters, at least 1
     * @return new limits; these are unchanged
     * @throws IllegalArgumentException if the value is not positive
     */
    public RecordLimits withNameLength(int value) {
        return new RecordLimits(value, emailLength, attributeValueLength, attributeCount, membershipCount);
    }

    /**
     * These limits with another longest email.
     *
     * @param value characters, 1 to {@link EmailAddress#MAX_LENGTH}
     * @return new limits; these are unchanged
     * @throws IllegalArgumentException if the value is out of range
     */
    public RecordLimits withEmailLength(int value) {
        return new RecordLimits(nameLength, value, attributeValueLength, attributeCount, membershipCount);
    }

    /**
     * These limits with another longest attribute value.
     *
     * @param value characters, at least 1
     * @return new limits; these are unchanged
     * @throws IllegalArgumentException if the value is not positive
     */
    public RecordLimits withAttributeValueLength(int value) {
        return new RecordLimits(nameLength, emailLength, value, attributeCount, membershipCount);
    }

    /**
     * These limits with another largest number of attributes.
     *
     * @param value at least 1
     * @return new limits; these are unchanged
     * @throws IllegalArgumentException if the value is not positive
     */
    public RecordLimits withAttributeCount(int value) {
        return new RecordLimits(nameLength, emailLength, attributeValueLength, value, membershipCount);
    }

    /**
     * These limits with another largest number of roles and of groups.
     *
     * @param value at least 1
     * @return new limits; these are unchanged
     * @throws IllegalArgumentException if the value is not positive
     */
    public RecordLimits withMembershipCount(int value) {
        return new RecordLimits(nameLength, emailLength, attributeValueLength, attributeCount, value);
    }

    /**
     * What in {@code record} is beyond the bounds, in words and without the offending text; empty when the
     * record is within them. Looks at sizes only (counts first, then lengths), so it costs a few reads of
     * a length per field however large the record is.
     *
     * @param record the source record
     * @return what is too large, or empty
     */
    public Optional<String> violation(UserRecord record) {
        return within(record) ? Optional.empty() : describedViolation(record);
    }

    /**
     * Whether every size is within the bounds: the same bounds as {@link #describedViolation}, as plain
     * comparisons, for the nearly every record that is within them (this runs on every source record).
     */
    boolean within(UserRecord record) {
        if (record.attributes().size() > attributeCount || record.roles().size() > membershipCount
                || record.groups().size() > membershipCount || record.firstName().length() > nameLength
                || record.lastName().length() > nameLength) {
            return false;
        }
        if (record.username().isPresent() && record.username().get().value().length() > nameLength) {
            return false;
        }
        if (record.email().isPresent() && record.email().get().value().length() > emailLength) {
            return false;
        }
        if (!record.roles().isEmpty() && !namesWithin(record.roles())) {
            return false;
        }
        if (!record.groups().isEmpty() && !namesWithin(record.groups())) {
            return false;
        }
        if (!record.attributes().isEmpty()) {
            for (Map.Entry<String, String> e : record.attributes().entrySet()) {
                if (e.getKey().length() > nameLength || e.getValue().length() > attributeValueLength) {
                    return false;
                }
            }
        }
        return true;
    }

    private boolean namesWithin(Set<String> names) {
        for (String name : names) {
            if (name.length() > nameLength) {
                return false;
            }
        }
        return true;
    }

    /** The first bound {@code record} is beyond, in words, or empty: the definition {@link #within} agrees with. */
    Optional<String> describedViolation(UserRecord record) {
        if (record.attributes().size() > attributeCount) {
            return Optional.of(record.attributes().size() + " attributes, more than the limit of " + attributeCount);
        }
        if (record.roles().size() > membershipCount) {
            return Optional.of(record.roles().size() + " roles, more than the limit of " + membershipCount);
        }
        if (record.groups().size() > membershipCount) {
            return Optional.of(record.groups().size() + " groups, more than the limit of " + membershipCount);
        }
        Optional<String> tooLong = tooLong("first name", record.firstName(), nameLength);
        if (tooLong.isEmpty()) {
            tooLong = tooLong("last name", record.lastName(), nameLength);
        }
        if (tooLong.isEmpty() && record.username().isPresent()) {
            tooLong = tooLong("username", record.username().get().value(), nameLength);
        }
        if (tooLong.isEmpty() && record.email().isPresent()) {
            tooLong = tooLong("email", record.email().get().value(), emailLength);
        }
        // Empty collections (most of them) are not iterated: an iterator per user is garbage at a million users.
        if (tooLong.isEmpty() && !record.roles().isEmpty()) {
            tooLong = tooLongName("role", record.roles());
        }
        if (tooLong.isEmpty() && !record.groups().isEmpty()) {
            tooLong = tooLongName("group", record.groups());
        }
        if (tooLong.isEmpty() && !record.attributes().isEmpty()) {
            for (Map.Entry<String, String> e : record.attributes().entrySet()) {
                tooLong = tooLong("attribute name", e.getKey(), nameLength)
                        .or(() -> tooLong("attribute '" + clip(e.getKey()) + "'", e.getValue(), attributeValueLength));
                if (tooLong.isPresent()) {
                    break;
                }
            }
        }
        return tooLong;
    }

    private Optional<String> tooLongName(String what, Set<String> names) {
        for (String name : names) {
            Optional<String> found = tooLong(what + " name", name, nameLength);
            if (found.isPresent()) {
                return found;
            }
        }
        return Optional.empty();
    }

    private static Optional<String> tooLong(String what, String value, int limit) {
        return value.length() <= limit ? Optional.empty()
                : Optional.of(what + " of " + value.length() + " characters, more than the limit of " + limit);
    }

    private static String clip(String name) {
        return name.length() <= 40 ? name : name.substring(0, 40) + "...";
    }

    private static void positive(int value, String name) {
        if (value < 1) {
            throw new IllegalArgumentException(name + " must be at least 1, not " + value);
        }
    }
}
