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
 * @param description human description for explanations
 * @param test        the predicate, pure
 */
public record Scope(String description, Predicate<UserRecord> test) {

    public Scope {
        Objects.requireNonNull(description, "description");
        Objects.requireNonNull(test, "test");
    }

    public boolean includes(UserRecord source) {
        return test.test(source);
    }

    /** Every source user. */
    public static Scope all() {
        return new Scope("all users", u -> true);
    }

    /**
     * Users holding at least one of {@code roles} (ignoring ASCII case only, after NFC): "import only agents and admins".
     */
    public static Scope roles(Set<String> roles) {
        Set<String> wanted = roles.stream().map(IdentityText::key).collect(Collectors.toSet());
        if (wanted.isEmpty()) {
            throw new IllegalArgumentException("a role scope needs at least one role");
        }
        return new Scope("users with role " + String.join(" or ", new TreeSet<>(roles)),
                u -> u.roles().stream().anyMatch(r -> wanted.contains(IdentityText.key(r))));
    }

    /** Users in one of the given states: "filter by status". */
    public static Scope statuses(io.rostersync.model.UserStatus... statuses) {
        Set<io.rostersync.model.UserStatus> wanted = Set.of(statuses);
        if (wanted.isEmpty()) {
            throw new IllegalArgumentException("a status scope needs at least one status");
        }
        return new Scope("users who are " + wanted.stream().map(st -> st.name().toLowerCase(Locale.ROOT)).sorted()
                .collect(Collectors.joining(" or ")), u -> wanted.contains(u.status()));
    }

    /**
     * Users whose name, email or username contains {@code text}, ignoring case and surrounding blanks:
     * the search box of a team page.
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
        });
    }

    /** Exactly the selected source users: "select the users to bring in". */
    public static Scope selection(Set<NativeId> sourceIds) {
        Set<NativeId> selected = Set.copyOf(sourceIds);
        return new Scope("the " + selected.size() + " selected users", u -> selected.contains(u.id()));
    }

    /** Any predicate, with a description for explanations. */
    public static Scope matching(String description, Predicate<UserRecord> test) {
        return new Scope(description, test);
    }

    public Scope and(Scope other) {
        return new Scope(description + " and " + other.description, test.and(other.test));
    }
}
