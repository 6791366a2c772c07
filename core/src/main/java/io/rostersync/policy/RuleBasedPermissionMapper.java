package io.rostersync.policy;

import io.rostersync.model.internal.IdentityText;
import io.rostersync.spi.PermissionApplication;
import io.rostersync.spi.PermissionDecision;
import io.rostersync.spi.RoleToPermissionMapper;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Predicate;

/**
 * A {@link RoleToPermissionMapper} made of ordered rules ("a role containing Admin gives Talkdesk Admin"),
 * a fallback, per-product translations (a product without a Supervisor set maps it to its Admin set) and
 * a hierarchy that tells which held permission ranks highest.
 *
 * <pre>{@code
 * RuleBasedPermissionMapper.builder()
 *     .whenRoleContains("Admin", "Talkdesk Admin")
 *     .whenRoleContains("Supervisor", "Talkdesk Supervisor")
 *     .otherwise("Talkdesk Agent")
 *     .hierarchy("Talkdesk Admin", "Talkdesk Supervisor", "Talkdesk Agent")
 *     .product("T4SV", Map.of("Talkdesk Admin", "Talkdesk Admin Voice",
 *                             "Talkdesk Supervisor", "Talkdesk Admin Voice",
 *                             "Talkdesk Agent", "Talkdesk Agent Voice"))
 *     .build();
 * }</pre>
 *
 * @since 0.1.0
 */
public final class RuleBasedPermissionMapper implements RoleToPermissionMapper {

    private record Rule(String description, Predicate<Set<String>> test, String permission) {
    }

    private final List<Rule> rules;
    private final Optional<String> fallback;
    private final Map<String, Map<String, String>> products;
    private final Map<String, Integer> rank;
    private final Set<String> managed;
    private final PermissionApplication application;

    private RuleBasedPermissionMapper(Builder b) {
        this.rules = List.copyOf(b.rules);
        this.fallback = b.fallback;
        Map<String, Map<String, String>> copy = new LinkedHashMap<>();
        b.products.forEach((k, v) -> copy.put(k, Map.copyOf(v)));
        this.products = Collections.unmodifiableMap(copy);
        this.application = b.application;
        TreeSet<String> all = new TreeSet<>();
        rules.forEach(r -> all.add(r.permission()));
        fallback.ifPresent(all::add);
        products.values().forEach(m -> all.addAll(m.values()));
        this.managed = Collections.unmodifiableSet(all);
        Map<String, Integer> ranks = new HashMap<>();
        for (int i = 0; i < b.hierarchy.size(); i++) {
            ranks.put(b.hierarchy.get(i), i);
        }
        for (Map<String, String> translation : products.values()) {
            translation.forEach((base, translated) -> {
                Integer r = ranks.get(base);
                if (r != null) {
                    ranks.merge(translated, r, Math::min);
                }
            });
        }
        this.rank = Map.copyOf(ranks);
    }

    /**
     * A builder with no rules, no hierarchy and {@link PermissionApplication#ON_PROVISIONING_ONLY}.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    @Override
    public Set<String> managedPermissions() {
        return managed;
    }

    @Override
    public PermissionDecision permissionsFor(Set<String> sourceRoles, String product) {
        for (Rule rule : rules) {
            if (rule.test().test(sourceRoles)) {
                return translate(rule.permission(), rule.description(), product);
            }
        }
        return fallback.map(p -> translate(p, "no rule matched roles " + sourceRoles + ", so the default applies", product))
                .orElseGet(() -> PermissionDecision.of(Set.of(), "no rule matched roles " + sourceRoles));
    }

    private PermissionDecision translate(String base, String why, String product) {
        Map<String, String> translation = products.get(product);
        if (translation == null || !translation.containsKey(base)) {
            return PermissionDecision.of(Set.of(base), why);
        }
        String translated = translation.get(base);
        return PermissionDecision.of(Set.of(translated), why + "; product " + product + " uses '" + translated + "' for '" + base + "'");
    }

    /** The rank of a permission of the hierarchy (0 ranks highest). */
    private int rankOf(String permission) {
        Integer r = rank.get(permission);
        if (r == null) {
            throw new IllegalArgumentException("'" + permission + "' is not in the hierarchy");
        }
        return r;
    }

