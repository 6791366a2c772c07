package io.rostersync.internal.index;

import io.rostersync.model.EmailAddress;
import io.rostersync.model.UserProfile;
import io.rostersync.model.UserRecord;
import java.util.Optional;
import java.util.SortedSet;

/**
 * Brings the target accounts a block of source users is about to be compared with into the cache, one level
 * of their object graph at a time for the whole block. Comparing an account reads a chain of objects (record,
 * profile, email, its text and bytes, names, roles), each found through the one before, so comparing one
 * account after another waits for each cache miss in turn; reading the same chains level by level over a
 * block lets the processor have the misses of many accounts in flight at once. Reading changes nothing: what
 * is compared, and how, stays with the caller.
 */
final class Touch {

    /** Accounts per block: what a block touches (about a kilobyte each) stays in the second-level cache. */
    static final int BLOCK = 256;

    private final UserProfile[] profiles = new UserProfile[BLOCK];
    private final Object[] emails = new Object[BLOCK];
    private final String[] firstNames = new String[BLOCK];
    private final String[] lastNames = new String[BLOCK];
    private final SortedSet<?>[] roles = new SortedSet<?>[BLOCK];
    /** Kept so that the compiler keeps the reads. */
    private int sum;

    /** Reads the profiles of {@code records[from, to)} (nulls skipped), {@code to - from <= BLOCK}. */
    void profiles(UserRecord[] records, int from, int to) {
        int n = to - from;
        int s = 0;
        for (int i = 0; i < n; i++) {
            UserRecord r = records[from + i];
            profiles[i] = r == null ? null : r.profile();
        }
        for (int i = 0; i < n; i++) {
            UserProfile p = profiles[i];
            if (p != null) {
                emails[i] = p.email();
                firstNames[i] = p.firstName();
                lastNames[i] = p.lastName();
                roles[i] = p.roles();
            }
        }
        for (int i = 0; i < n; i++) {
            if (profiles[i] != null) {
                Optional<?> email = (Optional<?>) emails[i];
                emails[i] = email.orElse(null);
                s += firstNames[i].length() + lastNames[i].length() + roles[i].size();
            }
        }
        for (int i = 0; i < n; i++) {
            if (profiles[i] != null) {
                Object email = emails[i];
                s += email == null ? 0 : ((EmailAddress) email).value().length();
                s += roles[i].isEmpty() ? 0 : ((String) roles[i].first()).length();
            }
        }
        sum += s;
    }
}
