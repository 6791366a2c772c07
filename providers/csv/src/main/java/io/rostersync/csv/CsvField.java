package io.rostersync.csv;

/**
 * The profile fields a CSV column can hold. Free attributes are mapped by name instead
 * ({@link CsvColumns.Builder#attribute(String, String)}).
 *
 * @since 0.1.0
 */
public enum CsvField {
    /** The directory's id for the row. When unmapped, the id is the normalised email. */
    ID,
    /** The first name. */
    FIRST_NAME,
    /** The last name. */
    LAST_NAME,
    /** The email address; required on every row. */
    EMAIL,
    /** The login name. */
    USERNAME,
    /** One or more roles, separated by {@link CsvColumns#valueSeparator()}. */
    ROLES,
    /** The status: {@code Active}, {@code Inactive}, {@code Pending} or {@code Suspended} (blank is active). */
    STATUS,
    /** Group memberships such as campaign access, separated by {@link CsvColumns#valueSeparator()}. */
    GROUPS
}
