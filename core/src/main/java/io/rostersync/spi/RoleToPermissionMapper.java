package io.rostersync.spi;

import java.util.Collection;
import java.util.Optional;
import java.util.Set;

/**
 * Turns a source user's roles into the permissions (permission sets, target roles) they should hold in
 * one product of the target. The engine grants and revokes only the permissions in
 * {@link #managedPermissions()}; anything else a target user holds is never touched.
 *
 * <p>The rule-based implementation is {@code io.rostersync.policy.RuleBasedPermissionMapper}.
 * Implementations are pure and immutable.
 */
public interface RoleToPermissionMapper {

    /** Every permission this mapper may grant or revoke, across all products. */
    Set<String> managedPermissions();

    /** The permissions a user with {@code sourceRoles} should hold in {@code product}. */
    PermissionDecision permissionsFor(Set<String> sourceRoles, String product);

    /** The highest-ranking of {@code held} by the mapper's hierarchy: the one a UI shows. */
    Optional<String> highest(Collection<String> held);

    /** When decisions are applied. */
    PermissionApplication application();
}
