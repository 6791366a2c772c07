package io.rostersync.testkit;

import io.rostersync.model.NativeId;
import io.rostersync.spi.LicensePool;
import io.rostersync.spi.LicenseShortfallException;
import io.rostersync.spi.LicenseSnapshot;
import java.time.Clock;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeSet;

/**
 * A {@link LicensePool} in memory. Seats can also be consumed by holders outside the sync
 * ({@link #consumeExternally}), as happens when other integrations share a license. Thread-safe.
 *
 * @since 0.1.0
 */
public final class InMemoryLicensePool implements LicensePool {

    private final String licenseId;
    private final Clock clock;
    private int entitlement;
    private Optional<Instant> expiresAt;
    private int external;
    private final TreeSet<NativeId> assignees = new TreeSet<>();

    /**
     * A pool with {@code entitlement} seats, none assigned.
     *
     * @param licenseId   the license's name
     * @param entitlement seats bought, not negative
     * @param expiresAt   when the license ends, if it does
     * @param clock       the clock expiry is judged by
     * @throws IllegalArgumentException if the license id is blank or the entitlement negative
     */
    public InMemoryLicensePool(String licenseId, int entitlement, Optional<Instant> expiresAt, Clock clock) {
        if (licenseId == null || licenseId.isBlank()) {
            throw new IllegalArgumentException("license id must not be blank");
        }
        if (entitlement < 0) {
            throw new IllegalArgumentException("entitlement must not be negative");
        }
        this.licenseId = licenseId;
        this.entitlement = entitlement;
        this.expiresAt = Objects.requireNonNull(expiresAt, "expiresAt");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * A pool that never expires.
     *
     * @param licenseId   the license's name
     * @param entitlement seats bought, not negative
     * @return the pool, on the system clock
     */
    public static InMemoryLicensePool of(String licenseId, int entitlement) {
        return new InMemoryLicensePool(licenseId, entitlement, Optional.empty(), Clock.systemUTC());
    }

    @Override
    public String licenseId() {
        return licenseId;
    }

    @Override
    public synchronized LicenseSnapshot snapshot() {
        return new LicenseSnapshot(licenseId, entitlement, assignees.size() + external, expiresAt, assignees);
    }

    @Override
    public synchronized void assign(NativeId user) {
        if (assignees.contains(user)) {
            return;
        }
        if (expiresAt.isPresent() && !clock.instant().isBefore(expiresAt.get())) {
            throw new LicenseShortfallException("license '" + licenseId + "' has expired");
        }
        if (assignees.size() + external >= entitlement) {
            throw new LicenseShortfallException("no free seat of license '" + licenseId + "' (" + entitlement + " entitled)");
        }
        assignees.add(user);
    }

    @Override
    public synchronized void revoke(NativeId user) {
        assignees.remove(user);
    }

    /**
     * Changes the seats bought, as a vendor's admin would.
     *
     * @param seats seats bought, not negative
     * @throws IllegalArgumentException if {@code seats} is negative
     */
    public synchronized void setEntitlement(int seats) {
        if (seats < 0) {
            throw new IllegalArgumentException("entitlement must not be negative");
        }
        entitlement = seats;
    }

    /**
     * Changes when the license ends.
     *
     * @param expiry the end, or empty for none
     */
    public synchronized void setExpiry(Optional<Instant> expiry) {
        expiresAt = Objects.requireNonNull(expiry, "expiry");
    }

    /**
     * Seats used by holders this sync does not know about.
     *
     * @param seats the seats used outside this sync; a negative count is taken as zero
     */
    public synchronized void consumeExternally(int seats) {
        external = Math.max(0, seats);
    }
}
