package io.rostersync.spi;

import java.util.Collection;
import java.util.Collections;
import java.util.Objects;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * The permissions a user should hold and the rule that says so.
 *
 * @param permissions permission (set) names, possibly empty
 * @param rule        human description of the rule that decided, for explanations
 * @since 0.1.0
 */
public record PermissionDecision(SortedSet<String> permissions, String rule) {

    /**
     * Copies and sorts the permissions.
     *
     * @param permissions permission (set) names, possibly empty
     * @param rule        human description of the rule that decided, for explanations
     * @throws NullPointerException if a part or a permission is null
     */
    public PermissionDecision {
        permissions = Collections.unmodifiableSortedSet(new TreeSet<>(permissions));
        Objects.requireNonNull(rule, "rule");
    }

    /**
     * A decision from any collection of permission names.
     *
     * @param permissions the permission (set) names, possibly empty
     * @param rule        the rule that decided, for explanations
     * @return the decision
     */
    public static PermissionDecision of(Collection<String> permissions, String rule) {
        return new PermissionDecision(new TreeSet<>(permissions), rule);
    }
}
