package io.rostersync.policy;

import io.rostersync.spi.MatchKey;
import io.rostersync.spi.RoleToPermissionMapper;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * A fingerprint of what decides who a sync manages and how it matches and writes them, stored with the
 * cursor. An incremental read only shows what changed in the source; when the policy changed instead
 * (a user added to the selection, another matcher, a field now owned), only a full read finds who that
 * affects. So a run whose policy fingerprint differs from the one stored with the cursor reads in full,
 * and its report names the parts that changed.
 *
 * <p>The fingerprint is a short digest per part, so it is small whatever the selection's size:
 * <ul>
 *   <li>{@code scope}: the scope's {@link Scope#identity()} (the selected ids, roles, statuses or search
 *       text of the built-in scopes; the description of a predicate);</li>
 *   <li>{@code matching}: the names of the matcher's keys in order, and the matcher's own
 *       {@code toString()} when its class defines a stable one (the built-in matchers do);</li>
 *   <li>{@code rules}: what happens to unmatched, gone and out-of-scope users, reactivation,
 *       authoritative mode and the protected accounts' scope identity;</li>
 *   <li>{@code ownership}: which fields and attributes the source owns, and how;</li>
 *   <li>{@code licenses}: each license rule's license id and description, and the permission mapper's
 *       managed permissions and when it applies;</li>
 *   <li>{@code version}: the host's {@link SyncPolicy#version()}.</li>
 * </ul>
 *
 * <p>What it cannot see: code. The logic inside a predicate, a license rule's eligibility or priority, the
 * profile mapper, a permission mapper's rules, or a host-written matcher without a stable
 * {@code toString()} is invisible (a lambda has no stable identity across restarts, and two lambdas
 * cannot be compared). When such logic changes, change the description that goes with it or the
 * policy's version, or the change reaches the users it affects at the next full run. The deletion guard,
 * notification on create and the lease are not part of the fingerprint: they do not decide membership.
 *
 * @param value the fingerprint as stored, {@code v1;scope=...;matching=...;...}
 * @since 0.1.0
 */
public record PolicyFingerprint(String value) {

    private static final String FORMAT = "v1";
    private static final List<String> PARTS = List.of("scope", "matching", "rules", "ownership", "licenses", "version");
    private static final Pattern UNSTABLE = Pattern.compile("\\$\\$Lambda|@[0-9a-f]{4,}\\b");

    /**
     * Checks the value.
     *
     * @param value the fingerprint as stored, {@code v1;scope=...;matching=...;...}
     * @throws IllegalArgumentException if the value is blank
     * @throws NullPointerException if the value is null
     */
    public PolicyFingerprint {
        Objects.requireNonNull(value, "value");
        if (value.isBlank()) {
            throw new IllegalArgumentException("a policy fingerprint must not be blank");
        }
    }

    /**
     * The fingerprint of {@code policy}.
     *
     * @param policy the policy
     * @return its fingerprint
     */
    public static PolicyFingerprint of(SyncPolicy policy) {
        Map<String, String> parts = new LinkedHashMap<>();
        parts.put("scope", policy.scope().identity());
        StringBuilder matching = new StringBuilder();
        for (MatchKey key : policy.matcher().keys()) {
            matching.append("key:").append(key.name().length()).append(':').append(key.name()).append(';');
        }
        matching.append("matcher:").append(describe(policy.matcher()));
        parts.put("matching", matching.toString());
        parts.put("rules", "unmatched=" + policy.onUnmatched() + ";gone=" + policy.onGone() + ";outOfScope=" + policy.onOutOfScope()
                + ";reactivation=" + policy.reactivation() + ";authoritative=" + policy.authoritative()
                + ";protected=" + policy.protectedTargets().identity());
        StringBuilder ownership = new StringBuilder();
        for (Field f : Field.values()) {
            ownership.append(f).append('=').append(policy.ownership(f)).append(';');
        }
        policy.ownedAttributes().forEach((name, own) -> ownership.append("attribute:").append(name.length()).append(':')
                .append(name).append('=').append(own).append(';'));
        parts.put("ownership", ownership.toString());
        StringBuilder licenses = new StringBuilder();
        for (LicenseRule rule : policy.licenseRules()) {
            licenses.append("license:").append(rule.licenseId().length()).append(':').append(rule.licenseId())
                    .append(rule.description().length()).append(':').append(rule.description()).append(';');
        }
        if (policy.permissionMapper().isPresent()) {
            RoleToPermissionMapper mapper = policy.permissionMapper().get();
            licenses.append("permissions:").append(mapper.application()).append(new java.util.TreeSet<>(mapper.managedPermissions()))
                    .append(describe(mapper)).append(';');
        }
        licenses.append("product:").append(policy.permissionProduct().isPresent());
        parts.put("licenses", licenses.toString());
        parts.put("version", policy.version());
        StringBuilder out = new StringBuilder(FORMAT);
        parts.forEach((name, text) -> out.append(';').append(name).append('=').append(digest(text)));
        return new PolicyFingerprint(out.toString());
    }

    /**
     * The parts that differ from a fingerprint stored earlier, in a fixed order; every part when the stored
     * one is of another format or unreadable. Empty when they are equal.
     *
     * @param stored a fingerprint's value as stored
     * @return the names of the parts that differ ({@code scope}, {@code matching}, {@code rules},
     *         {@code ownership}, {@code licenses}, {@code version})
     */
    public List<String> changedSince(String stored) {
        Map<String, String> mine = parse(value);
        Map<String, String> theirs = parse(stored);
        if (mine == null || theirs == null) {
            return PARTS;
        }
        List<String> changed = new ArrayList<>();
        for (String part : PARTS) {
            if (!Objects.equals(mine.get(part), theirs.get(part))) {
                changed.add(part);
            }
        }
        return changed;
    }

    /** The parts of a fingerprint; null when it is of another format or unreadable. */
    private static @Nullable Map<String, String> parse(@Nullable String fingerprint) {
        if (fingerprint == null) {
            return null;
        }
        String[] fields = fingerprint.split(";");
        if (fields.length != PARTS.size() + 1 || !fields[0].equals(FORMAT)) {
            return null;
        }
        Map<String, String> parts = new LinkedHashMap<>();
        for (int i = 1; i < fields.length; i++) {
            int eq = fields[i].indexOf('=');
            if (eq < 0) {
                return null;
            }
            parts.put(fields[i].substring(0, eq), fields[i].substring(eq + 1));
        }
        return parts.keySet().equals(new java.util.LinkedHashSet<>(PARTS)) ? parts : null;
    }

    /**
     * A stable description of a matcher or mapper: its own {@code toString()} when the class defines one
     * that does not print identities, else the name of a named class, else "code" (a lambda or an
     * anonymous class, whose names change with the build).
     */
    static String describe(Object o) {
        Class<?> c = o.getClass();
        try {
            if (c.getMethod("toString").getDeclaringClass() != Object.class) {
                String text = o.toString();
                if (text != null && !UNSTABLE.matcher(text).find()) {
                    return "text:" + text;
                }
            }
        } catch (NoSuchMethodException | RuntimeException e) {
            // fall through to the class
        }
        if (c.isHidden() || c.isAnonymousClass() || c.isSynthetic() || c.isLocalClass()) {
            return "code";
        }
        return "class:" + c.getName();
    }

    private static String digest(String text) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            StringBuilder hex = new StringBuilder();
            for (int i = 0; i < 8; i++) {
                hex.append(String.format("%02x", hash[i]));
            }
            return hex.toString();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    @Override
    public String toString() {
        return value;
    }
}