    @Override
    public Optional<String> highest(Collection<String> held) {
        return held.stream()
                .filter(rank::containsKey)
                .min((a, b) -> {
                    int c = Integer.compare(rankOf(a), rankOf(b));
                    return c != 0 ? c : a.compareTo(b);
                });
    }

    @Override
    public PermissionApplication application() {
        return application;
    }

    /** Builder; rules are tried in the order added. */
    public static final class Builder {
        private final List<Rule> rules = new ArrayList<>();
        private Optional<String> fallback = Optional.empty();
        private final Map<String, Map<String, String>> products = new LinkedHashMap<>();
        private final List<String> hierarchy = new ArrayList<>();
        private PermissionApplication application = PermissionApplication.ON_PROVISIONING_ONLY;

        private Builder() {
        }

        /**
         * A role whose name contains {@code text} (ignoring ASCII case only, after NFC) gives
         * {@code permission}.
         *
         * @param text       the text a role name contains
         * @param permission the permission it gives
         * @return this builder
         * @throws IllegalArgumentException if a value is blank
         */
        public Builder whenRoleContains(String text, String permission) {
            requireName(text, "text");
            requireName(permission, "permission");
            // ASCII-only folding: a role spelt with a Kelvin sign or a dotless i is not the role it imitates.
            String needle = IdentityText.key(text);
            rules.add(new Rule("a role contains '" + text + "'",
                    roles -> roles.stream().anyMatch(r -> IdentityText.key(r).contains(needle)), permission));
            return this;
        }

        /**
         * A role named exactly {@code role} (ignoring ASCII case only, after NFC) gives {@code permission}.
         *
         * @param role       the role name
         * @param permission the permission it gives
         * @return this builder
         * @throws IllegalArgumentException if a value is blank
         */
        public Builder whenRoleIs(String role, String permission) {
            requireName(role, "role");
            requireName(permission, "permission");
            rules.add(new Rule("role is '" + role + "'",
                    roles -> roles.stream().anyMatch(r -> IdentityText.key(r).equals(IdentityText.key(role))), permission));
            return this;
        }

        /**
         * The permission for users no rule matched.
         *
         * @param permission the permission
         * @return this builder
         */
        public Builder otherwise(String permission) {
            requireName(permission, "permission");
            fallback = Optional.of(permission);
            return this;
        }

        /**
         * Ranks permissions, highest first.
         *
         * @param highestFirst permission names, highest first
         * @return this builder
         */
        public Builder hierarchy(String... highestFirst) {
            hierarchy.clear();
            hierarchy.addAll(List.of(highestFirst));
            return this;
        }

        /**
         * In {@code product}, each base permission is replaced by its translation (several may share one).
         *
         * @param product     the product's name
         * @param translation base permission to the product's permission
         * @return this builder
         * @throws IllegalArgumentException if the product's name is blank
         */
        public Builder product(String product, Map<String, String> translation) {
            requireName(product, "product");
            products.put(product, Map.copyOf(translation));
            return this;
        }

        /**
         * When the mapper's decisions are applied.
         *
         * @param value when
         * @return this builder
         */
        public Builder application(PermissionApplication value) {
            application = java.util.Objects.requireNonNull(value, "application");
            return this;
        }

        /**
         * Builds the mapper.
         *
         * @return the mapper
         * @throws IllegalStateException if there is no rule and no fallback
         */
        public RuleBasedPermissionMapper build() {
            if (rules.isEmpty() && fallback.isEmpty()) {
                throw new IllegalStateException("a permission mapper needs at least one rule or a fallback");
            }
            return new RuleBasedPermissionMapper(this);
        }

        private static void requireName(String value, String what) {
            if (value == null || value.isBlank()) {
                throw new IllegalArgumentException(what + " must not be blank");
            }
        }
    }
}
