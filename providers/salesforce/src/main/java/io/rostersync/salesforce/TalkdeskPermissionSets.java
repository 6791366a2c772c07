package io.rostersync.salesforce;

import io.rostersync.policy.RuleBasedPermissionMapper;
import io.rostersync.spi.PermissionApplication;
import io.rostersync.spi.RoleToPermissionMapper;
import java.util.Map;

/**
 * The Talkdesk for Salesforce permission sets of seed 001 as a ready {@link RoleToPermissionMapper}:
 * a Talkdesk role containing "Admin" gives {@value #ADMIN}, one containing "Supervisor" gives
 * {@value #SUPERVISOR}, any other {@value #AGENT}. On the Voice product ({@value #VOICE}) there is no
 * Supervisor set, so Supervisor maps to {@value #ADMIN_VOICE}, and the others to their Voice
 * equivalents. Hierarchy: Admin over Supervisor over Agent ({@link RoleToPermissionMapper#highest}
 * tells which one a UI shows).
 *
 * <p>Use on a sync whose target is a {@link SalesforceUserDirectory} (whose roles are permission sets,
 * by label) and whose product is the Talkdesk license a user holds ({@value #STANDARD} or
 * {@value #VOICE}), for example through license rules with those ids or
 * {@code SyncPolicy.Builder.permissionProduct}. The default application is on provisioning only, as the
 * article describes: sets are given to users who hold none of them yet (newly licensed), and a later role
 * change in Talkdesk changes nothing. {@link #mapper(PermissionApplication)} with
 * {@code ENFORCED} keeps sets in line with roles on every run instead.
 *
 * @since 0.1.0
 */
public final class TalkdeskPermissionSets {

    /** The Talkdesk for Salesforce product (license id). */
    public static final String STANDARD = "T4S";
    /** The Talkdesk for Salesforce Voice product (license id). */
    public static final String VOICE = "T4SV";

    /** The permission set for Talkdesk admins. */
    public static final String ADMIN = "Talkdesk Admin";
    /** The permission set for Talkdesk supervisors (not on Voice). */
    public static final String SUPERVISOR = "Talkdesk Supervisor";
    /** The permission set for every other Talkdesk role. */
    public static final String AGENT = "Talkdesk Agent";
    /** The Voice permission set for admins and supervisors. */
    public static final String ADMIN_VOICE = "Talkdesk Admin Voice";
    /** The Voice permission set for every other Talkdesk role. */
    public static final String AGENT_VOICE = "Talkdesk Agent Voice";

    private TalkdeskPermissionSets() {
    }

    /**
     * The mapping, applied on provisioning only.
     *
     * @return the mapper
     */
    public static RoleToPermissionMapper mapper() {
        return mapper(PermissionApplication.ON_PROVISIONING_ONLY);
    }

    /**
     * The mapping, applied as {@code application} says.
     *
     * @param application when the sets are applied
     * @return the mapper
     */
    public static RoleToPermissionMapper mapper(PermissionApplication application) {
        return builder().application(application).build();
    }

    /**
     * The mapping as a builder, to rename sets or add rules.
     *
     * @return a new builder holding the rules above; the default application is on provisioning only
     */
    public static RuleBasedPermissionMapper.Builder builder() {
        return RuleBasedPermissionMapper.builder()
                .whenRoleContains("Admin", ADMIN)
                .whenRoleContains("Supervisor", SUPERVISOR)
                .otherwise(AGENT)
                .hierarchy(ADMIN, SUPERVISOR, AGENT)
                .product(VOICE, Map.of(ADMIN, ADMIN_VOICE, SUPERVISOR, ADMIN_VOICE, AGENT, AGENT_VOICE));
    }
}
