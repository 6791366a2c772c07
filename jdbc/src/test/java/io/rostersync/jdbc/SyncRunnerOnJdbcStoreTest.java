package io.rostersync.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import io.rostersync.engine.RunOptions;
import io.rostersync.engine.SyncRunner;
import io.rostersync.model.NativeId;
import io.rostersync.model.SyncId;
import io.rostersync.model.UserRecord;
import io.rostersync.model.UserStatus;
import io.rostersync.spi.HeldDeprovision;
import io.rostersync.jdbc.JdbcSyncStateStore;
import io.rostersync.spi.PlanMode;
import io.rostersync.spi.RunStatus;
import io.rostersync.spi.SyncReport;
import io.rostersync.testkit.InMemoryUserDirectory;
import io.rostersync.testkit.RosterGenerator;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;
import io.rostersync.engine.Schedule;
import io.rostersync.spi.ScheduleState;
import io.rostersync.testkit.ManualClock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

class SyncRunnerOnJdbcStoreTest {

    @Test
    void runsEndToEndAndResumesIncrementallyFromTheStoredCursor() {
        JdbcDataSource ds = new JdbcDataSource();
        ds.setURL("jdbc:h2:mem:runner-e2e;DB_CLOSE_DELAY=-1");
        JdbcSyncStateStore store = JdbcSyncStateStore.create(ds);
        store.migrate();
        InMemoryUserDirectory source = InMemoryUserDirectory.create("source");
        InMemoryUserDirectory target = InMemoryUserDirectory.create("target");
        new RosterGenerator(7).profiles(40).forEach(source::add);
        SyncRunner runner = SyncRunner.builder().syncId(SyncId.of("jdbc-e2e")).source(source).target(target).stateStore(store).build();

        SyncReport first = runner.run(RunOptions.defaults());
        assertThat(first.status()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(store.links(SyncId.of("jdbc-e2e")).size()).isEqualTo(40);
        assertThat(store.lastReport(SyncId.of("jdbc-e2e"))).contains(first);

        SyncReport second = runner.run(RunOptions.defaults());
        assertThat(second.mode()).isEqualTo(PlanMode.INCREMENTAL);
        assertThat(second.plannedTotal()).isZero();
    }

    @Test
    void heldDeprovisionsSurviveARestartAndARunAfterItReleasesOnlyTheNamedOnes() {
        JdbcDataSource ds = new JdbcDataSource();
        ds.setURL("jdbc:h2:mem:runner-held;DB_CLOSE_DELAY=-1");
        JdbcSyncStateStore before = JdbcSyncStateStore.create(ds);
        before.migrate();
        SyncId sync = SyncId.of("jdbc-held");
        InMemoryUserDirectory source = InMemoryUserDirectory.create("source");
        InMemoryUserDirectory target = InMemoryUserDirectory.create("target");
        List<UserRecord> people = new ArrayList<>();
        new RosterGenerator(11).profiles(30).forEach(p -> people.add(source.add(p.toBuilder().status(UserStatus.ACTIVE).build())));
        SyncRunner first = SyncRunner.builder().syncId(sync).source(source).target(target).stateStore(before).build();
        assertThat(first.run(RunOptions.defaults()).status()).isEqualTo(RunStatus.SUCCEEDED);
        people.subList(0, 12).forEach(u -> source.remove(u.id()));
        SyncReport held = first.run(RunOptions.defaults());
        assertThat(held.status()).as(held.summary()).isEqualTo(RunStatus.HELD);
        assertThat(held.held()).hasSize(12);
        assertThat(before.lastReport(sync)).contains(held);

        // A new process: a new store over the same database, a new runner.
        JdbcSyncStateStore after = JdbcSyncStateStore.create(ds);
        assertThat(after.migrate()).isEqualTo(JdbcSyncStateStore.LATEST_VERSION);
        List<HeldDeprovision> stored = after.heldDeprovisions(sync);
        assertThat(stored).hasSize(12);
        NativeId first2 = stored.get(0).targetId();
        NativeId last = stored.get(11).targetId();
        SyncRunner restarted = SyncRunner.builder().syncId(sync).source(source).target(target).stateStore(after).build();

        SyncReport released = restarted.run(RunOptions.defaults().withHeldReleased(Set.of(first2, last)));

        assertThat(released.status()).as(released.summary()).isEqualTo(RunStatus.HELD);
        assertThat(target.get(first2).orElseThrow().status()).isEqualTo(UserStatus.INACTIVE);
        assertThat(target.get(last).orElseThrow().status()).isEqualTo(UserStatus.INACTIVE);
        assertThat(target.all().stream().filter(u -> u.status() == UserStatus.INACTIVE)).hasSize(2);
        assertThat(after.heldDeprovisions(sync)).hasSize(10).extracting(HeldDeprovision::targetId).doesNotContain(first2, last)
                .containsExactlyElementsOf(stored.subList(1, 11).stream().map(HeldDeprovision::targetId).toList());
        assertThat(after.heldDeprovisions(sync)).allSatisfy(h -> assertThat(h.heldSince()).isEqualTo(stored.get(0).heldSince()));
    }

    @Test
    void aRestartedProcessKeepsTheCadenceOfFullReadsAndTheNextDueTimeFromTheDatabase() {
        JdbcDataSource ds = new JdbcDataSource();
        ds.setURL("jdbc:h2:mem:runner-schedule;DB_CLOSE_DELAY=-1");
        JdbcSyncStateStore before = JdbcSyncStateStore.create(ds);
        before.migrate();
        SyncId sync = SyncId.of("jdbc-schedule");
        InMemoryUserDirectory source = InMemoryUserDirectory.create("source");
        InMemoryUserDirectory target = InMemoryUserDirectory.create("target");
        new RosterGenerator(13).profiles(10).forEach(source::add);
        Instant t0 = Instant.parse("2026-06-01T00:00:00Z");
        ManualClock clock = new ManualClock(t0);
        Schedule hourly = Schedule.every(Duration.ofHours(1)).withJitter(0).withFullEvery(3, Duration.ofDays(1));
        SyncRunner first = SyncRunner.builder().syncId(sync).source(source).target(target).stateStore(before).clock(clock).build();
        assertThat(first.runIfDue(hourly)).hasValueSatisfying(r -> assertThat(r.mode()).isEqualTo(PlanMode.FULL));
        clock.advance(Duration.ofHours(1));
        assertThat(first.runIfDue(hourly)).hasValueSatisfying(r -> assertThat(r.mode()).isEqualTo(PlanMode.INCREMENTAL));

        // A new process: a new store over the same database, a new runner.
        JdbcSyncStateStore after = JdbcSyncStateStore.create(ds);
        SyncRunner restarted = SyncRunner.builder().syncId(sync).source(source).target(target).stateStore(after).clock(clock).build();
        assertThat(restarted.scheduleState()).isEqualTo(new ScheduleState(Optional.of(t0), Optional.of(t0.plus(Duration.ofHours(1))),
                1, Optional.of(t0.plus(Duration.ofHours(2)))));
        clock.advance(Duration.ofMinutes(30));
        assertThat(restarted.runIfDue(hourly)).as("not due for another half hour").isEmpty();
        clock.advance(Duration.ofMinutes(30));
        assertThat(restarted.runIfDue(hourly)).hasValueSatisfying(r -> assertThat(r.mode()).isEqualTo(PlanMode.INCREMENTAL));
        clock.advance(Duration.ofHours(1));
        assertThat(restarted.runIfDue(hourly)).as("every third run reads in full").hasValueSatisfying(
                r -> assertThat(r.mode()).isEqualTo(PlanMode.FULL));
    }
}
