package io.rostersync.spi;

import io.rostersync.model.EmailAddress;
import io.rostersync.model.NativeId;
import io.rostersync.model.UserRecord;
import io.rostersync.model.Username;
import java.util.Collection;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * What {@link UserDirectory#lookUp} is asked for: accounts by the directory's own id, by email, or by username.
 * An account fits when it has one of the ids, or an email equal to one of the emails, or a username whose
 * {@link Username#matchKey()} equals one of the usernames' (emails compare as {@link EmailAddress} values
 * do: trimmed, NFC, {@code A-Z} folded).
 *
 * <p>Immutable; the sets are sorted copies, so a look-up prints and batches the same way every time.
 *
 * @param ids       accounts by the directory's own id
 * @param emails    accounts by email
 * @param usernames accounts by username
 * @since 0.3.0
 */
public record UserLookup(Set<NativeId> ids, Set<EmailAddress> emails, Set<Username> usernames) {

    /**
     * Copies and checks the sets.
     *
     * @param ids       accounts by the directory's own id
     * @param emails    accounts by email
     * @param usernames accounts by username
     * @throws IllegalArgumentException when all three are empty: a look-up for nothing is a caller's mistake,
     *                                  and no directory should be asked it
     * @throws NullPointerException     when a set or an element is null
     */
    public UserLookup {
        ids = sorted(ids);
        emails = sorted(emails);
        usernames = sorted(usernames);
        if (ids.isEmpty() && emails.isEmpty() && usernames.isEmpty()) {
            throw new IllegalArgumentException("a look-up must ask for at least one id, email or username");
        }
    }

    /**
     * Accounts by id.
     *
     * @param ids the ids, at least one
     * @return the look-up
     * @throws IllegalArgumentException when {@code ids} is empty
     */
    public static UserLookup ofIds(Collection<NativeId> ids) {
        return new UserLookup(Set.copyOf(ids), Set.of(), Set.of());
    }

    /**
     * Accounts by email.
     *
     * @param emails the emails, at least one
     * @return the look-up
     * @throws IllegalArgumentException when {@code emails} is empty
     */
    public static UserLookup ofEmails(Collection<EmailAddress> emails) {
        return new UserLookup(Set.of(), Set.copyOf(emails), Set.of());
    }

    /**
     * Accounts by username.
     *
     * @param usernames the usernames, at least one
     * @return the look-up
     * @throws IllegalArgumentException when {@code usernames} is empty
     */
    public static UserLookup ofUsernames(Collection<Username> usernames) {
        return new UserLookup(Set.of(), Set.of(), Set.copyOf(usernames));
    }

    /**
     * Whether {@code account} fits this look-up: the test the engine applies to what a directory returns, so
     * an account returned that was not asked for is ignored.
     *
     * @param account an account a directory returned
     * @return true when its id, email or username is one asked for
     */
    public boolean wants(UserRecord account) {
        if (ids.contains(account.id())) {
            return true;
        }
        if (account.email().isPresent() && emails.contains(account.email().get())) {
            return true;
        }
        if (account.username().isPresent() && !usernames.isEmpty()) {
            String key = account.username().get().matchKey();
            for (Username u : usernames) {
                if (u.matchKey().equals(key)) {
                    return true;
                }
            }
        }
        return false;
    }

    /**
     * How many values the look-up asks for, all kinds together.
     *
     * @return the count, at least 1
     */
    public int size() {
        return ids.size() + emails.size() + usernames.size();
    }

    private static <T extends Comparable<T>> Set<T> sorted(Set<T> values) {
        return values.stream().map(v -> java.util.Objects.requireNonNull(v, "look-up value"))
                .collect(Collectors.collectingAndThen(Collectors.toCollection(TreeSet::new), java.util.Collections::unmodifiableSet));
    }

    @Override
    public String toString() {
        return "UserLookup[ids=" + ids + ", emails=" + emails.size() + ", usernames=" + usernames.size() + "]";
    }
}
