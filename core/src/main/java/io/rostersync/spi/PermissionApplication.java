package io.rostersync.spi;

/**
 * When a {@link RoleToPermissionMapper}'s decisions are applied.
 *
 * @since 0.1.0
 */
public enum PermissionApplication {
    /**
     * Only to users that hold none of the mapper's permissions yet (newly provisioned or newly licensed);
     * later manual changes are left alone. What the Talkdesk for Salesforce article describes.
     */
    ON_PROVISIONING_ONLY,
    /** On every run: missing permissions are granted and other managed ones revoked. */
    ENFORCED
}
