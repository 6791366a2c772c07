package io.rostersync.testkit.contracts;

import io.rostersync.model.Cursor;
import io.rostersync.model.NativeId;
import io.rostersync.model.SyncId;
import io.rostersync.spi.EventPosition;
import io.rostersync.spi.HeldDeprovision;
import io.rostersync.spi.Lease;
import io.rostersync.spi.Link;
import io.rostersync.spi.Links;
import io.rostersync.spi.ScheduleState;
import io.rostersync.spi.SyncReport;
import io.rostersync.spi.SyncStateStore;
import io.rostersync.spi.WaitingUser;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;

/** State stores with one deliberate bug each, and the contract checks that must catch it. */
enum BrokenSyncStateStores {

    WRITES_ARE_NOT_FENCED(BrokenSyncStateStores::unfenced, "staleLeaseCannotWriteLinksCursorsOrReports",
            "aStaleLeaseAddsNothingToTheHistoryAndSyncsKeepTheirOwn", "aStaleOrReleasedLeaseCannotWriteTheScheduleState"),
    A_RELEASED_LEASE_STILL_WRITES(BrokenSyncStateStores::releaseForgotten, "releasedLeaseCannotWrite",
            "aStaleOrReleasedLeaseCannotWriteTheScheduleState"),
    A_STALE_LEASE_IS_RENEWED(BrokenSyncStateStores::staleRenewed, "aLeaseTakenOverOrGivenUpCannotBeRenewed"),
    A_TAKEN_OVER_LEASE_IS_STILL_CURRENT(BrokenSyncStateStores::currentByExpiryOnly, "aLeaseIsCurrentOnlyWhileHeldUnexpiredAndNotTakenOver"),
    TWO_CALLERS_GET_THE_LEASE(BrokenSyncStateStores::alwaysGrants, "secondCallerIsRefusedWhileTheLeaseIsHeld",
            "concurrentCallersGetTheLeaseExactlyOnce"),
    RELEASING_A_STALE_LEASE_FREES_THE_NEW_ONE(BrokenSyncStateStores::releasesWhateverIsHeld, "releasingAStaleLeaseDoesNotFreeTheNewOne"),
    LINKS_ARE_LOST_ON_SAVE(BrokenSyncStateStores::saveReplacesAllLinks, "linksAreSavedReplacedAndRemoved",
            "manyLinksSavedOneByOneAreAllKept"),
    THE_CURSOR_IS_NOT_KEPT(BrokenSyncStateStores::cursorDropped, "cursorIsKeptAndReplaced",
            "theCursorIsStoredWithItsPolicyFingerprintAndReplacedWithIt"),
    THE_FINGERPRINT_IS_NOT_KEPT(BrokenSyncStateStores::fingerprintDropped, "theCursorIsStoredWithItsPolicyFingerprintAndReplacedWithIt"),
    HELD_DEPROVISIONS_ARE_LOST(BrokenSyncStateStores::heldDropped, "heldDeprovisionsAreKeptInOrderReplacedAndCleared"),
    WAITING_USERS_LOSE_THEIR_ORDER(BrokenSyncStateStores::waitingSorted, "waitingUsersAreKeptInOrderReplacedAndCleared"),
    REPORTS_ARE_LISTED_OLDEST_FIRST(BrokenSyncStateStores::reportsOldestFirst, "reportsAreListedNewestFirstAndTheFirstIsTheLastReport"),
    SYNCS_SHARE_THEIR_STATE(BrokenSyncStateStores::oneSyncForAll, "syncsDoNotSeeEachOthersState",
            "heldAndWaitingListsOfOneSyncAreNotSeenByAnother", "scheduleStatesOfSyncsAreTheirOwn"),
    THE_SCHEDULE_STATE_IS_WRITTEN_WITHOUT_THE_LEASE(BrokenSyncStateStores::scheduleUnfenced,
            "aStaleOrReleasedLeaseCannotWriteTheScheduleState"),
    NEXT_DUE_IS_DROPPED(BrokenSyncStateStores::nextDueDropped, "theScheduleStateIsKeptExactlyAndReplacedAsAWhole"),
    EMPTY_SCHEDULE_PARTS_KEEP_THE_OLD_VALUES(BrokenSyncStateStores::scheduleMerged,
            "theScheduleStateIsKeptExactlyAndReplacedAsAWhole"),
    ONE_SCHEDULE_STATE_FOR_ALL_SYNCS(BrokenSyncStateStores::oneScheduleForAll, "scheduleStatesOfSyncsAreTheirOwn"),
    A_NEW_INSTANCE_FORGETS_THE_SCHEDULE_STATE(ForwardingSyncStateStore::new, s -> Optional.of(new ForwardingSyncStateStore()),
            "aDurableStoreKeepsTheScheduleStateForANewInstance", "aDurableStoreKeepsEventPositionsForANewInstance"),
    EVENT_POSITIONS_NEED_THE_LEASE(BrokenSyncStateStores::positionsFenced, "eventPositionsAreSavedWithoutALeaseAlsoWhileARunHoldsIt"),
    THE_FIRST_EVENT_POSITION_SAVED_WINS(BrokenSyncStateStores::firstPositionWins, "anEventPositionIsKeptExactlyAndTheLastSaveWins"),
    LONG_EVENT_POSITIONS_ARE_CUT(BrokenSyncStateStores::positionsCut, "anEventPositionIsKeptExactlyAndTheLastSaveWins"),
    ONE_EVENT_POSITION_PER_SYNC(() -> positionsKeyedBy((sync, stream) -> sync.value()), "eachSyncAndStreamHasItsOwnEventPosition"),
    ONE_EVENT_POSITION_PER_STREAM(() -> positionsKeyedBy((sync, stream) -> stream), "eachSyncAndStreamHasItsOwnEventPosition"),
    STREAM_NAMES_ARE_FOLDED(() -> positionsKeyedBy((sync, stream) -> sync.value() + "|" + stream.toLowerCase(java.util.Locale.ROOT)),
            "eachSyncAndStreamHasItsOwnEventPosition"),
    ANY_STREAM_NAME_IS_TAKEN(() -> positionsKeyedBy((sync, stream) -> sync.value() + "|" + stream),
            "aStreamNameMustBeOneTo200Characters");

