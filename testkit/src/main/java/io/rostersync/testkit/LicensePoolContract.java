package io.rostersync.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.rostersync.model.NativeId;
import io.rostersync.spi.FailureKind;
import io.rostersync.spi.LicensePool;
import io.rostersync.spi.RosterSyncException;
import io.rostersync.spi.WriteFailure;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The behaviour every {@link LicensePool} must show. Extend it and return a fresh, empty pool with the
 * given number of seats from {@link #pool(int)}, plus ids of accounts that may hold seats ({@link #user(int)}
 * is asked for n = 0, 1 and 2 only).
 *
 * <p>What the suite checks: an assignment takes one seat however often it is repeated (alone or in a batch),
 * the snapshot counts every assignee once and names the license and its entitlement, a revoke frees exactly
 * that user's seat (and does nothing for a non-assignee), no seat is given beyond the entitlement (a
 * {@link FailureKind#LICENSE_SHORTFALL} that changes nothing), and a batch reports each user's outcome in order.
 *
 * <p>The testkit's own {@code InMemoryLicensePoolTest} starts like this:
 * <pre>{@code
 * class InMemoryLicensePoolTest extends LicensePoolContract {
 *     @Override
 *     protected LicensePool pool(int seats) {
 *         return InMemoryLicensePool.of("seats", seats);
 *     }
 * }
 * }</pre>
 *
 * @since 0.1.0
 */
public abstract class LicensePoolContract {

    /**
     * A fresh pool with {@code seats} seats, none assigned, not expired.
     *
     * @param seats the entitlement
     * @return the pool
     */
    protected abstract LicensePool pool(int seats);

    /**
     * The id of the n-th account that may be given a seat (n from 0).
     *
     * @param n the account's number
     * @return its id; by default {@code license-user-n}
     */
    protected NativeId user(int n) {
        return NativeId.of("license-user-" + n);
    }

    @Test
    void assignConsumesASeatAndListsTheAssignee() {
        LicensePool pool = pool(2);
        pool.assign(user(0));
        assertThat(pool.snapshot().consumed()).isEqualTo(1);
        assertThat(pool.snapshot().assignees()).containsExactly(user(0));
        assertThat(pool.snapshot().free()).isEqualTo(1);
    }

    @Test
    void assigningTwiceUsesOneSeat() {
        LicensePool pool = pool(2);
        pool.assign(user(0));
        pool.assign(user(0));
        assertThat(pool.snapshot().consumed()).isEqualTo(1);
    }

    @Test
    void revokeFreesTheSeat() {
        LicensePool pool = pool(1);
        pool.assign(user(0));
        pool.revoke(user(0));
        assertThat(pool.snapshot().assignees()).isEmpty();
        pool.assign(user(1));
        assertThat(pool.snapshot().assignees()).containsExactly(user(1));
    }

    @Test
    void revokingANonAssigneeDoesNothing() {
        LicensePool pool = pool(1);
        pool.revoke(user(0));
        assertThat(pool.snapshot().consumed()).isZero();
        pool.assign(user(1));
        pool.revoke(user(0));
        assertThat(pool.snapshot().assignees()).containsExactly(user(1));
        assertThat(pool.snapshot().consumed()).isEqualTo(1);
    }

    @Test
    void everyAssigneeIsCountedOnceAndARevokeFreesExactlyItsSeat() {
        LicensePool pool = pool(3);
        pool.assign(user(0));
        pool.assign(user(1));
        pool.assign(user(2));
        assertThat(pool.snapshot().consumed()).isEqualTo(3);
        assertThat(pool.snapshot().free()).isZero();
        assertThat(pool.snapshot().assignees()).containsExactlyInAnyOrder(user(0), user(1), user(2));
        pool.revoke(user(1));
        assertThat(pool.snapshot().assignees()).containsExactlyInAnyOrder(user(0), user(2));
        assertThat(pool.snapshot().consumed()).isEqualTo(2);
        assertThat(pool.snapshot().free()).isEqualTo(1);
        pool.revoke(user(1));
        assertThat(pool.snapshot().consumed()).as("revoking the same user twice frees one seat").isEqualTo(2);
    }

    @Test
    void aShortfallChangesNothing() {
        LicensePool pool = pool(2);
        pool.assign(user(0));
        pool.assign(user(1));
        assertThatThrownBy(() -> pool.assign(user(2)))
                .isInstanceOfSatisfying(RosterSyncException.class, e -> assertThat(e.kind()).isEqualTo(FailureKind.LICENSE_SHORTFALL));
        assertThat(pool.snapshot().consumed()).isEqualTo(2);
        assertThat(pool.snapshot().assignees()).containsExactlyInAnyOrder(user(0), user(1));
        pool.revoke(user(0));
        pool.assign(user(2));
        assertThat(pool.snapshot().assignees()).containsExactlyInAnyOrder(user(1), user(2));
    }

    @Test
    void aUserTwiceInOneBatchGetsOneSeat() {
        LicensePool pool = pool(2);
        assertThat(pool.assignAll(List.of(user(0), user(0), user(1))))
                .containsExactly(Optional.empty(), Optional.empty(), Optional.empty());
        assertThat(pool.snapshot().consumed()).isEqualTo(2);
        assertThat(pool.snapshot().assignees()).containsExactlyInAnyOrder(user(0), user(1));
    }

    @Test
    void assigningBeyondTheEntitlementFailsAsAShortfall() {
        LicensePool pool = pool(1);
        pool.assign(user(0));
        assertThatThrownBy(() -> pool.assign(user(1)))
                .isInstanceOfSatisfying(RosterSyncException.class, e -> assertThat(e.kind()).isEqualTo(FailureKind.LICENSE_SHORTFALL));
        assertThat(pool.snapshot().assignees()).containsExactly(user(0));
    }

    @Test
    void snapshotNamesTheLicense() {
        LicensePool pool = pool(3);
        assertThat(pool.snapshot().licenseId()).isEqualTo(pool.licenseId());
        assertThat(pool.snapshot().entitlement()).isEqualTo(3);
    }

    @Test
    void assignAllGivesSeatsInOrderAndReportsTheUserWithoutOneAsAShortfall() {
        LicensePool pool = pool(2);
        List<Optional<WriteFailure>> results = pool.assignAll(List.of(user(0), user(1), user(2)));
        assertThat(results).hasSize(3);
        assertThat(results.get(0)).isEmpty();
        assertThat(results.get(1)).isEmpty();
        assertThat(results.get(2)).hasValueSatisfying(f -> assertThat(f.kind()).isEqualTo(FailureKind.LICENSE_SHORTFALL));
        assertThat(pool.snapshot().assignees()).containsExactlyInAnyOrder(user(0), user(1));
    }

    @Test
    void assignAllOfACurrentAssigneeSucceedsWithoutASecondSeat() {
        LicensePool pool = pool(2);
        pool.assign(user(0));
        assertThat(pool.assignAll(List.of(user(0), user(1)))).containsExactly(Optional.empty(), Optional.empty());
        assertThat(pool.snapshot().consumed()).isEqualTo(2);
    }

    @Test
    void revokeAllFreesEverySeatAndIgnoresNonAssignees() {
        LicensePool pool = pool(3);
        pool.assign(user(0));
        pool.assign(user(2));
        assertThat(pool.revokeAll(List.of(user(0), user(1), user(2))))
                .containsExactly(Optional.empty(), Optional.empty(), Optional.empty());
        assertThat(pool.snapshot().assignees()).isEmpty();
    }

    @Test
    void batchesOfNobodyDoNothing() {
        LicensePool pool = pool(1);
        assertThat(pool.assignAll(List.of())).isEmpty();
        assertThat(pool.revokeAll(List.of())).isEmpty();
        assertThat(pool.snapshot().consumed()).isZero();
    }
}
