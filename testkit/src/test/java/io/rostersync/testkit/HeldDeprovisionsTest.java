package io.rostersync.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import io.rostersync.engine.RunOptions;
import io.rostersync.engine.SyncRunner;
import io.rostersync.model.NativeId;
import io.rostersync.model.SyncId;
import io.rostersync.model.UserPatch;
import io.rostersync.model.UserProfile;
import io.rostersync.model.UserRecord;
import io.rostersync.model.UserStatus;
import io.rostersync.policy.LicenseRule;
import io.rostersync.policy.Scope;
import io.rostersync.policy.SyncPolicy;
import io.rostersync.spi.Conflict;
import io.rostersync.spi.HeldDeprovision;
import io.rostersync.spi.PlanMode;
import io.rostersync.spi.RunStatus;
import io.rostersync.spi.SyncReport;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The deletion guard holds the deprovisions beyond its limit and lets the rest of the plan through; held
 * deprovisions are named in the report, kept in the store and applied only when the host releases them.
 */
class HeldDeprovisionsTest {

    private static final SyncId SYNC = SyncId.of("held");
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-06-01T12:00:00Z"), ZoneOffset.UTC);

    private InMemoryUserDirectory source;
    private InMemoryUserDirectory target;
    private InMemorySyncStateStore store;

    @BeforeEach
    void setUp() {
        source = InMemoryUserDirectory.builder("source").pageSize(7).build();
        target = InMemoryUserDirectory.create("target");
        store = new InMemorySyncStateStore();
    }

    private List<UserRecord> team(int size) {
        List<UserRecord> users = new ArrayList<>();
        for (int i = 0; i < size; i++) {
            users.add(source.add(UserProfile.builder().email(String.format("u%03d@example.com", i))
                    .firstName("User").lastName("N" + i).build()));
        }
        return users;
    }

    private SyncReport run(SyncPolicy policy, RunOptions options) {
        return SyncRunner.builder().syncId(SYNC).source(source).target(target).policy(policy).stateStore(store)
                .clock(CLOCK).build().run(options);
    }

    private SyncReport run(RunOptions options) {
        return run(SyncPolicy.defaults(), options);
    }

    private UserStatus targetStatus(String email) {
        return target.findByEmail(email).orElseThrow().status();
    }

    private NativeId targetId(String email) {
        return target.findByEmail(email).orElseThrow().id();
    }

    private static Set<String> heldLabels(SyncReport report) {
        return report.held().stream().map(c -> c.users().get(0).label()).collect(Collectors.toCollection(LinkedHashSet::new));
    }

    private long inactive() {
        return target.all().stream().filter(u -> u.status() == UserStatus.INACTIVE).count();
    }

    @Test
    void aRenameAppliesWhileAMassDeactivationIsHeld() {
        List<UserRecord> users = team(100);
        assertThat(run(RunOptions.defaults()).status()).isEqualTo(RunStatus.SUCCEEDED);
        for (int i = 0; i < 60; i++) {
            source.remove(users.get(i).id());
        }
        source.update(users.get(99).id(), UserPatch.builder().lastName("Renamed").build());

        SyncReport report = run(RunOptions.defaults());

        assertThat(report.status()).as(report.summary()).isEqualTo(RunStatus.HELD);
        assertThat(target.findByEmail("u099@example.com").orElseThrow().lastName()).isEqualTo("Renamed");
        assertThat(inactive()).isZero();
        assertThat(report.held()).hasSize(60);
        assertThat(heldLabels(report)).first().isEqualTo("u000@example.com");
        assertThat(report.held().get(0).users().get(0).targetId()).contains(targetId("u000@example.com"));
        assertThat(report.failures()).isEmpty();
        assertThat(report.message()).contains("60 deprovisions are held");
        assertThat(store.heldDeprovisions(SYNC)).hasSize(60)
                .allSatisfy(h -> assertThat(h.heldSince()).isEqualTo(CLOCK.instant()));
        assertThat(report.summary()).contains("DEPROVISION_HELD");
    }

