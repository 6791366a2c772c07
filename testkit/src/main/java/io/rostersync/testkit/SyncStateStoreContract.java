package io.rostersync.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.rostersync.model.Cursor;
import io.rostersync.model.NativeId;
import io.rostersync.model.SyncId;
import io.rostersync.spi.ActionKind;
import io.rostersync.spi.EventPosition;
import io.rostersync.spi.FailureKind;
import io.rostersync.spi.HeldDeprovision;
import io.rostersync.spi.Lease;
import io.rostersync.spi.Link;
import io.rostersync.spi.Links;
import io.rostersync.spi.PlanMode;
import io.rostersync.spi.RosterSyncException;
import io.rostersync.spi.RunStatus;
import io.rostersync.spi.ScheduleState;
import io.rostersync.spi.StaleLeaseException;
import io.rostersync.spi.SyncReport;
import io.rostersync.spi.SyncStateStore;
import io.rostersync.spi.WaitingUser;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The behaviour every {@link SyncStateStore} must show. Extend it and return the store under test from
 * {@link #store()}; each test uses its own sync id, so one store may be shared between tests.
 *
 * <p>What the suite checks: one holder of a sync's lease at a time (also under concurrent callers), a takeover
 * after expiry with a higher fencing token, renewals and releases only by the current holder, and every write
 * (links, cursor with its policy fingerprint, held deprovisions, waiting users, reports) refused to a stale or
 * released lease with {@link StaleLeaseException}; links, cursor, fingerprint, held and waiting lists and the
 * {@link ScheduleState} kept exactly (order and every field, empty parts included) and replaced as a whole;
 * report history newest first, bounded; syncs that never see each other's state; {@link EventPosition}s kept
 * exactly per sync and stream, saved without a lease (also while a run holds it), the last save winning, also
 * under concurrent first saves, and stream names checked; and, for a durable store (one whose test overrides
 * {@link #reopened()}), the state read back by a new instance. The event position checks are skipped (reported
 * as skipped) for a store whose {@link SyncStateStore#eventPosition} throws {@link UnsupportedOperationException}.
 *
 * <p>The testkit's own {@code InMemorySyncStateStoreTest} is the whole of a test:
 * <pre>{@code
 * class InMemorySyncStateStoreTest extends SyncStateStoreContract {
 *
 *     private final InMemorySyncStateStore store = new InMemorySyncStateStore();
 *
 *     @Override
 *     protected SyncStateStore store() {
 *         return store;
 *     }
 * }
 * }</pre>
 *
 * @since 0.1.0
 */
public abstract class SyncStateStoreContract {

    private static final Instant T0 = Instant.parse("2026-06-01T12:00:00Z");
    private static final Duration TTL = Duration.ofMinutes(5);
    private static final String FP = "v1;scope=0123456789abcdef";

    private SyncStateStore store;
    private SyncId sync;

    /**
     * The store under test, fresh for each test (or holding no state for the syncs the suite uses).
     *
     * @return the store
     */
    protected abstract SyncStateStore store();

    /**
     * How many reports per sync the store under test keeps; override when it was built with another
     * number than {@link SyncStateStore#DEFAULT_REPORT_HISTORY}.
     *
     * @return the number of reports kept per sync
     */
    protected int reportHistory() {
        return SyncStateStore.DEFAULT_REPORT_HISTORY;
    }

    /**
     * A new instance of the store under test over the same durable storage (a new {@code JdbcSyncStateStore} on
     * the same data source, say), as after a restart; override it for a durable store. The default, empty,
     * declares a store that keeps nothing across instances: the durability tests are then skipped (reported
     * as skipped, not passed).
     *
     * @return a new instance over the same storage, or empty for a store that is not durable
     */
    protected Optional<SyncStateStore> reopened() {
        return Optional.empty();
    }

    @BeforeEach
    void freshSync() {
        store = store();
        sync = SyncId.of("contract-" + UUID.randomUUID().toString().substring(0, 8));
    }

    private Lease acquire() {
        return store.tryAcquire(sync, "runner-a", TTL, T0).orElseThrow();
    }

    private static NativeId id(String v) {
        return NativeId.of(v);
    }

    @Test
    void secondCallerIsRefusedWhileTheLeaseIsHeld() {
        acquire();
        assertThat(store.tryAcquire(sync, "runner-b", TTL, T0.plusSeconds(60))).isEmpty();
    }

    @Test
    void expiredLeaseIsTakenOverWithAHigherFencingToken() {
        Lease first = acquire();
        Lease second = store.tryAcquire(sync, "runner-b", TTL, T0.plus(TTL).plusSeconds(1)).orElseThrow();
        assertThat(second.fencingToken()).isGreaterThan(first.fencingToken());
        assertThat(second.owner()).isEqualTo("runner-b");
    }

    @Test
    void releasedLeaseCanBeTakenAgain() {
        Lease first = acquire();
        store.release(first);
        assertThat(store.tryAcquire(sync, "runner-b", TTL, T0.plusSeconds(1))).isPresent();
    }

    @Test
    void releasingAStaleLeaseDoesNotFreeTheNewOne() {
        Lease first = acquire();
        assertThat(store.tryAcquire(sync, "runner-b", TTL, T0.plus(TTL).plusSeconds(1))).isPresent();
        store.release(first);
        assertThat(store.tryAcquire(sync, "runner-c", TTL, T0.plus(TTL).plusSeconds(2))).isEmpty();
    }

    @Test
    void staleLeaseCannotWriteLinksCursorsOrReports() {
        Lease first = acquire();
        Lease second = store.tryAcquire(sync, "runner-b", TTL, T0.plus(TTL).plusSeconds(1)).orElseThrow();
        assertThatThrownBy(() -> store.saveLink(first, Link.of(id("s1"), id("t1")))).isInstanceOf(StaleLeaseException.class);
        assertThatThrownBy(() -> store.saveCursor(first, Cursor.of("c1"), FP)).isInstanceOf(StaleLeaseException.class);
        assertThatThrownBy(() -> store.removeLink(first, id("s1"))).isInstanceOf(StaleLeaseException.class);
        assertThatThrownBy(() -> store.saveReport(first, report(RunStatus.SUCCEEDED))).isInstanceOf(StaleLeaseException.class);
        assertThatThrownBy(() -> store.saveHeldDeprovisions(first, List.of(held("t1", "s1")))).isInstanceOf(StaleLeaseException.class);
        assertThatThrownBy(() -> store.saveWaitingUsers(first, List.of(waiting("s1")))).isInstanceOf(StaleLeaseException.class);
        assertThat(store.heldDeprovisions(sync)).isEmpty();
        assertThat(store.waitingUsers(sync)).isEmpty();
        store.saveCursor(second, Cursor.of("c2"), FP);
        assertThat(store.cursor(sync)).contains(Cursor.of("c2"));
        assertThat(store.links(sync).size()).isZero();
    }

    @Test
    void aRenewedLeaseKeepsItsTokenAndHoldsOthersOffUntilItsNewExpiry() {
        Lease first = acquire();
        Lease renewed = store.renew(first, TTL, T0.plusSeconds(240));

        assertThat(renewed.fencingToken()).isEqualTo(first.fencingToken());
        assertThat(renewed.expiresAt()).isEqualTo(T0.plusSeconds(240).plus(TTL));
        assertThat(store.tryAcquire(sync, "runner-b", TTL, T0.plus(TTL).plusSeconds(1))).isEmpty();
        store.saveCursor(first, Cursor.of("c1"), FP); // the token is what a write is fenced by, not the expiry
        assertThat(store.cursor(sync)).contains(Cursor.of("c1"));
        assertThat(store.tryAcquire(sync, "runner-b", TTL, renewed.expiresAt().plusSeconds(1))).isPresent();
    }

    @Test
    void aLeaseTakenOverOrGivenUpCannotBeRenewed() {
        Lease first = acquire();
        Lease second = store.tryAcquire(sync, "runner-b", TTL, T0.plus(TTL).plusSeconds(1)).orElseThrow();
        assertThatThrownBy(() -> store.renew(first, TTL, T0.plus(TTL).plusSeconds(2))).isInstanceOf(StaleLeaseException.class);
        store.release(second);
        assertThatThrownBy(() -> store.renew(second, TTL, T0.plus(TTL).plusSeconds(3))).isInstanceOf(StaleLeaseException.class);
    }

    @Test
    void aLeaseIsCurrentOnlyWhileHeldUnexpiredAndNotTakenOver() {
        Lease first = acquire();
        assertThat(store.isCurrent(first, T0.plusSeconds(1))).as("held and unexpired").isTrue();
        assertThat(store.isCurrent(first, T0.plus(TTL))).as("expired at its expiry, by the caller's clock").isFalse();
        Lease renewed = store.renew(first, TTL, T0.plusSeconds(240));
        assertThat(store.isCurrent(renewed, T0.plus(TTL).plusSeconds(1))).as("renewed past the first expiry").isTrue();
        Lease second = store.tryAcquire(sync, "runner-b", TTL, renewed.expiresAt().plusSeconds(1)).orElseThrow();
        assertThat(store.isCurrent(first, renewed.expiresAt().plusSeconds(2))).as("taken over").isFalse();
        assertThat(store.isCurrent(renewed, T0.plusSeconds(241))).as("taken over, whatever the caller's clock says").isFalse();
        assertThat(store.isCurrent(second, renewed.expiresAt().plusSeconds(2))).isTrue();
        store.release(second);
        assertThat(store.isCurrent(second, renewed.expiresAt().plusSeconds(3))).as("given up").isFalse();
    }

    @Test
    void releasedLeaseCannotWrite() {
        Lease lease = acquire();
        store.release(lease);
        assertThatThrownBy(() -> store.saveCursor(lease, Cursor.of("c"), FP)).isInstanceOf(StaleLeaseException.class);
    }

    @Test
    void linksAreSavedReplacedAndRemoved() {
        Lease lease = acquire();
        store.saveLink(lease, Link.of(id("s1"), id("t1")));
        store.saveLink(lease, Link.of(id("s2"), id("t2")));
        store.saveLink(lease, Link.of(id("s1"), id("t1")).withDeactivatedBySync(true));
        assertThat(store.links(sync).bySource(id("s1"))).contains(new Link(id("s1"), id("t1"), true));
        assertThat(store.links(sync).byTarget(id("t2"))).contains(Link.of(id("s2"), id("t2")));
        store.removeLink(lease, id("s2"));
        assertThat(store.links(sync).size()).isEqualTo(1);
    }

    @Test
    void manyLinksSavedOneByOneAreAllKept() {
        Lease lease = acquire();
        for (int i = 0; i < 25; i++) {
            store.saveLink(lease, Link.of(id("s" + i), id("t" + i)));
        }
        store.saveLink(lease, Link.of(id("s7"), id("t7")).withDeactivatedBySync(true));
        store.removeLink(lease, id("s3"));
        Links links = store.links(sync);
        assertThat(links.size()).isEqualTo(24);
        for (int i = 0; i < 25; i++) {
            if (i == 3) {
                assertThat(links.bySource(id("s3"))).isEmpty();
                assertThat(links.byTarget(id("t3"))).isEmpty();
            } else {
                Link expected = new Link(id("s" + i), id("t" + i), i == 7);
                assertThat(links.bySource(id("s" + i))).contains(expected);
                assertThat(links.byTarget(id("t" + i))).contains(expected);
            }
        }
    }

    @Test
    void aTargetCannotBeLinkedToTwoSources() {
        Lease lease = acquire();
        store.saveLink(lease, Link.of(id("s1"), id("t1")));
        assertThatThrownBy(() -> store.saveLink(lease, Link.of(id("s2"), id("t1"))))
                .isInstanceOfSatisfying(RosterSyncException.class, e -> assertThat(e.kind()).isEqualTo(FailureKind.CONFLICT));
        assertThat(store.links(sync).bySource(id("s2"))).isEmpty();
    }

    @Test
    void cursorIsKeptAndReplaced() {
        assertThat(store.cursor(sync)).isEmpty();
        Lease lease = acquire();
        store.saveCursor(lease, Cursor.of("2026-01-01T00:00:00Z|42"), FP);
        store.saveCursor(lease, Cursor.of("next"), FP);
        assertThat(store.cursor(sync)).contains(Cursor.of("next"));
    }

    @Test
    void theCursorIsStoredWithItsPolicyFingerprintAndReplacedWithIt() {
        assertThat(store.cursorFingerprint(sync)).isEmpty();
        Lease lease = acquire();
        store.saveCursor(lease, Cursor.of("c1"), "fingerprint-1");
        assertThat(store.cursor(sync)).contains(Cursor.of("c1"));
        assertThat(store.cursorFingerprint(sync)).contains("fingerprint-1");
        store.saveCursor(lease, Cursor.of("c2"), "fingerprint-2");
        assertThat(store.cursor(sync)).contains(Cursor.of("c2"));
        assertThat(store.cursorFingerprint(sync)).contains("fingerprint-2");
        String longest = "f".repeat(1000);
        store.saveCursor(lease, Cursor.of("c3"), longest);
        assertThat(store.cursorFingerprint(sync)).contains(longest);
    }

    @Test
    void aBlankOrOverlongFingerprintIsRejectedAndTheStoredCursorKept() {
        Lease lease = acquire();
        store.saveCursor(lease, Cursor.of("c1"), "fingerprint-1");
        assertThatThrownBy(() -> store.saveCursor(lease, Cursor.of("c2"), " ")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> store.saveCursor(lease, Cursor.of("c2"), "f".repeat(1001))).isInstanceOf(IllegalArgumentException.class);
        assertThat(store.cursor(sync)).contains(Cursor.of("c1"));
        assertThat(store.cursorFingerprint(sync)).contains("fingerprint-1");
    }

    @Test
    void heldDeprovisionsAreKeptInOrderReplacedAndCleared() {
        assertThat(store.heldDeprovisions(sync)).isEmpty();
        Lease lease = acquire();
        HeldDeprovision linked = held("t2", "s2");
        HeldDeprovision unlinked = new HeldDeprovision(id("t1"), Optional.empty(), "ünïcode 名前 <x@example.com>",
                ActionKind.DELETE, "the account is not in the authoritative source snapshot; 'quoted' \"text\"", T0.plusMillis(1));
        store.saveHeldDeprovisions(lease, List.of(linked, unlinked));
        assertThat(store.heldDeprovisions(sync)).containsExactly(linked, unlinked);

        store.saveHeldDeprovisions(lease, List.of(unlinked));
        assertThat(store.heldDeprovisions(sync)).containsExactly(unlinked);
        store.saveHeldDeprovisions(lease, List.of());
        assertThat(store.heldDeprovisions(sync)).isEmpty();
    }

    @Test
    void twoHeldEntriesForOneAccountAreRejectedAndNothingIsReplaced() {
        Lease lease = acquire();
        store.saveHeldDeprovisions(lease, List.of(held("t1", "s1")));
        assertThatThrownBy(() -> store.saveHeldDeprovisions(lease, List.of(held("t2", "s2"), held("t2", "s3"))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("t2");
        assertThat(store.heldDeprovisions(sync)).containsExactly(held("t1", "s1"));
    }

    @Test
    void waitingUsersAreKeptInOrderReplacedAndCleared() {
        assertThat(store.waitingUsers(sync)).isEmpty();
        Lease lease = acquire();
        store.saveWaitingUsers(lease, List.of(waiting("s2"), waiting("s1")));
        assertThat(store.waitingUsers(sync)).containsExactly(waiting("s2"), waiting("s1"));
        store.saveWaitingUsers(lease, List.of(waiting("s1")));
        assertThat(store.waitingUsers(sync)).containsExactly(waiting("s1"));
        assertThatThrownBy(() -> store.saveWaitingUsers(lease, List.of(waiting("s3"), waiting("s3"))))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(store.waitingUsers(sync)).containsExactly(waiting("s1"));
        store.saveWaitingUsers(lease, List.of());
        assertThat(store.waitingUsers(sync)).isEmpty();
    }

    @Test
    void heldAndWaitingListsOfOneSyncAreNotSeenByAnother() {
        Lease lease = acquire();
        store.saveHeldDeprovisions(lease, List.of(held("t1", "s1")));
        store.saveWaitingUsers(lease, List.of(waiting("s1")));
        SyncId other = SyncId.of(sync.value() + "-other");
        assertThat(store.heldDeprovisions(other)).isEmpty();
        assertThat(store.waitingUsers(other)).isEmpty();
        assertThat(store.cursorFingerprint(other)).isEmpty();
    }

    private static HeldDeprovision held(String target, String source) {
        return new HeldDeprovision(id(target), Optional.of(id(source)), source + "@example.com", ActionKind.DEACTIVATE,
                "the account is no longer in the source", T0);
    }

    private static WaitingUser waiting(String source) {
        return new WaitingUser(id(source), source + "@example.com", "no free seat of license 'seats' (2 entitled, 2 consumed)",
                T0.plusSeconds(30));
    }

    /** A state with every part present and distinct, whole milliseconds (what every store must keep). */
    private static ScheduleState fullState() {
        return new ScheduleState(Optional.of(T0.plusSeconds(1)), Optional.of(T0.plusSeconds(2)), 7,
                Optional.of(T0.plusSeconds(3)));
    }

    @Test
    void aSyncThatNeverSavedAScheduleStateReadsNever() {
        assertThat(store.scheduleState(sync)).isEqualTo(ScheduleState.never());
    }

    @Test
    void theScheduleStateIsKeptExactlyAndReplacedAsAWhole() {
        Lease lease = acquire();
        store.saveScheduleState(lease, fullState());
        assertThat(store.scheduleState(sync)).isEqualTo(fullState());

        ScheduleState next = new ScheduleState(Optional.of(T0.plusSeconds(60)), Optional.empty(), 0, Optional.empty());
        store.saveScheduleState(lease, next);
        assertThat(store.scheduleState(sync)).as("empty parts replace present ones").isEqualTo(next);

        ScheduleState onlyDue = ScheduleState.never().withNextDue(Optional.of(T0.plus(Duration.ofDays(400))));
        store.saveScheduleState(lease, onlyDue);
        assertThat(store.scheduleState(sync)).isEqualTo(onlyDue);
    }

    @Test
    void aStaleOrReleasedLeaseCannotWriteTheScheduleState() {
        Lease first = acquire();
        store.saveScheduleState(first, fullState());
        Lease second = store.tryAcquire(sync, "runner-b", TTL, T0.plus(TTL).plusSeconds(1)).orElseThrow();
        ScheduleState stale = new ScheduleState(Optional.empty(), Optional.empty(), 1, Optional.of(T0));

        assertThatThrownBy(() -> store.saveScheduleState(first, stale)).isInstanceOf(StaleLeaseException.class);
        assertThat(store.scheduleState(sync)).isEqualTo(fullState());

        store.release(second);
        assertThatThrownBy(() -> store.saveScheduleState(second, stale)).isInstanceOf(StaleLeaseException.class);
        assertThat(store.scheduleState(sync)).isEqualTo(fullState());
    }

    @Test
    void scheduleStatesOfSyncsAreTheirOwn() {
        SyncId other = SyncId.of(sync.value() + "-other");
        Lease mine = acquire();
        Lease theirs = store.tryAcquire(other, "runner-b", TTL, T0).orElseThrow();
        ScheduleState otherState = new ScheduleState(Optional.empty(), Optional.of(T0), 2, Optional.of(T0.plusSeconds(9)));

        store.saveScheduleState(mine, fullState());
        assertThat(store.scheduleState(other)).isEqualTo(ScheduleState.never());
        store.saveScheduleState(theirs, otherState);

        assertThat(store.scheduleState(sync)).isEqualTo(fullState());
        assertThat(store.scheduleState(other)).isEqualTo(otherState);
    }

    @Test
    void aDurableStoreKeepsTheScheduleStateForANewInstance() {
        Optional<SyncStateStore> again = reopened();
        assumeTrue(again.isPresent(), "the store under test keeps nothing across instances");
        store.saveScheduleState(acquire(), fullState());

        assertThat(again.get().scheduleState(sync)).isEqualTo(fullState());
    }

    private static final String STREAM = "/data/UserChangeEvent";

    /** Skips the calling check for a store that keeps no event positions (the SPI's default). */
    private void assumeEventPositionsKept() {
        boolean kept;
        try {
            store.eventPosition(sync, STREAM);
            kept = true;
        } catch (UnsupportedOperationException e) {
            kept = false;
        }
        assumeTrue(kept, "the store under test keeps no event positions");
    }

    @Test
    void anEventPositionIsKeptExactlyAndTheLastSaveWins() {
        assumeEventPositionsKept();
        assertThat(store.eventPosition(sync, STREAM)).isEmpty();

        store.saveEventPosition(sync, STREAM, new EventPosition("AAAAAAAAB3oAAA=="));
        assertThat(store.eventPosition(sync, STREAM)).contains(new EventPosition("AAAAAAAAB3oAAA=="));
        store.saveEventPosition(sync, STREAM, new EventPosition("AAAAAAAAB3sAAA=="));
        assertThat(store.eventPosition(sync, STREAM)).as("the last save wins").contains(new EventPosition("AAAAAAAAB3sAAA=="));
        store.saveEventPosition(sync, STREAM, new EventPosition("AAAAAAAAAAEAAA=="));
        assertThat(store.eventPosition(sync, STREAM)).as("even when it moves back").contains(new EventPosition("AAAAAAAAAAEAAA=="));

        EventPosition longest = new EventPosition("0123456789abcdef".repeat(EventPosition.MAX_LENGTH / 16));
        store.saveEventPosition(sync, STREAM, longest);
        assertThat(store.eventPosition(sync, STREAM)).contains(longest);
        EventPosition text = new EventPosition(" ünïcode 名前 😀 'quoted' \"text\" ");
        store.saveEventPosition(sync, STREAM, text);
        assertThat(store.eventPosition(sync, STREAM)).contains(text);
    }

    @Test
    void eventPositionsAreSavedWithoutALeaseAlsoWhileARunHoldsIt() {
        assumeEventPositionsKept();
        store.saveEventPosition(sync, STREAM, new EventPosition("before-any-run"));
        Lease run = acquire();
        store.saveEventPosition(sync, STREAM, new EventPosition("while-a-run-holds-the-lease"));
        assertThat(store.eventPosition(sync, STREAM)).contains(new EventPosition("while-a-run-holds-the-lease"));
        assertThat(store.isCurrent(run, T0.plusSeconds(1))).as("the run keeps its lease").isTrue();
        assertThat(store.tryAcquire(sync, "runner-b", TTL, T0.plusSeconds(1))).as("and nobody else gets it").isEmpty();
        store.release(run);
        store.saveEventPosition(sync, STREAM, new EventPosition("after-the-run"));
        assertThat(store.eventPosition(sync, STREAM)).contains(new EventPosition("after-the-run"));
    }

    @Test
    void eachSyncAndStreamHasItsOwnEventPosition() {
        assumeEventPositionsKept();
        SyncId other = SyncId.of(sync.value() + "-other");
        String contacts = "/data/ContactChangeEvent";
        String differentCase = "/data/userchangeevent";
        store.saveEventPosition(sync, STREAM, new EventPosition("mine-users"));
        assertThat(store.eventPosition(sync, contacts)).isEmpty();
        assertThat(store.eventPosition(sync, differentCase)).as("stream names are exact").isEmpty();
        assertThat(store.eventPosition(other, STREAM)).isEmpty();

        store.saveEventPosition(sync, contacts, new EventPosition("mine-contacts"));
        store.saveEventPosition(other, STREAM, new EventPosition("theirs-users"));
        store.saveEventPosition(sync, differentCase, new EventPosition("mine-lower-case"));

        assertThat(store.eventPosition(sync, STREAM)).contains(new EventPosition("mine-users"));
        assertThat(store.eventPosition(sync, contacts)).contains(new EventPosition("mine-contacts"));
        assertThat(store.eventPosition(sync, differentCase)).contains(new EventPosition("mine-lower-case"));
        assertThat(store.eventPosition(other, STREAM)).contains(new EventPosition("theirs-users"));
        assertThat(store.eventPosition(other, contacts)).isEmpty();
    }

    @Test
    void aStreamNameMustBeOneTo200Characters() {
        assumeEventPositionsKept();
        EventPosition position = new EventPosition("AQ==");
        for (String bad : List.of("", "  ", "/".repeat(201))) {
            assertThatThrownBy(() -> store.saveEventPosition(sync, bad, position))
                    .as("stream of %d characters", bad.length())
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("stream");
            assertThatThrownBy(() -> store.eventPosition(sync, bad))
                    .as("stream of %d characters", bad.length())
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("stream");
        }
        String longest = "/event/" + "x".repeat(193);
        store.saveEventPosition(sync, longest, position);
        assertThat(store.eventPosition(sync, longest)).contains(position);
    }

    @Test
    void concurrentFirstSavesOfOneEventPositionAllSucceedAndOneOfThemIsKept() throws Exception {
        assumeEventPositionsKept();
        int savers = 8;
        ExecutorService pool = Executors.newFixedThreadPool(savers);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<?>> results = new ArrayList<>();
            List<EventPosition> saved = new ArrayList<>();
            for (int i = 0; i < savers; i++) {
                EventPosition position = new EventPosition("position-" + i);
                saved.add(position);
                results.add(pool.submit(() -> {
                    start.await();
                    store.saveEventPosition(sync, STREAM, position);
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> f : results) {
                f.get(30, TimeUnit.SECONDS); // a save that lost a race for the first row must not fail
            }
            assertThat(store.eventPosition(sync, STREAM)).get().isIn(saved);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aDurableStoreKeepsEventPositionsForANewInstance() {
        Optional<SyncStateStore> again = reopened();
        assumeTrue(again.isPresent(), "the store under test keeps nothing across instances");
        assumeEventPositionsKept();
        store.saveEventPosition(sync, STREAM, new EventPosition("AAAAAAAAB3oAAA=="));

        assertThat(again.get().eventPosition(sync, STREAM)).contains(new EventPosition("AAAAAAAAB3oAAA=="));
    }

    @Test
    void lastReportIsKept() {
        assertThat(store.lastReport(sync)).isEmpty();
        Lease lease = acquire();
        store.saveReport(lease, report(RunStatus.PARTIAL));
        store.saveReport(lease, report(RunStatus.SUCCEEDED));
        assertThat(store.lastReport(sync)).contains(report(RunStatus.SUCCEEDED));
    }

    @Test
    void reportsAreListedNewestFirstAndTheFirstIsTheLastReport() {
        assertThat(store.reports(sync, 10)).isEmpty();
        Lease lease = acquire();
        store.saveReport(lease, report(RunStatus.SUCCEEDED, 1));
        store.saveReport(lease, report(RunStatus.PARTIAL, 2));
        store.saveReport(lease, report(RunStatus.FAILED, 3));

        assertThat(store.reports(sync, 10)).containsExactly(
                report(RunStatus.FAILED, 3), report(RunStatus.PARTIAL, 2), report(RunStatus.SUCCEEDED, 1));
        assertThat(store.reports(sync, 2)).containsExactly(report(RunStatus.FAILED, 3), report(RunStatus.PARTIAL, 2));
        assertThat(store.reports(sync, 1)).containsExactly(store.lastReport(sync).orElseThrow());
    }

    @Test
    void onlyTheLastNReportsAreKept() {
        int n = reportHistory();
        Lease lease = acquire();
        for (int i = 1; i <= n + 3; i++) {
            store.saveReport(lease, report(RunStatus.SUCCEEDED, i));
        }
        List<SyncReport> kept = store.reports(sync, n + 10);
        assertThat(kept).hasSize(n);
        assertThat(kept.get(0)).isEqualTo(report(RunStatus.SUCCEEDED, n + 3));
        assertThat(kept.get(n - 1)).isEqualTo(report(RunStatus.SUCCEEDED, 4));
    }

    @Test
    void historyIsOrderedBySavingNotByTheReportsOwnTimes() {
        Lease lease = acquire();
        // a node whose clock is behind saves the later run with an earlier time
        store.saveReport(lease, report(RunStatus.SUCCEEDED, 50));
        store.saveReport(lease, report(RunStatus.PARTIAL, 5));
        assertThat(store.reports(sync, 5)).containsExactly(report(RunStatus.PARTIAL, 5), report(RunStatus.SUCCEEDED, 50));
        assertThat(store.lastReport(sync)).contains(report(RunStatus.PARTIAL, 5));
    }

    @Test
    void aStaleLeaseAddsNothingToTheHistoryAndSyncsKeepTheirOwn() {
        Lease first = acquire();
        store.saveReport(first, report(RunStatus.SUCCEEDED, 1));
        Lease second = store.tryAcquire(sync, "runner-b", TTL, T0.plus(TTL).plusSeconds(1)).orElseThrow();
        assertThatThrownBy(() -> store.saveReport(first, report(RunStatus.FAILED, 2))).isInstanceOf(StaleLeaseException.class);
        store.saveReport(second, report(RunStatus.PARTIAL, 3));
        assertThat(store.reports(sync, 10)).containsExactly(report(RunStatus.PARTIAL, 3), report(RunStatus.SUCCEEDED, 1));
        assertThat(store.reports(SyncId.of(sync.value() + "-other"), 10)).isEmpty();
    }

    @Test
    void aLimitBelowOneIsRefused() {
        assertThatThrownBy(() -> store.reports(sync, 0)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("limit");
    }

    @Test
    void syncsDoNotSeeEachOthersState() {
        Lease lease = acquire();
        store.saveLink(lease, Link.of(id("s1"), id("t1")));
        SyncId other = SyncId.of(sync.value() + "-other");
        assertThat(store.links(other).size()).isZero();
        assertThat(store.tryAcquire(other, "runner-b", TTL, T0)).isPresent();
    }

    @Test
    void concurrentCallersGetTheLeaseExactlyOnce() throws Exception {
        int callers = 8;
        ExecutorService pool = Executors.newFixedThreadPool(callers);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<Optional<Lease>>> results = new ArrayList<>();
            for (int i = 0; i < callers; i++) {
                String owner = "runner-" + i;
                results.add(pool.submit(() -> {
                    start.await();
                    return store.tryAcquire(sync, owner, TTL, T0);
                }));
            }
            start.countDown();
            int granted = 0;
            for (Future<Optional<Lease>> f : results) {
                if (f.get(30, TimeUnit.SECONDS).isPresent()) {
                    granted++;
                }
            }
            assertThat(granted).isEqualTo(1);
        } finally {
            pool.shutdownNow();
        }
    }

    /** The {@code run}-th report: its times and message say which. */
    private SyncReport report(RunStatus status, int run) {
        Instant started = T0.plusSeconds(60L * run);
        return new SyncReport(sync, started, started.plusSeconds(2), status, PlanMode.FULL, 3, 3,
                Map.of(ActionKind.CREATE, 1), 1, List.of(), List.of(), List.of(), "run " + run);
    }

    private SyncReport report(RunStatus status) {
        return new SyncReport(sync, T0, T0.plusSeconds(2), status, PlanMode.FULL, 3, 3,
                Map.of(ActionKind.CREATE, 1), 1, List.of(), List.of(), List.of(), "done");
    }
}
