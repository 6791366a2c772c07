package io.rostersync.policy;

import io.rostersync.model.UserRecord;
import java.util.Comparator;
import java.util.Objects;
import java.util.function.Predicate;

/**
 * Which synced users should hold a seat of one license. A user holds a seat while in scope, eligible by
 * {@code eligible}, and active in the target (pending users use no seat). When seats run short the users
 * first in {@code priority} get them; the rest are reported as shortfalls.
 *
 * @param licenseId   the pool's license id
 * @param description human description of who is eligible
 * @param eligible    pure predicate over the source record
 * @param priority    total order over source records; ties are broken by source id
 * @since 0.1.0
 */
public record LicenseRule(String licenseId, String description, Predicate<UserRecord> eligible, Comparator<UserRecord> priority) {

    /**
     * Checks the parts.
     *
     * @param licenseId   the pool's license id
     * @param description human description of who is eligible
     * @param eligible    pure predicate over the source record
     * @param priority    total order over source records; ties are broken by source id
     * @throws IllegalArgumentException if the license id is blank
     * @throws NullPointerException if a part is null
     */
    public LicenseRule {
        Objects.requireNonNull(licenseId, "licenseId");
        if (licenseId.isBlank()) {
            throw new IllegalArgumentException("license id must not be blank");
        }
        Objects.requireNonNull(description, "description");
        Objects.requireNonNull(eligible, "eligible");
        Objects.requireNonNull(priority, "priority");
    }

    /**
     * Every synced active user gets a seat, in order of label (email).
     *
     * @param licenseId the license's name
     * @return the rule
     */
    public static LicenseRule everyone(String licenseId) {
        return new LicenseRule(licenseId, "every synced user", u -> true, Comparator.comparing(UserRecord::label));
    }

    /**
     * Eligible users get a seat, in order of label (email).
     *
     * @param licenseId   the license's name
     * @param description what makes a user eligible, for explanations
     * @param eligible    pure predicate over the source record
     * @return the rule
     */
    public static LicenseRule forUsers(String licenseId, String description, Predicate<UserRecord> eligible) {
        return new LicenseRule(licenseId, description, eligible, Comparator.comparing(UserRecord::label));
    }

    /**
     * This rule with another order among eligible users: who gets a seat first when there are too few.
     *
     * @param order the order, pure; ties are broken by source id
     * @return a new rule; this one is unchanged
     */
    public LicenseRule withPriority(Comparator<UserRecord> order) {
        return new LicenseRule(licenseId, description, eligible, order);
    }
}