    @Test
    void aHeldWipeDoesNotTrickleThroughOnLaterRuns() {
        List<UserRecord> users = team(100);
        run(RunOptions.defaults());
        for (int i = 0; i < 60; i++) {
            source.remove(users.get(i).id());
        }
        run(RunOptions.defaults());

        for (int k = 0; k < 3; k++) {
            SyncReport again = run(RunOptions.defaults());
            assertThat(again.status()).isEqualTo(RunStatus.HELD);
            assertThat(again.mode()).as("a held list makes every run read in full").isEqualTo(PlanMode.FULL);
            assertThat(again.message()).contains("full read because 60 deprovisions are held");
            assertThat(again.held()).hasSize(60);
        }
        assertThat(inactive()).isZero();
    }

    @Test
    void defaultsLetOneOfThreeBeDeselectedAndStillHoldAllButOneOfTen() {
        List<UserRecord> three = team(3);
        Set<NativeId> selected = three.stream().map(UserRecord::id).collect(Collectors.toSet());
        assertThat(run(SyncPolicy.builder().scope(Scope.selection(selected)).build(), RunOptions.defaults()).status())
                .isEqualTo(RunStatus.SUCCEEDED);

        Set<NativeId> fewer = new HashSet<>(selected);
        fewer.remove(three.get(0).id());
        SyncReport deselected = run(SyncPolicy.builder().scope(Scope.selection(fewer)).build(), RunOptions.defaults());

        assertThat(deselected.status()).as(deselected.summary()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(targetStatus("u000@example.com")).isEqualTo(UserStatus.INACTIVE);
        assertThat(inactive()).isEqualTo(1);
    }

    @Test
    void deselectingOneOfTenAppliesAndAllButOneOfTenIsHeld() {
        List<UserRecord> ten = team(10);
        Set<NativeId> all = ten.stream().map(UserRecord::id).collect(Collectors.toSet());
        run(SyncPolicy.builder().scope(Scope.selection(all)).build(), RunOptions.defaults());

        Set<NativeId> nine = new HashSet<>(all);
        nine.remove(ten.get(4).id());
        SyncReport one = run(SyncPolicy.builder().scope(Scope.selection(nine)).build(), RunOptions.defaults());
        assertThat(one.status()).as(one.summary()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(targetStatus("u004@example.com")).isEqualTo(UserStatus.INACTIVE);

        SyncReport allButOne = run(SyncPolicy.builder().scope(Scope.selection(Set.of(ten.get(9).id()))).build(), RunOptions.defaults());
        assertThat(allButOne.status()).as(allButOne.summary()).isEqualTo(RunStatus.HELD);
        // 8 more would go: more than 3 and more than 10%, so all 8 are held.
        assertThat(inactive()).isEqualTo(1);
        assertThat(allButOne.held()).hasSize(8);
    }

    @Test
    void aReleaseOfNamedUsersDeprovisionsOnlyThemAndAReleaseOfAllTheRest() {
        List<UserRecord> users = team(20);
        run(RunOptions.defaults());
        for (int i = 0; i < 10; i++) {
            source.remove(users.get(i).id());
        }
        SyncReport held = run(RunOptions.defaults());
        assertThat(heldLabels(held)).containsExactly("u000@example.com", "u001@example.com", "u002@example.com",
                "u003@example.com", "u004@example.com", "u005@example.com", "u006@example.com", "u007@example.com",
                "u008@example.com", "u009@example.com");

        NativeId u005 = targetId("u005@example.com");
        NativeId u008 = targetId("u008@example.com");
        SyncReport released = run(RunOptions.defaults().withHeldReleased(Set.of(u005, u008)));

        assertThat(released.status()).as(released.summary()).isEqualTo(RunStatus.HELD);
        assertThat(targetStatus("u005@example.com")).isEqualTo(UserStatus.INACTIVE);
        assertThat(targetStatus("u008@example.com")).isEqualTo(UserStatus.INACTIVE);
        assertThat(inactive()).isEqualTo(2);
        assertThat(heldLabels(released)).containsExactly("u000@example.com", "u001@example.com", "u002@example.com",
                "u003@example.com", "u004@example.com", "u006@example.com", "u007@example.com", "u009@example.com");
        assertThat(store.heldDeprovisions(SYNC)).extracting(HeldDeprovision::targetId).doesNotContain(u005, u008);

        SyncReport rest = run(RunOptions.defaults().withHeldReleased());
        assertThat(rest.status()).as(rest.summary()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(inactive()).isEqualTo(10);
        assertThat(rest.held()).isEmpty();
        assertThat(store.heldDeprovisions(SYNC)).isEmpty();
        assertThat(run(RunOptions.defaults()).mode()).isEqualTo(PlanMode.INCREMENTAL);
    }

    @Test
    void releasingAnAccountThatWasNeverHeldDoesNothingForItAndSaysSo() {
        List<UserRecord> users = team(20);
        run(RunOptions.defaults());
        for (int i = 0; i < 10; i++) {
            source.remove(users.get(i).id());
        }
        run(RunOptions.defaults());
        SyncReport report = run(RunOptions.defaults().withHeldReleased(Set.of(NativeId.of("nobody"))));

        assertThat(report.message()).contains("[nobody], which no earlier run held");
        assertThat(report.held()).hasSize(10);
        assertThat(inactive()).isZero();
    }

    @Test
    void aNewDeprovisionIsNotReleasedByAReleaseOfEverythingHeldBefore() {
        List<UserRecord> users = team(20);
        run(RunOptions.defaults());
        for (int i = 0; i < 10; i++) {
            source.remove(users.get(i).id());
        }
        run(RunOptions.defaults()); // all 10 held
        for (int i = 10; i < 15; i++) {
            source.remove(users.get(i).id());
        }

        SyncReport report = run(RunOptions.defaults().withHeldReleased());

        // The 10 released apply; the 5 new ones are weighed by the guard: more than 3, so all 5 are held.
        assertThat(report.status()).as(report.summary()).isEqualTo(RunStatus.HELD);
        assertThat(inactive()).isEqualTo(10);
        assertThat(heldLabels(report)).containsExactly("u010@example.com", "u011@example.com", "u012@example.com",
                "u013@example.com", "u014@example.com");
    }

    @Test
    void aHeldUserWhoComesBackIsDroppedFromTheHeldList() {
        List<UserRecord> users = team(20);
        run(RunOptions.defaults());
        for (int i = 0; i < 10; i++) {
            source.deactivate(users.get(i).id());
        }
        assertThat(run(RunOptions.defaults()).held()).hasSize(10);
        assertThat(inactive()).isZero();

        for (int i = 0; i < 10; i++) {
            source.reactivate(users.get(i).id());
        }
        SyncReport back = run(RunOptions.defaults());

        assertThat(back.status()).as(back.summary()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(back.held()).isEmpty();
        assertThat(store.heldDeprovisions(SYNC)).isEmpty();
        assertThat(inactive()).isZero();
    }

    @Test
    void anEmptySourceIsStillRefusedWholeEvenWithEverythingHeldReleased() {
        List<UserRecord> users = team(20);
        run(RunOptions.defaults());
        for (int i = 0; i < 10; i++) {
            source.remove(users.get(i).id());
        }
        run(RunOptions.defaults());
        users.subList(10, 20).forEach(u -> source.remove(u.id()));
        int writes = target.writeCount();

        SyncReport report = run(RunOptions.defaults().withHeldReleased());

        assertThat(report.status()).isEqualTo(RunStatus.REFUSED_BY_GUARD);
        assertThat(report.message()).contains("no users at all");
        assertThat(target.writeCount()).isEqualTo(writes);
        assertThat(report.held()).as("still named while refused").hasSize(10);
        assertThat(store.heldDeprovisions(SYNC)).hasSize(10);
    }

    @Test
    void anIncompleteReadDeprovisionsNobodyForAbsenceAndKeepsTheHeldList() {
        List<UserRecord> users = team(20);
        run(RunOptions.defaults());
        for (int i = 0; i < 10; i++) {
            source.remove(users.get(i).id());
        }
        run(RunOptions.defaults());
        // A source whose read reports a problem: the planner deprovisions nobody for being absent.
        SyncReport report = SyncRunner.builder().syncId(SYNC).source(new ProblemReadingDirectory(source)).target(target)
                .stateStore(store).clock(CLOCK).build().run(RunOptions.defaults().withHeldReleased());

        assertThat(report.status()).as(report.summary()).isEqualTo(RunStatus.PARTIAL);
        assertThat(inactive()).isZero();
        assertThat(store.heldDeprovisions(SYNC)).hasSize(10);
        assertThat(report.held()).hasSize(10);
    }

    /** The source's users, with one record it could not read. */
    private static final class ProblemReadingDirectory implements io.rostersync.spi.UserDirectory {
        private final InMemoryUserDirectory delegate;

        ProblemReadingDirectory(InMemoryUserDirectory delegate) {
            this.delegate = delegate;
        }

        @Override
        public String name() {
            return "source";
        }

        @Override
        public Set<io.rostersync.spi.Capability> capabilities() {
            return Set.of(io.rostersync.spi.Capability.READ);
        }

        @Override
        public io.rostersync.spi.UserPages readAll() {
            io.rostersync.spi.UserPage page = new io.rostersync.spi.UserPage(List.of(delegate.all().get(0)), List.of(),
                    List.of(new io.rostersync.spi.ReadProblem("page 2", "the vendor answered 502")), java.util.Optional.empty());
            return io.rostersync.spi.UserPages.of(List.of(page));
        }

        @Override
        public java.util.Optional<UserRecord> get(NativeId id) {
            return delegate.get(id);
        }
    }

    @Test
    void aDryRunSaysWhatWouldBeHeldAndWritesNothing() {
        List<UserRecord> users = team(20);
        run(RunOptions.defaults());
        for (int i = 0; i < 10; i++) {
            source.remove(users.get(i).id());
        }
        SyncReport dry = run(RunOptions.defaults().withDryRun());

        assertThat(dry.message()).contains("all 10 are held");
        assertThat(inactive()).isZero();
        assertThat(store.heldDeprovisions(SYNC)).isEmpty();
    }

    @Test
    void aHeldAccountKeepsItsSeat() {
        InMemoryLicensePool seats = InMemoryLicensePool.of("seats", 20);
        SyncPolicy policy = SyncPolicy.builder().license(LicenseRule.everyone("seats")).build();
        List<UserRecord> users = team(20);
        SyncRunner.builder().syncId(SYNC).source(source).target(target).policy(policy).stateStore(store).licensePool(seats)
                .clock(CLOCK).build().run(RunOptions.defaults());
        assertThat(seats.snapshot().consumed()).isEqualTo(20);
        for (int i = 0; i < 10; i++) {
            source.remove(users.get(i).id());
        }

        SyncReport report = SyncRunner.builder().syncId(SYNC).source(source).target(target).policy(policy).stateStore(store)
                .licensePool(seats).clock(CLOCK).build().run(RunOptions.defaults());

        assertThat(report.status()).as(report.summary()).isEqualTo(RunStatus.HELD);
        assertThat(seats.snapshot().consumed()).as("held accounts keep their seats").isEqualTo(20);
        assertThat(seats.snapshot().assignees()).contains(targetId("u009@example.com"));
        List<Conflict> held = report.held();
        assertThat(held).hasSize(10);
    }
}