    private final Supplier<SyncStateStore> factory;
    private final Function<SyncStateStore, Optional<SyncStateStore>> reopen;
    private final List<String> caughtBy;

    BrokenSyncStateStores(Supplier<SyncStateStore> factory, String... caughtBy) {
        this(factory, s -> Optional.empty(), caughtBy);
    }

    BrokenSyncStateStores(Supplier<SyncStateStore> factory, Function<SyncStateStore, Optional<SyncStateStore>> reopen,
                          String... caughtBy) {
        this.factory = factory;
        this.reopen = reopen;
        this.caughtBy = List.of(caughtBy);
    }

    SyncStateStore newStore() {
        return factory.get();
    }

    /** A new instance over {@code store}'s storage, as the store claims it can; empty for a store not durable. */
    Optional<SyncStateStore> reopened(SyncStateStore store) {
        return reopen.apply(store);
    }

    List<String> caughtBy() {
        return caughtBy;
    }

    /** Saves an event position only while nobody holds the sync's lease, as if positions were run state. */
    private static SyncStateStore positionsFenced() {
        return new ForwardingSyncStateStore() {
            @Override
            public void saveEventPosition(SyncId syncId, String stream, EventPosition position) {
                Lease own = super.tryAcquire(syncId, "event-subscriber", Duration.ofSeconds(1), Instant.EPOCH)
                        .orElseThrow(() -> new IllegalStateException("a run holds the lease of " + syncId));
                try {
                    super.saveEventPosition(syncId, stream, position);
                } finally {
                    super.release(own);
                }
            }
        };
    }

    /** Keeps the first position of each stream (INSERT ... ON CONFLICT DO NOTHING). */
    private static SyncStateStore firstPositionWins() {
        return new ForwardingSyncStateStore() {
            @Override
            public synchronized void saveEventPosition(SyncId syncId, String stream, EventPosition position) {
                if (super.eventPosition(syncId, stream).isEmpty()) {
                    super.saveEventPosition(syncId, stream, position);
                }
            }
        };
    }

