package io.rostersync.spi;

import io.rostersync.model.NativeId;
import java.time.Instant;
import java.util.Collections;
import java.util.Objects;
import java.util.Optional;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * The state of one license's seats at one moment.
 *
 * @param licenseId   the license's name
 * @param entitlement seats bought
 * @param consumed    seats in use, as the vendor counts them (may include holders outside this sync)
 * @param expiresAt   when the license ends, if it does
 * @param assignees   target-side ids of the accounts holding a seat, as far as they are known
 * @since 0.1.0
 */
public record LicenseSnapshot(
        String licenseId, int entitlement, int consumed, Optional<Instant> expiresAt, SortedSet<NativeId> assignees) {

    /**
     * Checks the counts and copies the assignees.
     *
     * @param licenseId   the license's name
     * @param entitlement seats bought
     * @param consumed    seats in use, as the vendor counts them (may include holders outside this sync)
     * @param expiresAt   when the license ends, if it does
     * @param assignees   target-side ids of the accounts holding a seat, as far as they are known
     * @throws IllegalArgumentException if the license id is blank, a count is negative, or there are more
     *                                  assignees than consumed seats
     * @throws NullPointerException if a part is null
     */
    public LicenseSnapshot {
        Objects.requireNonNull(licenseId, "licenseId");
        if (licenseId.isBlank()) {
            throw new IllegalArgumentException("license id must not be blank");
        }
        if (entitlement < 0 || consumed < 0) {
            throw new IllegalArgumentException("seat counts must not be negative");
        }
        Objects.requireNonNull(expiresAt, "expiresAt");
        assignees = Collections.unmodifiableSortedSet(new TreeSet<>(assignees));
        if (assignees.size() > consumed) {
            throw new IllegalArgumentException(
                    "license '" + licenseId + "' lists " + assignees.size() + " assignees but only " + consumed + " consumed seats");
        }
    }

    /**
     * Seats that can still be assigned; zero when over-consumed.
     *
     * @return {@code entitlement - consumed}, at least zero
     */
    public int free() {
        return Math.max(0, entitlement - consumed);
    }

    /**
     * Whether the license has ended at a moment.
     *
     * @param now the moment to check
     * @return {@code true} when the license has an end and {@code now} is at or after it
     */
    public boolean isExpiredAt(Instant now) {
        return expiresAt.map(e -> !now.isBefore(e)).orElse(false);
    }
}
