package io.rostersync.policy;

import io.rostersync.model.UserRecord;
import java.util.Comparator;
import java.util.Objects;
import java.util.function.Predicate;

/**
 * Which synced users should hold a seat of one licence. A user holds a seat while in scope, eligible by
 * {@code eligible}, and active in the target (pending users use no seat). When seats run short the users
 * first in {@code priority} get them; the rest are reported as shortfalls.
 *
 * @param licenceId   the pool's licence id
 * @param description human description of who is eligible
 * @param eligible    pure predicate over the source record
 * @param priority    total order over source records; ties are broken by source id
 */
public record LicenceRule(String licenceId, String description, Predicate<UserRecord> eligible, Comparator<UserRecord> priority) {

    public LicenceRule {
        Objects.requireNonNull(licenceId, "licenceId");
        if (licenceId.isBlank()) {
            throw new IllegalArgumentException("licence id must not be blank");
        }
        Objects.requireNonNull(description, "description");
        Objects.requireNonNull(eligible, "eligible");
        Objects.requireNonNull(priority, "priority");
    }

    /** Every synced active user gets a seat, in order of label (email). */
    public static LicenceRule everyone(String licenceId) {
        return new LicenceRule(licenceId, "every synced user", u -> true, Comparator.comparing(UserRecord::label));
    }

    /** Eligible users get a seat, in order of label (email). */
    public static LicenceRule forUsers(String licenceId, String description, Predicate<UserRecord> eligible) {
        return new LicenceRule(licenceId, description, eligible, Comparator.comparing(UserRecord::label));
    }

    public LicenceRule withPriority(Comparator<UserRecord> order) {
        return new LicenceRule(licenceId, description, eligible, order);
    }
}
