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
 *
 * @since 0.1.0
 */
public interface RoleToPermissionMapper {

    /**
     * Every permission this mapper may grant or revoke, across all products.
     *
     * @return the managed permission names; the engine touches no other
     */
    Set<String> managedPermissions();

    /**
     * The permissions a user with {@code sourceRoles} should hold in {@code product}.
     *
     * @param sourceRoles the source user's roles
     * @param product     the target product, as the mapper's rules name it
     * @return the permissions to hold and the rule that decided
     */
    PermissionDecision permissionsFor(Set<String> sourceRoles, String product);

    /**
     * The highest-ranking of {@code held} by the mapper's hierarchy: the one a UI shows.
     *
     * @param held permissions a user holds
     * @return the highest-ranking of them, or empty when none of them is ranked
     */
    Optional<String> highest(Collection<String> held);

    /**
     * When decisions are applied.
     *
     * @return when the engine applies this mapper's decisions
     */
    PermissionApplication application();
}
