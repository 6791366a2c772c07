package io.rostersync.engine;

import io.rostersync.model.EmailAddress;
import io.rostersync.model.NativeId;
import io.rostersync.model.Username;
import io.rostersync.spi.UserLookup;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * The source users a {@link SyncRunner#syncNamed named sync} is asked about: by their id in the source, by
 * email or by username. A name given twice counts once; a name by email or username stands for every source
 * user holding it.
 *
 * <p>Immutable. At most {@link #MAX_NAMES} names: a larger set is what a full or incremental run is for.
 *
 * @param ids       source users by their source id
 * @param emails    source users by email
 * @param usernames source users by username
 * @since 0.3.0
 */
public record NamedUsers(Set<NativeId> ids, Set<EmailAddress> emails, Set<Username> usernames) {

    /** The most names one named sync takes. */
    public static final int MAX_NAMES = 1_000;

    /**
     * Copies (sorted) and checks the names.
     *
     * @param ids       source users by their source id
     * @param emails    source users by email
     * @param usernames source users by username
     * @throws IllegalArgumentException when there is no name at all, or more than {@link #MAX_NAMES}
     * @throws NullPointerException     when a set or a name is null
     */
    public NamedUsers {
        ids = sorted(ids);
        emails = sorted(emails);
        usernames = sorted(usernames);
        int count = ids.size() + emails.size() + usernames.size();
        if (count == 0) {
            throw new IllegalArgumentException("name at least one source user to sync (by id, email or username)");
        }
        if (count > MAX_NAMES) {
            throw new IllegalArgumentException(count + " users were named, more than the " + MAX_NAMES
                    + " a named sync takes; run the sync (SyncRunner.run) instead, which reads every change");
        }
    }

    /**
     * Source users by their ids in the source.
     *
     * @param ids the ids, at least one
     * @return the names
     * @throws IllegalArgumentException when {@code ids} is empty or too long
     */
    public static NamedUsers ofIds(Collection<NativeId> ids) {
        return new NamedUsers(new TreeSet<>(ids), Set.of(), Set.of());
    }

    /**
     * Source users by their ids in the source.
     *
     * @param ids the ids, at least one
     * @return the names
     * @throws IllegalArgumentException when no id is given or an id is blank
     */
    public static NamedUsers ofIds(String... ids) {
        List<NativeId> list = new ArrayList<>();
        for (String id : ids) {
            list.add(NativeId.of(id));
        }
        return ofIds(list);
    }

    /**
     * Source users by email.
     *
     * @param emails the emails, at least one
     * @return the names
     * @throws IllegalArgumentException when {@code emails} is empty or too long
     */
    public static NamedUsers ofEmails(Collection<EmailAddress> emails) {
        return new NamedUsers(Set.of(), new TreeSet<>(emails), Set.of());
    }

    /**
     * These names and {@code other}'s together.
     *
     * @param other more names
     * @return the union
     * @throws IllegalArgumentException when the union holds more than {@link #MAX_NAMES} names
     */
    public NamedUsers and(NamedUsers other) {
        Set<NativeId> i = new TreeSet<>(ids);
        i.addAll(other.ids);
        Set<EmailAddress> e = new TreeSet<>(emails);
        e.addAll(other.emails);
        Set<Username> u = new TreeSet<>(usernames);
        u.addAll(other.usernames);
        return new NamedUsers(i, e, u);
    }

    /** The source look-up that finds them. */
    UserLookup lookup() {
        return new UserLookup(ids, emails, usernames);
    }

    /** Every name in words, in order: ids, then emails, then usernames. */
    List<String> described() {
        List<String> out = new ArrayList<>();
        ids.forEach(id -> out.add("id " + id.value()));
        emails.forEach(e -> out.add("email " + e.value()));
        usernames.forEach(u -> out.add("username " + u.value()));
        return out;
    }

    private static <T extends Comparable<T>> Set<T> sorted(Set<T> values) {
        Set<T> copy = new TreeSet<>();
        for (T v : values) {
            copy.add(Objects.requireNonNull(v, "a name"));
        }
        return Collections.unmodifiableSet(copy);
    }
}
