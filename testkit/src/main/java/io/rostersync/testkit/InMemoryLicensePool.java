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
 */
public final class InMemoryLicensePool implements LicensePool {

    private final String licenseId;
    private final Clock clock;
    private int entitlement;
    private Optional<Instant> expiresAt;
    private int external;
    private final TreeSet<NativeId> assignees = new TreeSet<>();

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

    /** A pool that never expires. */
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

    public synchronized void setEntitlement(int seats) {
        if (seats < 0) {
            throw new IllegalArgumentException("entitlement must not be negative");
        }
        entitlement = seats;
    }

    public synchronized void setExpiry(Optional<Instant> expiry) {
        expiresAt = Objects.requireNonNull(expiry, "expiry");
    }

    /** Seats used by holders this sync does not know about. */
    public synchronized void consumeExternally(int seats) {
        external = Math.max(0, seats);
    }
}
