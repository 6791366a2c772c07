package io.rostersync.talkdesk;

import io.rostersync.model.NativeId;
import io.rostersync.spi.FailureKind;
import io.rostersync.spi.LicensePool;
import io.rostersync.spi.LicenseShortfallException;
import io.rostersync.spi.LicenseSnapshot;
import io.rostersync.spi.WriteResult;
import java.time.Clock;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Talkdesk seats as a {@link LicensePool}. Talkdesk has no public seat-count API, and an active user is
 * a user holding a seat, so: the entitlement (and expiry) is what the host's contract says and is
 * configured here; consumption and assignees are the active users, counted through the REST API on
 * every {@link #snapshot()}; {@link #assign} activates the user and {@link #revoke} deactivates it.
 *
 * <p>Assigning fails with {@link FailureKind#LICENSE_SHORTFALL} when the license has expired, when the
 * active users already reach the entitlement, or when Talkdesk keeps the user deactivated (it had no
 * seat after all, for example because the contract was cut). Each call reads the active users first,
 * so other admins' changes are seen; that costs one REST request per 100 users.
 *
 * <p>Thread-safety: like its directory, for one thread at a time.
 *
 * <pre>{@code
 * TalkdeskSeatPool seats = TalkdeskSeatPool.builder(talkdesk, 120)
 *         .expiresAt(Instant.parse("2027-03-31T00:00:00Z"))
 *         .build();
 * }</pre>
 *
 * @since 0.1.0
 */
public final class TalkdeskSeatPool implements LicensePool {

    private final TalkdeskUserDirectory directory;
    private final String licenseId;
    private final int entitlement;
    private final Optional<Instant> expiresAt;
    private final Clock clock;

    private TalkdeskSeatPool(Builder b) {
        this.directory = b.directory;
        this.licenseId = b.licenseId;
        this.entitlement = b.entitlement;
        this.expiresAt = b.expiresAt;
        this.clock = b.clock;
    }

    /**
     * Starts a configuration. Defaults: license id {@code talkdesk-seats}, no expiry, the system UTC clock.
     *
     * @param directory   the account whose users hold the seats
     * @param entitlement seats bought, from the contract
     * @return a builder
     * @throws IllegalArgumentException if {@code entitlement} is negative
     */
    public static Builder builder(TalkdeskUserDirectory directory, int entitlement) {
        return new Builder(directory, entitlement);
    }

    @Override
    public String licenseId() {
        return licenseId;
    }

    @Override
    public LicenseSnapshot snapshot() {
        Set<NativeId> active = directory.activeUserIds();
        return new LicenseSnapshot(licenseId, entitlement, active.size(), expiresAt, new java.util.TreeSet<>(active));
    }

    @Override
    public void assign(NativeId user) {
        Objects.requireNonNull(user, "user");
        Set<NativeId> active = directory.activeUserIds();
        if (active.contains(user)) {
            return;
        }
        if (expiresAt.isPresent() && !clock.instant().isBefore(expiresAt.get())) {
            throw new LicenseShortfallException("Talkdesk license '" + licenseId + "' has expired");
        }
        if (active.size() >= entitlement) {
            throw new LicenseShortfallException("no free seat of Talkdesk license '" + licenseId
                    + "': " + active.size() + " active users, " + entitlement + " entitled");
        }
        WriteResult result = directory.reactivate(user);
        if (result instanceof WriteResult.Failed failed) {
            throw failed.failure().toException();
        }
    }

    @Override
    public void revoke(NativeId user) {
        Objects.requireNonNull(user, "user");
        if (!directory.activeUserIds().contains(user)) {
            return;
        }
        WriteResult result = directory.deactivate(user);
        if (result instanceof WriteResult.Failed failed) {
            throw failed.failure().toException();
        }
    }

    @Override
    public String toString() {
        return "TalkdeskSeatPool[" + licenseId + ", " + entitlement + " seats" + expiresAt.map(e -> ", expires " + e).orElse("") + "]";
    }

    /** Configuration of a {@link TalkdeskSeatPool}. */
    public static final class Builder {
        private final TalkdeskUserDirectory directory;
        private final int entitlement;
        private String licenseId = "talkdesk-seats";
        private Optional<Instant> expiresAt = Optional.empty();
        private Clock clock = Clock.systemUTC();

        private Builder(TalkdeskUserDirectory directory, int entitlement) {
            this.directory = Objects.requireNonNull(directory, "directory");
            if (entitlement < 0) {
                throw new IllegalArgumentException("entitlement must not be negative");
            }
            this.entitlement = entitlement;
        }

        /**
         * The license's name within a sync; {@code talkdesk-seats} by default.
         *
         * @param id the license id
         * @return this builder
         * @throws IllegalArgumentException if it is blank
         */
        public Builder licenseId(String id) {
            Objects.requireNonNull(id, "id");
            if (id.isBlank()) {
                throw new IllegalArgumentException("license id must not be blank");
            }
            this.licenseId = id;
            return this;
        }

        /**
         * When the contract ends; nothing is assigned from then on.
         *
         * @param when the end of the contract
         * @return this builder
         */
        public Builder expiresAt(Instant when) {
            this.expiresAt = Optional.of(Objects.requireNonNull(when, "when"));
            return this;
        }

        /**
         * The time source the expiry is compared with (default the system UTC clock).
         *
         * @param clock the clock
         * @return this builder
         */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /**
         * Builds the pool; seats are counted when the engine asks, not now.
         *
         * @return the pool
         */
        public TalkdeskSeatPool build() {
            return new TalkdeskSeatPool(this);
        }
    }
}
