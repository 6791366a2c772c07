package io.rostersync.spi;

import io.rostersync.model.NativeId;

/**
 * The seats of one licence (a Talkdesk add-on, a Salesforce permission set licence, the host app's own
 * seat count). Accounts are identified by their id in the sync's target directory.
 *
 * <p>The planner never assigns beyond {@link LicenseSnapshot#free()} seats (counting releases in the
 * same plan first), never assigns on an expired licence, and treats pending users as using no seat.
 * {@link #assign} and {@link #revoke} throw a {@link RosterSyncException} on failure
 * ({@link FailureKind#LICENCE_SHORTFALL} when the vendor had no seat after all).
 */
public interface LicensePool {

    /** The licence's name, unique within a sync. */
    String licenceId();

    /** Current seats, consumption, expiry and assignees. */
    LicenseSnapshot snapshot();

    /** Gives {@code user} a seat. Assigning to a current assignee does nothing. */
    void assign(NativeId user);

    /** Takes {@code user}'s seat back. Revoking from a non-assignee does nothing. */
    void revoke(NativeId user);
}