    /** Keeps the first 255 characters of a position (a column too narrow). */
    private static SyncStateStore positionsCut() {
        return new ForwardingSyncStateStore() {
            @Override
            public void saveEventPosition(SyncId syncId, String stream, EventPosition position) {
                String token = position.token();
                super.saveEventPosition(syncId, stream, new EventPosition(token.substring(0, Math.min(255, token.length()))));
            }
        };
    }

    /** Positions in a map keyed by {@code key}, with no check of the stream name. */
    private static SyncStateStore positionsKeyedBy(java.util.function.BiFunction<SyncId, String, String> key) {
        return new ForwardingSyncStateStore() {
            private final Map<String, EventPosition> positions = new java.util.concurrent.ConcurrentHashMap<>();

            @Override
            public Optional<EventPosition> eventPosition(SyncId syncId, String stream) {
                return Optional.ofNullable(positions.get(key.apply(syncId, stream)));
            }

            @Override
            public void saveEventPosition(SyncId syncId, String stream, EventPosition position) {
                positions.put(key.apply(syncId, stream), position);
            }
        };
    }

    /** Writes with the newest lease of the sync, whatever lease the caller holds. */
    private static SyncStateStore unfenced() {
        return new ForwardingSyncStateStore() {
            private final Map<SyncId, Lease> newest = new HashMap<>();

            @Override
            public synchronized Optional<Lease> tryAcquire(SyncId syncId, String owner, Duration ttl, Instant now) {
                Optional<Lease> l = super.tryAcquire(syncId, owner, ttl, now);
                l.ifPresent(lease -> newest.put(syncId, lease));
                return l;
            }

            private Lease newestOf(Lease lease) {
                return newest.getOrDefault(lease.syncId(), lease);
            }

            @Override
            public void saveLink(Lease lease, Link link) {
                super.saveLink(newestOf(lease), link);
            }

            @Override
            public void removeLink(Lease lease, NativeId sourceId) {
                super.removeLink(newestOf(lease), sourceId);
            }

            @Override
            public void saveCursor(Lease lease, Cursor cursor, String policyFingerprint) {
                super.saveCursor(newestOf(lease), cursor, policyFingerprint);
            }

            @Override
            public void saveHeldDeprovisions(Lease lease, List<HeldDeprovision> held) {
                super.saveHeldDeprovisions(newestOf(lease), held);
            }

            @Override
            public void saveWaitingUsers(Lease lease, List<WaitingUser> waiting) {
                super.saveWaitingUsers(newestOf(lease), waiting);
            }

            @Override
            public void saveReport(Lease lease, SyncReport report) {
                super.saveReport(newestOf(lease), report);
            }

            @Override
            public void saveScheduleState(Lease lease, ScheduleState state) {
                super.saveScheduleState(newestOf(lease), state);
            }
        };
    }

    /** Only the schedule state is written with whatever lease the sync has now, as a plain UPSERT would. */
    private static SyncStateStore scheduleUnfenced() {
        return new ForwardingSyncStateStore() {
            private final Map<SyncId, ScheduleState> states = new HashMap<>();

            @Override
            public synchronized ScheduleState scheduleState(SyncId syncId) {
                return states.getOrDefault(syncId, ScheduleState.never());
            }

            @Override
            public synchronized void saveScheduleState(Lease lease, ScheduleState state) {
                states.put(lease.syncId(), state);
            }
        };
    }

    /** Forgets when the sync is next due (a column left out of the SELECT). */
    private static SyncStateStore nextDueDropped() {
        return new ForwardingSyncStateStore() {
            @Override
            public ScheduleState scheduleState(SyncId syncId) {
                return super.scheduleState(syncId).withNextDue(Optional.empty());
            }
        };
    }

