package io.rostersync.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import io.rostersync.engine.RunOptions;
import io.rostersync.spi.RunStatus;
import io.rostersync.spi.SyncReport;
import io.rostersync.engine.SyncRunner;
import io.rostersync.model.NativeId;
import io.rostersync.model.SyncId;
import io.rostersync.model.UserPatch;
import io.rostersync.model.UserProfile;
import io.rostersync.model.UserRecord;
import io.rostersync.model.UserStatus;
import io.rostersync.spi.ActionKind;
import io.rostersync.spi.ConflictKind;
import io.rostersync.spi.PlanMode;
import io.rostersync.policy.DeletionGuard;
import io.rostersync.policy.Deprovision;
import io.rostersync.policy.LicenseRule;
import io.rostersync.policy.SyncPolicy;
import io.rostersync.spi.FailureKind;
import io.rostersync.spi.Lease;
import io.rostersync.spi.StaleLeaseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import io.rostersync.spi.LicensePool;
import io.rostersync.spi.LicenseSnapshot;
import io.rostersync.spi.WriteFailure;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class SyncRunnerTest {

    private static final SyncId SYNC = SyncId.of("test-sync");
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-06-01T12:00:00Z"), ZoneOffset.UTC);

    private InMemoryUserDirectory source;
    private InMemoryUserDirectory target;
    private InMemorySyncStateStore store;
    private RecordingListener listener;

    @BeforeEach
    void setUp() {
        source = InMemoryUserDirectory.builder("source").pageSize(2).build();
        target = InMemoryUserDirectory.builder("target").build();
        store = new InMemorySyncStateStore();
        listener = new RecordingListener();
        source.add(profile("ann@example.com", "Ann", "Smith"));
        source.add(profile("bob@example.com", "Bob", "Jones"));
        source.add(profile("cho@example.com", "Cho", "Lee"));
    }

    private static UserProfile profile(String email, String first, String last) {
        return UserProfile.builder().email(email).firstName(first).lastName(last).build();
    }

    private SyncRunner runner(SyncPolicy policy) {
        return SyncRunner.builder().syncId(SYNC).source(source).target(target).policy(policy).stateStore(store)
                .clock(CLOCK).listener(listener).build();
    }

    private SyncRunner runner() {
        return runner(SyncPolicy.defaults());
    }

    @Test
    void firstRunCreatesEveryoneAndTheSecondIsANoOp() {
        SyncReport first = runner().run(RunOptions.defaults());
        assertThat(first.status()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(first.planned()).containsEntry(ActionKind.CREATE, 3);
        assertThat(first.mode()).isEqualTo(PlanMode.FULL);
        assertThat(target.size()).isEqualTo(3);
        assertThat(store.links(SYNC).size()).isEqualTo(3);

        assertThat(target.createOptions()).as("silent by default").containsOnly(io.rostersync.spi.CreateOptions.silent());

        SyncReport second = runner().run(RunOptions.defaults());
        assertThat(second.status()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(second.mode()).isEqualTo(PlanMode.INCREMENTAL);
        assertThat(second.plannedTotal()).isZero();
    }

    @Test
    void aRunWithNothingChangedInTheSourceDoesNotReadTheTarget() {
        runner().run(RunOptions.defaults());
        RecordingListener quiet = new RecordingListener();

        SyncReport report = SyncRunner.builder().syncId(SYNC).source(source).target(target).policy(SyncPolicy.defaults())
                .stateStore(store).clock(CLOCK).listener(quiet).build().run(RunOptions.defaults());

        assertThat(report.status()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(report.mode()).isEqualTo(PlanMode.INCREMENTAL);
        assertThat(quiet.events()).noneMatch(e -> e.startsWith("target"));
        // A change brings the target back into the run.
        source.update(source.findByEmail("ann@example.com").orElseThrow().id(), UserPatch.builder().lastName("Wed").build());
        RecordingListener changed = new RecordingListener();
        SyncRunner.builder().syncId(SYNC).source(source).target(target).policy(SyncPolicy.defaults())
                .stateStore(store).clock(CLOCK).listener(changed).build().run(RunOptions.defaults());
        assertThat(changed.events()).contains("target-read 3");
        assertThat(target.findByEmail("ann@example.com").orElseThrow().lastName()).isEqualTo("Wed");
    }

    @Test
    void aRunWithNothingChangedTakesNoLicenseSnapshotAndAChangeDoes() {
        InMemoryLicensePool seats = InMemoryLicensePool.of("seats", 10);
        int[] snapshots = {0};
        LicensePool counted = new LicensePool() {
            @Override
            public String licenseId() {
                return seats.licenseId();
            }

            @Override
            public LicenseSnapshot snapshot() {
                snapshots[0]++;
                return seats.snapshot();
            }

            @Override
            public void assign(NativeId user) {
                seats.assign(user);
            }

            @Override
            public void revoke(NativeId user) {
                seats.revoke(user);
            }
        };
        SyncRunner runner = licensed(counted, LicenseRule.everyone("seats"));
        assertThat(runner.run(RunOptions.defaults()).status()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(seats.snapshot().consumed()).isEqualTo(3);
        int afterFirst = snapshots[0];

        assertThat(runner.run(RunOptions.defaults()).plannedTotal()).isZero();
        assertThat(snapshots[0]).isEqualTo(afterFirst);

        source.add(profile("dan@example.com", "Dan", "New"));
        SyncReport third = runner.run(RunOptions.defaults());
        assertThat(third.mode()).isEqualTo(PlanMode.INCREMENTAL);
        assertThat(third.planned()).containsEntry(ActionKind.ASSIGN_LICENSE, 1);
        assertThat(snapshots[0]).isGreaterThan(afterFirst);
        assertThat(seats.snapshot().consumed()).isEqualTo(4);
    }

    @Test
    void aRunLongerThanItsLeaseRenewsItSoNoOtherRunnerTakesItOver() {
        ManualClock clock = new ManualClock(CLOCK.instant());
        InMemoryUserDirectory slowTarget = InMemoryUserDirectory.builder("target").maxBatchSize(1).build();
        List<Boolean> intruderGotTheLease = new ArrayList<>();
        // Each write takes four minutes of a ten-minute lease; after each, another runner tries to start.
        io.rostersync.engine.SyncListener slowWrites = new io.rostersync.engine.SyncListener() {
            @Override
            public void applied(int done, int total, io.rostersync.engine.ActionOutcome outcome) {
                clock.advance(Duration.ofMinutes(4));
                intruderGotTheLease.add(store.tryAcquire(SYNC, "intruder", Duration.ofMinutes(10), clock.instant()).isPresent());
            }
        };

        SyncReport report = SyncRunner.builder().syncId(SYNC).source(source).target(slowTarget)
                .policy(SyncPolicy.defaults()).stateStore(store).clock(clock).leaseTtl(Duration.ofMinutes(10))
                .listener(slowWrites).build().run(RunOptions.defaults());

        assertThat(report.status()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(slowTarget.size()).isEqualTo(3);
        assertThat(intruderGotTheLease).containsExactly(false, false, false);
        assertThat(clock.instant()).isAfter(CLOCK.instant().plus(Duration.ofMinutes(10)));
        // Released at the end, as usual.
        assertThat(store.tryAcquire(SYNC, "next", Duration.ofMinutes(10), clock.instant())).isPresent();
    }

    @Test
    void incrementalRunFollowsARenameInTheSource() {
        runner().run(RunOptions.defaults());
        UserRecord ann = source.findByEmail("ann@example.com").orElseThrow();
        source.update(ann.id(), UserPatch.builder().lastName("Married").build());
        SyncReport report = runner().run(RunOptions.defaults());
        assertThat(report.mode()).isEqualTo(PlanMode.INCREMENTAL);
        assertThat(report.sourceUsers()).isEqualTo(1);
        assertThat(target.findByEmail("ann@example.com").orElseThrow().lastName()).isEqualTo("Married");
    }

    @Test
    void incrementalRunDeactivatesAUserRemovedFromTheSource() {
        runner().run(RunOptions.defaults());
        source.add(profile("dan@example.com", "Dan", "New"));
        source.add(profile("eve@example.com", "Eve", "New"));
        runner().run(RunOptions.defaults());
        source.remove(source.findByEmail("bob@example.com").orElseThrow().id());
        SyncReport report = runner().run(RunOptions.defaults());
        assertThat(report.mode()).isEqualTo(PlanMode.INCREMENTAL);
        assertThat(report.planned()).containsEntry(ActionKind.DEACTIVATE, 1);
        assertThat(target.findByEmail("bob@example.com").orElseThrow().status()).isEqualTo(UserStatus.INACTIVE);
    }

    @Test
    void oneFailingUserNeverStopsTheOthersAndTheNextRunRetriesIt() {
        target.failWritesFor("bob@example.com", FailureKind.VALIDATION);
        SyncReport first = runner().run(RunOptions.defaults());
        assertThat(first.status()).isEqualTo(RunStatus.PARTIAL);
        assertThat(first.failures()).singleElement().satisfies(f -> {
            assertThat(f.user().label()).isEqualTo("bob@example.com");
            assertThat(f.kind()).isEqualTo(FailureKind.VALIDATION);
        });
        assertThat(target.size()).isEqualTo(2);
        assertThat(store.cursor(SYNC)).isEmpty();

        target.heal();
        SyncReport second = runner().run(RunOptions.defaults());
        assertThat(second.mode()).isEqualTo(PlanMode.FULL);
        assertThat(second.status()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(second.planned()).containsExactlyEntriesOf(java.util.Map.of(ActionKind.CREATE, 1));
        assertThat(target.size()).isEqualTo(3);
    }

    @Test
    void guardRefusesToDeactivateEveryoneWhenTheSourceComesBackEmpty() {
        runner().run(RunOptions.defaults());
        source.all().forEach(u -> source.remove(u.id()));
        SyncReport report = runner().run(RunOptions.defaults().withForceFull());
        assertThat(report.status()).isEqualTo(RunStatus.REFUSED_BY_GUARD);
        assertThat(report.message()).contains("no users at all");
        assertThat(target.all()).allMatch(u -> u.status() == UserStatus.ACTIVE);

        SyncReport overridden = runner().run(RunOptions.defaults().withForceFull().withGuardOverridden());
        assertThat(overridden.status()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(target.all()).allMatch(u -> u.status() == UserStatus.INACTIVE);
    }

    @Test
    void readFailingMidWayEndsTheRunWithoutAnyWrite() {
        source.failReadsAfterPages(1);
        SyncReport report = runner().run(RunOptions.defaults());
        assertThat(report.status()).isEqualTo(RunStatus.FAILED);
        assertThat(report.message()).contains("connection reset");
        assertThat(target.size()).isZero();
        assertThat(target.writeCount()).isZero();
    }

    @Test
    void secondRunnerIsToldTheSyncIsBusy() {
        Lease held = store.tryAcquire(SYNC, "other-host", Duration.ofMinutes(5), CLOCK.instant()).orElseThrow();
        SyncReport report = runner().run(RunOptions.defaults());
        assertThat(report.status()).isEqualTo(RunStatus.BUSY);
        assertThat(target.size()).isZero();
        store.release(held);
        assertThat(runner().run(RunOptions.defaults()).status()).isEqualTo(RunStatus.SUCCEEDED);
    }

    @Test
    void anUnreachableStateStoreEndsTheRunWithAFailedReportNotAnException() {
        io.rostersync.spi.SyncStateStore down = new InMemorySyncStateStore();
        SyncRunner runner = SyncRunner.builder().syncId(SYNC).source(source).target(target).clock(CLOCK)
                .stateStore(new io.rostersync.spi.SyncStateStore() {
                    @Override
                    public java.util.Optional<Lease> tryAcquire(SyncId id, String owner, Duration ttl, Instant now) {
                        throw new io.rostersync.spi.TransientException("state store: database error 08001");
                    }

                    @Override
                    public Lease renew(Lease lease, Duration ttl, Instant now) {
                        return down.renew(lease, ttl, now);
                    }

                    @Override
                    public boolean isCurrent(Lease lease, Instant now) {
                        return down.isCurrent(lease, now);
                    }

                    @Override
                    public void release(Lease lease) {
                        down.release(lease);
                    }

                    @Override
                    public io.rostersync.spi.Links links(SyncId id) {
                        return down.links(id);
                    }

                    @Override
                    public void saveLink(Lease lease, io.rostersync.spi.Link link) {
                        down.saveLink(lease, link);
                    }

                    @Override
                    public void removeLink(Lease lease, NativeId sourceId) {
                        down.removeLink(lease, sourceId);
                    }

                    @Override
                    public java.util.Optional<io.rostersync.model.Cursor> cursor(SyncId id) {
                        return down.cursor(id);
                    }

                    @Override
                    public java.util.Optional<String> cursorFingerprint(SyncId id) {
                        return down.cursorFingerprint(id);
                    }

                    @Override
                    public void saveCursor(Lease lease, io.rostersync.model.Cursor cursor, String fingerprint) {
                        down.saveCursor(lease, cursor, fingerprint);
                    }

                    @Override
                    public List<io.rostersync.spi.HeldDeprovision> heldDeprovisions(SyncId id) {
                        return down.heldDeprovisions(id);
                    }

                    @Override
                    public void saveHeldDeprovisions(Lease lease, List<io.rostersync.spi.HeldDeprovision> held) {
                        down.saveHeldDeprovisions(lease, held);
                    }

                    @Override
                    public List<io.rostersync.spi.WaitingUser> waitingUsers(SyncId id) {
                        return down.waitingUsers(id);
                    }

                    @Override
                    public void saveWaitingUsers(Lease lease, List<io.rostersync.spi.WaitingUser> waiting) {
                        down.saveWaitingUsers(lease, waiting);
                    }

                    @Override
                    public java.util.Optional<SyncReport> lastReport(SyncId id) {
                        return down.lastReport(id);
                    }

                    @Override
                    public void saveReport(Lease lease, SyncReport report) {
                        down.saveReport(lease, report);
                    }

                    @Override
                    public io.rostersync.spi.ScheduleState scheduleState(SyncId id) {
                        return down.scheduleState(id);
                    }

                    @Override
                    public void saveScheduleState(Lease lease, io.rostersync.spi.ScheduleState state) {
                        down.saveScheduleState(lease, state);
                    }
                }).build();
        SyncReport report = runner.run(RunOptions.defaults());
        assertThat(report.status()).isEqualTo(RunStatus.FAILED);
        assertThat(report.message()).contains("state store could not be reached");
        assertThat(target.writeCount()).isZero();
    }

    @Test
    void staleLeaseCannotWriteState() {
        Lease old = store.tryAcquire(SYNC, "a", Duration.ofMinutes(1), CLOCK.instant()).orElseThrow();
        store.expireLease(SYNC);
        Lease fresh = store.tryAcquire(SYNC, "b", Duration.ofMinutes(1), CLOCK.instant()).orElseThrow();
        assertThat(fresh.fencingToken()).isGreaterThan(old.fencingToken());
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> store.saveCursor(old, io.rostersync.model.Cursor.of("x"), "fp"))
                .isInstanceOf(StaleLeaseException.class);
    }

    @Test
    void listenerSeesReadPlanProgressAndTheEnd() {
        runner().run(RunOptions.defaults());
        assertThat(listener.events()).contains("source-read 2", "source-read 3", "planned 3", "applied 3/3", "finished SUCCEEDED");
        assertThat(listener.progress()).isEqualTo("3/3");
    }

    @Test
    void dryRunWritesNothing() {
        SyncReport report = runner().run(RunOptions.defaults().withDryRun());
        assertThat(report.planned()).containsEntry(ActionKind.CREATE, 3);
        assertThat(target.size()).isZero();
        assertThat(store.links(SYNC).size()).isZero();
    }

    @Test
    void seatsRunningOutAreReportedAsShortfallsNotFailures() {
        InMemoryLicensePool pool = InMemoryLicensePool.of("seats", 2);
        SyncRunner runner = SyncRunner.builder().syncId(SYNC).source(source).target(target)
                .policy(SyncPolicy.builder().license(LicenseRule.everyone("seats")).build())
                .stateStore(store).licensePool(pool).clock(CLOCK).build();
        SyncReport report = runner.run(RunOptions.defaults());
        assertThat(report.status()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(pool.snapshot().assignees()).hasSize(2);
        assertThat(report.conflicts()).singleElement().satisfies(c -> {
            assertThat(c.kind()).isEqualTo(ConflictKind.LICENSE_SHORTFALL);
            assertThat(c.users().get(0).label()).isEqualTo("cho@example.com");
        });
        assertThat(report.summary()).contains("conflicts 1");
    }

    @Test
    void deletingAGoneUserAlsoForgetsItsLink() {
        SyncPolicy deleting = SyncPolicy.builder().onGone(Deprovision.DELETE).deletionGuard(DeletionGuard.of(5, 0.5)).build();
        runner(deleting).run(RunOptions.defaults());
        NativeId bob = source.findByEmail("bob@example.com").orElseThrow().id();
        source.remove(bob);
        SyncReport report = runner(deleting).run(RunOptions.defaults().withForceFull());
        assertThat(report.status()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(report.planned()).containsEntry(ActionKind.DELETE, 1);
        assertThat(target.findByEmail("bob@example.com")).isEmpty();
        assertThat(store.links(SYNC).bySource(bob)).isEmpty();
    }

    @Test
    void batchingDirectoryGetsCreatesInBatches() {
        target = InMemoryUserDirectory.builder("batching").maxBatchSize(2).build();
        SyncReport report = runner().run(RunOptions.defaults());
        assertThat(report.applied()).isEqualTo(3);
        assertThat(target.all()).hasSize(3);
        assertThat(target.batchSizes()).containsExactly(2, 1);
    }

    @Test
    void permissionGrantsForNewAccountsAreBatchedToo() {
        target = InMemoryUserDirectory.builder("batching").maxBatchSize(2).build();
        SyncPolicy policy = SyncPolicy.builder().permissions(io.rostersync.policy.RuleBasedPermissionMapper.builder()
                .otherwise("Agent Set").build()).build();
        SyncReport report = runner(policy).run(RunOptions.defaults());
        assertThat(report.planned()).containsEntry(ActionKind.GRANT_PERMISSION, 3);
        assertThat(report.applied()).isEqualTo(6);
        assertThat(target.batchSizes()).containsExactly(2, 1, 2, 1);
        assertThat(target.all()).allMatch(u -> u.roles().contains("Agent Set"));
    }

    /** Hands seats to an in-memory pool, remembering each batch and refusing the users it is told to. */
    private static class BatchRecordingPool implements LicensePool {
        final InMemoryLicensePool seats;
        final List<List<NativeId>> assignBatches = new ArrayList<>();
        final List<List<NativeId>> revokeBatches = new ArrayList<>();
        final List<NativeId> refused = new ArrayList<>();

        BatchRecordingPool(int entitlement) {
            seats = InMemoryLicensePool.of("seats", entitlement);
        }

        @Override
        public String licenseId() {
            return seats.licenseId();
        }

        @Override
        public LicenseSnapshot snapshot() {
            return seats.snapshot();
        }

        @Override
        public void assign(NativeId user) {
            throw new AssertionError("the executor must assign through assignAll");
        }

        @Override
        public void revoke(NativeId user) {
            throw new AssertionError("the executor must revoke through revokeAll");
        }

        @Override
        public List<Optional<WriteFailure>> assignAll(List<NativeId> users) {
            assignBatches.add(List.copyOf(users));
            List<Optional<WriteFailure>> out = new ArrayList<>();
            for (NativeId u : users) {
                if (refused.contains(u)) {
                    out.add(Optional.of(WriteFailure.of(FailureKind.VALIDATION, "refused by the test")));
                } else {
                    seats.assign(u);
                    out.add(Optional.empty());
                }
            }
            return out;
        }

        @Override
        public List<Optional<WriteFailure>> revokeAll(List<NativeId> users) {
            revokeBatches.add(List.copyOf(users));
            users.forEach(seats::revoke);
            return users.stream().map(u -> Optional.<WriteFailure>empty()).toList();
        }
    }

    private SyncRunner licensed(LicensePool pool, LicenseRule rule) {
        return SyncRunner.builder().syncId(SYNC).source(source).target(target)
                .policy(SyncPolicy.builder().license(rule).build())
                .stateStore(store).licensePool(pool).clock(CLOCK).listener(listener).build();
    }

    @Test
    void seatsForNewAccountsGoToThePoolInOneBatchWithOneOutcomePerUser() {
        BatchRecordingPool pool = new BatchRecordingPool(10);
        SyncReport report = licensed(pool, LicenseRule.everyone("seats")).run(RunOptions.defaults());
        assertThat(report.status()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(report.planned()).containsEntry(ActionKind.ASSIGN_LICENSE, 3);
        assertThat(pool.assignBatches).singleElement().satisfies(batch -> assertThat(batch).hasSize(3));
        assertThat(pool.assignBatches.get(0)).containsExactlyInAnyOrderElementsOf(target.all().stream().map(UserRecord::id).toList());
        assertThat(report.applied()).isEqualTo(6);
    }

    @Test
    void aUserRefusedASeatInABatchFailsAloneAndTheNextRunRetriesOnlyThem() {
        BatchRecordingPool pool = new BatchRecordingPool(10);
        licensed(pool, LicenseRule.everyone("seats")).run(RunOptions.defaults());
        // Start again with Bob refused: his seat fails, the others' are given.
        BatchRecordingPool picky = new BatchRecordingPool(10);
        NativeId bob = target.all().stream().filter(u -> u.profile().email().map(e -> e.value()).orElse("").equals("bob@example.com")).findFirst().orElseThrow().id();
        picky.refused.add(bob);
        SyncReport report = licensed(picky, LicenseRule.everyone("seats")).run(RunOptions.defaults().withForceFull());
        assertThat(report.status()).isEqualTo(RunStatus.PARTIAL);
        assertThat(report.failures()).singleElement().satisfies(f -> assertThat(f.kind()).isEqualTo(FailureKind.VALIDATION));
        assertThat(picky.snapshot().assignees()).hasSize(2).doesNotContain(bob);

        picky.refused.clear();
        SyncReport retry = licensed(picky, LicenseRule.everyone("seats")).run(RunOptions.defaults().withForceFull());
        assertThat(retry.status()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(picky.assignBatches.get(1)).containsExactly(bob);
    }

    @Test
    void seatsOfUsersNoLongerEligibleAreRevokedInOneBatch() {
        BatchRecordingPool pool = new BatchRecordingPool(10);
        licensed(pool, LicenseRule.everyone("seats")).run(RunOptions.defaults());
        SyncReport report = licensed(pool, LicenseRule.forUsers("seats", "nobody", u -> false)).run(RunOptions.defaults().withForceFull());
        assertThat(report.planned()).containsEntry(ActionKind.REVOKE_LICENSE, 3);
        assertThat(pool.revokeBatches).singleElement().satisfies(batch -> assertThat(batch).hasSize(3));
        assertThat(pool.snapshot().assignees()).isEmpty();
    }

    @Test
    void aPoolAnsweringTheWrongNumberOfResultsFailsThatBatchOnly() {
        BatchRecordingPool wrong = new BatchRecordingPool(10) {
            @Override
            public List<Optional<WriteFailure>> assignAll(List<NativeId> users) {
                return List.of(Optional.empty());
            }
        };
        SyncReport report = licensed(wrong, LicenseRule.everyone("seats")).run(RunOptions.defaults());
        assertThat(report.status()).isEqualTo(RunStatus.PARTIAL);
        assertThat(target.all()).hasSize(3);
        assertThat(report.failures()).hasSize(3).allSatisfy(f -> assertThat(f.kind()).isEqualTo(FailureKind.INVALID_RESPONSE));
    }
}
