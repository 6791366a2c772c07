package io.rostersync.zendesk;

/**
 * Names of the {@code UserRecord.attributes()} a {@link ZendeskDirectory} reads and writes. Use them in a
 * policy, e.g. {@code IdentityMatchers.byAttribute(ZendeskAttributes.EXTERNAL_ID)} to match on the
 * Zendesk external id.
 *
 * @since 0.1.0
 */
public final class ZendeskAttributes {

    /** The user's {@code external_id}. Readable and writable. */
    public static final String EXTERNAL_ID = "external_id";

    /** The user's {@code tags}, sorted and joined with commas. Readable and writable (a comma list). */
    public static final String TAGS = "tags";

    /**
     * Prefix of one attribute per non-empty {@code user_fields} entry: {@code user_field.employee_no}.
     * Multi-select values are joined with commas. Readable and writable (as text).
     */
    public static final String USER_FIELD_PREFIX = "user_field.";

    /** The user's {@code custom_role_id}, when it has one. Read-only. */
    public static final String CUSTOM_ROLE_ID = "zendesk.custom_role_id";

    /** The user's {@code role_type} (0 custom agent, 1 light agent, 2 chat agent, …), when given. Read-only. */
    public static final String ROLE_TYPE = "zendesk.role_type";

    private ZendeskAttributes() {
    }
}