    /** Keeps the old value of every part the new state leaves empty (an UPDATE with COALESCE gone wrong). */
    private static SyncStateStore scheduleMerged() {
        return new ForwardingSyncStateStore() {
            @Override
            public void saveScheduleState(Lease lease, ScheduleState state) {
                ScheduleState old = super.scheduleState(lease.syncId());
                super.saveScheduleState(lease, new ScheduleState(state.lastFullRun().or(old::lastFullRun),
                        state.lastIncrementalRun().or(old::lastIncrementalRun), state.runsSinceFull(),
                        state.nextDue().or(old::nextDue)));
            }
        };
    }

    /** Fenced correctly, but one state for every sync (a table keyed by nothing). */
    private static SyncStateStore oneScheduleForAll() {
        return new ForwardingSyncStateStore() {
            private volatile ScheduleState shared = ScheduleState.never();

            @Override
            public ScheduleState scheduleState(SyncId syncId) {
                return shared;
            }

            @Override
            public void saveScheduleState(Lease lease, ScheduleState state) {
                super.saveScheduleState(lease, state);
                shared = state;
            }
        };
    }

    /** Release only lets others take the lease; the released holder's writes still go through. */
    private static SyncStateStore releaseForgotten() {
        return new ForwardingSyncStateStore() {
            private final Map<SyncId, Lease> released = new HashMap<>();

            @Override
            public void release(Lease lease) {
                released.put(lease.syncId(), lease);
            }

            @Override
            public Optional<Lease> tryAcquire(SyncId syncId, String owner, Duration ttl, Instant now) {
                Lease gone = released.remove(syncId);
                if (gone != null) {
                    super.release(gone);
                }
                return super.tryAcquire(syncId, owner, ttl, now);
            }
        };
    }

    private static SyncStateStore staleRenewed() {
        return new ForwardingSyncStateStore() {
            @Override
            public Lease renew(Lease lease, Duration ttl, Instant now) {
                return new Lease(lease.syncId(), lease.owner(), lease.fencingToken(), now.plus(ttl));
            }
        };
    }

    private static SyncStateStore currentByExpiryOnly() {
        return new ForwardingSyncStateStore() {
            @Override
            public boolean isCurrent(Lease lease, Instant now) {
                return now.isBefore(lease.expiresAt());
            }
        };
    }

    private static SyncStateStore alwaysGrants() {
        return new ForwardingSyncStateStore() {
            private long token = 1000;

            @Override
            public synchronized Optional<Lease> tryAcquire(SyncId syncId, String owner, Duration ttl, Instant now) {
                Optional<Lease> l = super.tryAcquire(syncId, owner, ttl, now);
                return l.isPresent() ? l : Optional.of(new Lease(syncId, owner, ++token, now.plus(ttl)));
            }
        };
    }

    private static SyncStateStore releasesWhateverIsHeld() {
        return new ForwardingSyncStateStore() {
            private final Map<SyncId, Lease> newest = new HashMap<>();

            @Override
            public Optional<Lease> tryAcquire(SyncId syncId, String owner, Duration ttl, Instant now) {
                Optional<Lease> l = super.tryAcquire(syncId, owner, ttl, now);
                l.ifPresent(lease -> newest.put(syncId, lease));
                return l;
            }

            @Override
            public void release(Lease lease) {
                super.release(newest.getOrDefault(lease.syncId(), lease));
            }
        };
    }

    /** Saving a link writes the whole set as that one link, as an "upsert" gone wrong does. */
    private static SyncStateStore saveReplacesAllLinks() {
        return new ForwardingSyncStateStore() {
            @Override
            public void saveLink(Lease lease, Link link) {
                for (Link other : super.links(lease.syncId()).all()) {
                    if (!other.sourceId().equals(link.sourceId())) {
                        super.removeLink(lease, other.sourceId());
                    }
                }
                super.saveLink(lease, link);
            }
        };
    }

    private static SyncStateStore cursorDropped() {
        return new ForwardingSyncStateStore() {
            @Override
            public Optional<Cursor> cursor(SyncId syncId) {
                return Optional.empty();
            }
        };
    }

    private static SyncStateStore fingerprintDropped() {
        return new ForwardingSyncStateStore() {
            @Override
            public Optional<String> cursorFingerprint(SyncId syncId) {
                return Optional.empty();
            }
        };
    }

