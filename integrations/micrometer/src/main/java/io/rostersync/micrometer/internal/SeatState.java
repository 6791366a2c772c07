package io.rostersync.micrometer.internal;

import io.rostersync.spi.LicenseSnapshot;
import java.util.Optional;

/**
 * The seats of one pool as the gauges show them: the latest snapshot the engine took, plus the seats the engine
 * gave and took back since (the planner assigns only to users without a seat and revokes only held ones, so
 * each success moves one seat). Holds no reference to the pool.
 */
public final class SeatState {

    private boolean observed;
    private int entitlement;
    private int consumed;

    synchronized void observed(LicenseSnapshot snapshot) {
        observed = true;
        entitlement = snapshot.entitlement();
        consumed = snapshot.consumed();
    }

    synchronized void assigned(int seats) {
        if (observed) {
            consumed += seats;
        }
    }

    synchronized void revoked(int seats) {
        if (observed) {
            consumed = Math.max(0, consumed - seats);
        }
    }

    /** Used and free seats, or empty before the first snapshot. */
    synchronized Optional<int[]> seats() {
        return observed ? Optional.of(new int[] {consumed, Math.max(0, entitlement - consumed)}) : Optional.empty();
    }
}
