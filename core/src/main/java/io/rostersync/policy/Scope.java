package io.rostersync.policy;

import io.rostersync.model.internal.IdentityText;
import io.rostersync.model.NativeId;
import io.rostersync.model.UserRecord;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * Which source users a sync manages. A linked user who leaves the scope is deprovisioned per
 * {@link SyncPolicy#onOutOfScope()}; an unlinked one is simply not looked at.
 *
 * <p>The {@code identity} is what the policy fingerprint sees of the scope (see {@link PolicyFingerprint}):
 * the built-in scopes give their whole content (the selected ids, the roles, the statuses, the search
 * text); a scope made from a predicate is seen only through its description, because code cannot be
 * compared. When such a predicate's logic changes, change its description or the policy's
 * {@link SyncPolicy.Builder#version(String) version}, or incremental runs keep using the old membership
 * until the next full read.
 *
 * @param description human description for explanations
 * @param test        the predicate, pure
 * @param identity    what decides membership, as the policy fingerprint sees it
 * @since 0.1.0
 */
public record Scope(String description, Predicate<UserRecord> test, String identity) {

    /**
     * Checks every part is present.
     *
     * @param description human description for explanations
     * @param test        the predicate, pure
     * @param identity    what decides membership, as the policy fingerprint sees it
     * @throws NullPointerException if a part is null
     */
    public Scope {
        Objects.requireNonNull(description, "description");
        Objects.requireNonNull(test, "test");
        Objects.requireNonNull(identity, "identity");
    }

    /**
     * A scope seen by the fingerprint through its description only.
     *
     * @param description what the scope includes, for explanations and the fingerprint
     * @param test        the predicate, pure
     */
    public Scope(String description, Predicate<UserRecord> test) {
        this(description, test, "predicate:" + description);
    }

    /**
     * Whether a source user is in this scope.
     *
     * @param source the source record
     * @return {@code true} when the predicate holds
     */
    public boolean includes(UserRecord source) {
        return test.test(source);
    }

    /**
     * Every source user.
     *
     * @return the scope
     */
    public static Scope all() {
        return new Scope("all users", u -> true, "all");
    }

    /**
     * Users holding at least one of {@code roles} (ignoring ASCII case only, after NFC): "import only agents and admins".
     *
     * @param roles the role names
     * @return the scope
     */
    public static Scope roles(Set<String> roles) {
        Set<String> wanted = roles.stream().map(IdentityText::key).collect(Collectors.toSet());
        if (wanted.isEmpty()) {
            throw new IllegalArgumentException("a role scope needs at least one role");
        }
        return new Scope("users with role " + String.join(" or ", new TreeSet<>(roles)),
                u -> u.roles().stream().anyMatch(r -> wanted.contains(IdentityText.key(r))),
                "roles:" + listed(wanted));
    }

    /**
     * Users in one of the given states: "filter by status".
     *
     * @param statuses the states
     * @return the scope
     */
    public static Scope statuses(io.rostersync.model.UserStatus... statuses) {
        Set<io.rostersync.model.UserStatus> wanted = Set.of(statuses);
        if (wanted.isEmpty()) {
            throw new IllegalArgumentException("a status scope needs at least one status");
        }
        return new Scope("users who are " + wanted.stream().map(st -> st.name().toLowerCase(Locale.ROOT)).sorted()
                .collect(Collectors.joining(" or ")), u -> wanted.contains(u.status()),
                "statuses:" + listed(wanted.stream().map(Enum::name).collect(Collectors.toSet())));
    }

    /**
     * Users whose name, email or username contains {@code text}, ignoring case and surrounding blanks:
     * the search box of a team page.
     *
     * @param text the text to look for
     * @return the scope
     */
    public static Scope search(String text) {
        String needle = text.strip().toLowerCase(Locale.ROOT);
        if (needle.isEmpty()) {
            return all();
        }
        return new Scope("users matching '" + text.strip() + "'", u -> {
            String hay = (u.firstName() + " " + u.lastName() + " " + u.label() + " "
                    + u.username().map(Object::toString).orElse("")).toLowerCase(Locale.ROOT);
            return hay.contains(needle);
        }, "search:" + needle);
    }

    /**
     * Exactly the selected source users: "select the users to bring in".
     *
     * @param sourceIds the source users' ids
     * @return the scope
     */
    public static Scope selection(Set<NativeId> sourceIds) {
        Set<NativeId> selected = Set.copyOf(sourceIds);
        return new Scope("the " + selected.size() + " selected users", u -> selected.contains(u.id()),
                "selection:" + selected.size() + ":" + digest(selected.stream().map(NativeId::value).collect(Collectors.toSet())));
    }

    /**
     * Any predicate, with a description for explanations.
     *
     * @param description what the predicate includes; the fingerprint sees only this, so change it (or the
     *                    policy's version) when the predicate changes
     * @param test        the predicate, pure
     * @return the scope
     */
    public static Scope matching(String description, Predicate<UserRecord> test) {
        return new Scope(description, test);
    }

    /**
     * Users in both scopes.
     *
     * @param other the other scope
     * @return the intersection
     */
    public Scope and(Scope other) {
        return new Scope(description + " and " + other.description, test.and(other.test),
                "and:" + identity.length() + ":" + identity + other.identity.length() + ":" + other.identity);
    }

    /**
     * A SHA-256 of the values, sorted and each prefixed by its length (so no choice of values reads as
     * another), streamed: a selection of a million users is not kept as one long string.
     */
    private static String digest(Set<String> values) {
        try {
            java.security.MessageDigest md = java.security.MessageDigest.getInstance("SHA-256");
            for (String v : new TreeSet<>(values)) {
                md.update((v.length() + ":" + v + ";").getBytes(java.nio.charset.StandardCharsets.UTF_8));
            }
            return java.util.HexFormat.of().formatHex(md.digest());
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    /** Sorted, each value prefixed by its length, so no choice of values can read as another. */
    private static String listed(Set<String> values) {
        StringBuilder sb = new StringBuilder();
        for (String v : new TreeSet<>(values)) {
            sb.append(v.length()).append(':').append(v).append(';');
        }
        return sb.toString();
    }
}
