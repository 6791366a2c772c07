package io.rostersync.micrometer.internal;

import io.rostersync.model.NativeId;
import io.rostersync.spi.LicensePool;
import io.rostersync.spi.LicenseSnapshot;
import io.rostersync.spi.WriteFailure;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A licence pool that tells its seat gauges what the engine saw and changed; every call goes to the host's pool
 * unchanged, with its result and its exceptions. Recording can never fail a call.
 */
public final class MeteredLicensePool implements LicensePool {

    private final LicensePool delegate;
    private final SeatState state;

    public MeteredLicensePool(LicensePool delegate, SeatState state) {
        this.delegate = Objects.requireNonNull(delegate, "pool");
        this.state = Objects.requireNonNull(state, "state");
    }

    @Override
    public String licenseId() {
        return delegate.licenseId();
    }

    @Override
    public LicenseSnapshot snapshot() {
        LicenseSnapshot snapshot = delegate.snapshot();
        Contained.run("a licence snapshot", () -> state.observed(snapshot));
        return snapshot;
    }

    @Override
    public void assign(NativeId user) {
        delegate.assign(user);
        Contained.run("a seat assignment", () -> state.assigned(1));
    }

    @Override
    public void revoke(NativeId user) {
        delegate.revoke(user);
        Contained.run("a seat revocation", () -> state.revoked(1));
    }

    @Override
    public List<Optional<WriteFailure>> assignAll(List<NativeId> users) {
        List<Optional<WriteFailure>> results = delegate.assignAll(users);
        Contained.run("seat assignments", () -> state.assigned((int) results.stream().filter(Optional::isEmpty).count()));
        return results;
    }

    @Override
    public List<Optional<WriteFailure>> revokeAll(List<NativeId> users) {
        List<Optional<WriteFailure>> results = delegate.revokeAll(users);
        Contained.run("seat revocations", () -> state.revoked((int) results.stream().filter(Optional::isEmpty).count()));
        return results;
    }

    @Override
    public String toString() {
        return "metered " + delegate;
    }
}
