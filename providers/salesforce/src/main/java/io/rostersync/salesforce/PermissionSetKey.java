package io.rostersync.salesforce;

/**
 * Which name of a permission set a {@link SalesforceUserDirectory} uses as the role name.
 *
 * @since 0.1.0
 */
public enum PermissionSetKey {
    /** The label admins see ({@code Talkdesk Admin}); the default. Two sets sharing a label cannot be granted. */
    LABEL,
    /** The unique API name ({@code Talkdesk_Admin}). */
    API_NAME
}