    /** Keeps only the first held deprovision of each save. */
    private static SyncStateStore heldDropped() {
        return new ForwardingSyncStateStore() {
            @Override
            public void saveHeldDeprovisions(Lease lease, List<HeldDeprovision> held) {
                super.saveHeldDeprovisions(lease, held.isEmpty() ? held : held.subList(0, 1));
            }
        };
    }

    private static SyncStateStore waitingSorted() {
        return new ForwardingSyncStateStore() {
            @Override
            public List<WaitingUser> waitingUsers(SyncId syncId) {
                List<WaitingUser> sorted = new ArrayList<>(super.waitingUsers(syncId));
                sorted.sort(Comparator.comparing(w -> w.sourceId().value()));
                return sorted;
            }
        };
    }

    private static SyncStateStore reportsOldestFirst() {
        return new ForwardingSyncStateStore() {
            @Override
            public List<SyncReport> reports(SyncId syncId, int limit) {
                List<SyncReport> all = new ArrayList<>(super.reports(syncId, Math.max(limit, 1000)));
                java.util.Collections.reverse(all);
                return all.subList(0, Math.min(limit, all.size()));
            }
        };
    }

    /** Keys everything by one sync id, whatever sync asks. */
    private static SyncStateStore oneSyncForAll() {
        SyncId shared = SyncId.of("shared");
        return new ForwardingSyncStateStore() {
            private Lease real(Lease lease) {
                return new Lease(shared, lease.owner(), lease.fencingToken(), lease.expiresAt());
            }

            private Lease theirs(Lease lease, SyncId asked) {
                return new Lease(asked, lease.owner(), lease.fencingToken(), lease.expiresAt());
            }

            @Override
            public Optional<Lease> tryAcquire(SyncId syncId, String owner, Duration ttl, Instant now) {
                return super.tryAcquire(shared, owner, ttl, now).map(l -> theirs(l, syncId));
            }

            @Override
            public Lease renew(Lease lease, Duration ttl, Instant now) {
                return theirs(super.renew(real(lease), ttl, now), lease.syncId());
            }

            @Override
            public boolean isCurrent(Lease lease, Instant now) {
                return super.isCurrent(real(lease), now);
            }

            @Override
            public void release(Lease lease) {
                super.release(real(lease));
            }

            @Override
            public Links links(SyncId syncId) {
                return super.links(shared);
            }

            @Override
            public void saveLink(Lease lease, Link link) {
                super.saveLink(real(lease), link);
            }

            @Override
            public void removeLink(Lease lease, NativeId sourceId) {
                super.removeLink(real(lease), sourceId);
            }

            @Override
            public Optional<Cursor> cursor(SyncId syncId) {
                return super.cursor(shared);
            }

            @Override
            public Optional<String> cursorFingerprint(SyncId syncId) {
                return super.cursorFingerprint(shared);
            }

            @Override
            public void saveCursor(Lease lease, Cursor cursor, String policyFingerprint) {
                super.saveCursor(real(lease), cursor, policyFingerprint);
            }

            @Override
            public List<HeldDeprovision> heldDeprovisions(SyncId syncId) {
                return super.heldDeprovisions(shared);
            }

            @Override
            public void saveHeldDeprovisions(Lease lease, List<HeldDeprovision> held) {
                super.saveHeldDeprovisions(real(lease), held);
            }

            @Override
            public List<WaitingUser> waitingUsers(SyncId syncId) {
                return super.waitingUsers(shared);
            }

            @Override
            public void saveWaitingUsers(Lease lease, List<WaitingUser> waiting) {
                super.saveWaitingUsers(real(lease), waiting);
            }

            @Override
            public Optional<SyncReport> lastReport(SyncId syncId) {
                return super.lastReport(shared);
            }

            @Override
            public List<SyncReport> reports(SyncId syncId, int limit) {
                return super.reports(shared, limit);
            }

            @Override
            public ScheduleState scheduleState(SyncId syncId) {
                return super.scheduleState(shared);
            }

            @Override
            public void saveScheduleState(Lease lease, ScheduleState state) {
                super.saveScheduleState(real(lease), state);
            }
        };
    }
}
