package io.rostersync.testkit.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.rostersync.engine.ActionOutcome;
import io.rostersync.engine.ApplyResult;
import io.rostersync.engine.Executor;
import io.rostersync.engine.PlanInput;
import io.rostersync.engine.Reconciler;
import io.rostersync.engine.RunOptions;
import io.rostersync.engine.SyncRunner;
import io.rostersync.model.NativeId;
import io.rostersync.model.SyncId;
import io.rostersync.model.UserProfile;
import io.rostersync.model.UserRecord;
import io.rostersync.model.UserStatus;
import io.rostersync.plan.Plan;
import io.rostersync.policy.Deprovision;
import io.rostersync.policy.Field;
import io.rostersync.policy.LicenseRule;
import io.rostersync.policy.Ownership;
import io.rostersync.policy.Reactivation;
import io.rostersync.policy.RuleBasedPermissionMapper;
import io.rostersync.policy.SyncPolicy;
import io.rostersync.spi.ActionKind;
import io.rostersync.spi.FailureKind;
import io.rostersync.spi.Lease;
import io.rostersync.spi.Link;
import io.rostersync.spi.PermissionApplication;
import io.rostersync.spi.RunStatus;
import io.rostersync.spi.SyncReport;
import io.rostersync.testkit.InMemoryLicensePool;
import io.rostersync.testkit.InMemorySyncStateStore;
import io.rostersync.testkit.InMemoryUserDirectory;
import io.rostersync.testkit.ManualClock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A create that meets an existing account adopts it only when the policy's matcher matches it, and then
 * brings it up to date in the same run. Every test here failed before: the engine took the directory's word
 * (or the userName) for who the holder was.
 */
class AdoptionIsMatchingTest {

    private static final SyncId SYNC = SyncId.of("hr-to-app");
    private static final Instant T0 = Instant.parse("2026-06-01T09:00:00Z");

    private final ManualClock clock = new ManualClock(T0);
    private InMemoryUserDirectory source;
    private InMemoryUserDirectory target;
    private InMemorySyncStateStore store;

    @BeforeEach
    void setUp() {
        source = InMemoryUserDirectory.builder("hr").idPrefix("hr-").build();
        target = InMemoryUserDirectory.builder("app").idPrefix("app-").build();
        store = new InMemorySyncStateStore();
    }

    private static UserProfile.Builder person(String email, String username, String first, String last) {
        return UserProfile.builder().email(email).username(username).firstName(first).lastName(last);
    }

    private SyncRunner runner(SyncPolicy policy, InMemoryLicensePool... pools) {
        SyncRunner.Builder b = SyncRunner.builder().syncId(SYNC).source(source).target(target).policy(policy).stateStore(store).clock(clock);
        for (InMemoryLicensePool pool : pools) {
            b.licensePool(pool);
        }
        return b.build();
    }

    @Test
    void theJsmithTakeoverIsAConflictAndTheHolderIsUntouched() {
        // A different person already holds the username "jsmith", with an Admin role and another email.
        UserRecord jane = target.add(person("jane.smith@corp.example", "jsmith", "Jane", "Smith").role("Admin").build());
        source.add(person("john.smith@corp.example", "jsmith", "John", "Smith").role("Agent").build());
        SyncPolicy policy = SyncPolicy.builder()
                .permissions(RuleBasedPermissionMapper.builder().whenRoleContains("Admin", "Admin")
                        .otherwise("Agent").application(PermissionApplication.ENFORCED).build())
                .build();

        SyncReport report = runner(policy).run(RunOptions.defaults());

        assertThat(report.status()).isEqualTo(RunStatus.PARTIAL);
        // The create is the conflict; the grant planned for the new account has nothing to apply to.
        assertThat(report.failures()).extracting(f -> f.action() + ":" + f.kind())
                .containsExactly("CREATE:CONFLICT", "GRANT_PERMISSION:NOT_FOUND");
        var failure = report.failures().get(0);
        assertThat(failure.action()).isEqualTo(ActionKind.CREATE);
        assertThat(failure.kind()).isEqualTo(FailureKind.CONFLICT);
        assertThat(failure.message()).contains("john.smith@corp.example").contains("jane.smith@corp.example").contains(jane.id().value())
                .contains("nothing was linked");
        assertThat(target.all()).containsExactly(jane); // same name, email, Admin role and status: not a byte changed
        assertThat(store.links(SYNC).size()).isZero();
    }

    @Test
    void aMatchingHolderLinkedToAnotherSourceUserIsAConflictNeverTransient() {
        SyncPolicy policy = SyncPolicy.defaults();
        UserRecord newcomer = source.add(person("ann@corp.example", "ann", "Ann", "Lee").build());
        // The plan is made while nobody holds Ann's email...
        Plan plan = plan(policy, List.of(newcomer), List.of());
        // ...then, before it is applied, her address turns up on an account another source user is linked to.
        UserRecord holder = target.add(person("ann@corp.example", "ann.old", "Ann", "Lee").build());
        Lease lease = store.tryAcquire(SYNC, "setup", Duration.ofMinutes(30), T0).orElseThrow();
        store.saveLink(lease, Link.of(NativeId.of("hr-other"), holder.id()));

        ApplyResult result = executor(policy, lease).apply(plan, policy.deletionGuard(), false);

        ActionOutcome create = only(result, ActionKind.CREATE);
        assertThat(create.status()).isEqualTo(ActionOutcome.Status.FAILED);
        assertThat(create.failure().orElseThrow().kind()).isEqualTo(FailureKind.CONFLICT);
        assertThat(create.failure().orElseThrow().message()).contains("already linked to source account hr-other");
        assertThat(store.links(SYNC).bySource(newcomer.id())).isEmpty();
        assertThat(target.all()).containsExactly(holder);
    }

    @Test
    void aGenuinelyMatchingHolderIsAdoptedAndBroughtUpToDateInTheSameRun() {
        InMemoryLicensePool seats = InMemoryLicensePool.of("seats", 5);
        SyncPolicy policy = SyncPolicy.builder()
                .license(LicenseRule.everyone("seats"))
                .permissions(RuleBasedPermissionMapper.builder().whenRoleContains("Admin", "Admin")
                        .otherwise("Agent").application(PermissionApplication.ENFORCED).build())
                .build();
        UserRecord ann = source.add(person("ann@corp.example", "ann", "Ann", "Newname").role("Agent").build());
        Plan plan = plan(policy, List.of(ann), List.of(), seats);
        assertThat(plan.counts()).containsEntry(ActionKind.CREATE, 1).containsEntry(ActionKind.ASSIGN_LICENSE, 1)
                .containsEntry(ActionKind.GRANT_PERMISSION, 1);
        // An admin created her account by hand meanwhile: same email, old last name, and an Admin role she must not keep.
        UserRecord holder = target.add(person("ann@corp.example", "ann", "Ann", "Oldname").role("Admin").build());
        Lease lease = store.tryAcquire(SYNC, "runner", Duration.ofMinutes(30), T0).orElseThrow();

        ApplyResult result = executor(policy, lease, seats).apply(plan, policy.deletionGuard(), false);

        assertThat(only(result, ActionKind.CREATE).status()).isEqualTo(ActionOutcome.Status.ADOPTED);
        assertThat(only(result, ActionKind.CREATE).note().orElseThrow()).contains(holder.id().value()).contains("email");
        assertThat(result.unsuccessful()).isEmpty();
        assertThat(target.size()).isEqualTo(1);
        UserRecord now = target.get(holder.id()).orElseThrow();
        assertThat(now.profile().lastName()).isEqualTo("Newname");
        assertThat(now.roles()).containsExactly("Agent");
        assertThat(seats.snapshot().assignees()).containsExactly(holder.id());
        assertThat(store.links(SYNC).bySource(ann.id()).map(Link::targetId)).contains(holder.id());
        // The plan's grant and seat, decided for a new account, were decided again for the account as it is.
        assertThat(result.withStatus(ActionOutcome.Status.SUPERSEDED)).extracting(o -> o.action().kind())
                .containsExactlyInAnyOrder(ActionKind.ASSIGN_LICENSE, ActionKind.GRANT_PERMISSION);
        // A second run finds nothing left to do.
        assertThat(runner(policy, seats).plan(RunOptions.defaults()).isEmpty()).isTrue();
    }

    @Test
    void anAdoptedInactiveAccountIsKeptInactiveAndTakesNoSeat() {
        InMemoryLicensePool seats = InMemoryLicensePool.of("seats", 5);
        SyncPolicy policy = SyncPolicy.builder().license(LicenseRule.everyone("seats")).build();
        UserRecord ann = source.add(person("ann@corp.example", "ann", "Ann", "Lee").build());
        Plan plan = plan(policy, List.of(ann), List.of(), seats);
        UserRecord holder = target.add(person("ANN@corp.example", "ann", "Ann", "Lee").status(UserStatus.INACTIVE).build());
        Lease lease = store.tryAcquire(SYNC, "runner", Duration.ofMinutes(30), T0).orElseThrow();

        ApplyResult result = executor(policy, lease, seats).apply(plan, policy.deletionGuard(), false);

        assertThat(only(result, ActionKind.CREATE).status()).isEqualTo(ActionOutcome.Status.ADOPTED);
        assertThat(target.get(holder.id()).orElseThrow().status()).isEqualTo(UserStatus.INACTIVE);
        assertThat(seats.snapshot().assignees()).isEmpty();
        assertThat(target.size()).isEqualTo(1);
    }

    @Test
    void underReactivationAlwaysAnAdoptedInactiveAccountIsReactivated() {
        SyncPolicy policy = SyncPolicy.builder().reactivation(Reactivation.ALWAYS).build();
        UserRecord ann = source.add(person("ann@corp.example", "ann", "Ann", "Lee").build());
        Plan plan = plan(policy, List.of(ann), List.of());
        UserRecord holder = target.add(person("ann@corp.example", "ann", "Ann", "Lee").status(UserStatus.INACTIVE).build());
        Lease lease = store.tryAcquire(SYNC, "runner", Duration.ofMinutes(30), T0).orElseThrow();

        ApplyResult result = executor(policy, lease).apply(plan, policy.deletionGuard(), false);

        assertThat(result.outcomes()).extracting(o -> o.action().kind() + ":" + o.status())
                .containsExactly("CREATE:ADOPTED", "REACTIVATE:APPLIED");
        assertThat(target.get(holder.id()).orElseThrow().status()).isEqualTo(UserStatus.ACTIVE);
    }

    @Test
    void aBatchOfCreatesWithMixedOutcomesDecidesEachUserOnItsOwn() {
        SyncPolicy policy = SyncPolicy.defaults();
        UserRecord fresh1 = source.add(person("new1@corp.example", "new1", "New", "One").build());
        UserRecord fresh2 = source.add(person("new2@corp.example", "new2", "New", "Two").build());
        UserRecord genuine = source.add(person("ann@corp.example", "ann", "Ann", "Lee").build());
        UserRecord jsmith = source.add(person("john.smith@corp.example", "jsmith", "John", "Smith").build());
        UserRecord claimed = source.add(person("bob@corp.example", "bob", "Bob", "Ray").build());
        UserRecord broken = source.add(person("fails@corp.example", "fails", "Fay", "Ils").build());
        Plan plan = plan(policy, List.of(fresh1, fresh2, genuine, jsmith, claimed, broken), List.of());
        UserRecord annHolder = target.add(person("ann@corp.example", "ann.lee", "Ann", "Leigh").build());
        UserRecord janeHolder = target.add(person("jane.smith@corp.example", "JSmith", "Jane", "Smith").role("Admin").build());
        UserRecord bobHolder = target.add(person("bob@corp.example", "bob", "Bob", "Ray").build());
        target.failWritesFor("fails@corp.example", FailureKind.VALIDATION);
        Lease lease = store.tryAcquire(SYNC, "runner", Duration.ofMinutes(30), T0).orElseThrow();
        store.saveLink(lease, Link.of(NativeId.of("hr-elsewhere"), bobHolder.id()));
        int batchesBefore = target.batchSizes().size();

        ApplyResult result = executor(policy, lease).apply(plan, policy.deletionGuard(), false);

        assertThat(target.batchSizes().subList(batchesBefore, target.batchSizes().size())).containsExactly(6);
        Map<String, String> byUser = result.outcomes().stream().filter(o -> o.action().kind() == ActionKind.CREATE)
                .collect(Collectors.toMap(o -> o.action().user().sourceId().orElseThrow().value(),
                        o -> o.status() + o.failure().map(f -> ":" + f.kind()).orElse("")));
        assertThat(byUser).containsExactlyInAnyOrderEntriesOf(Map.of(
                fresh1.id().value(), "APPLIED", fresh2.id().value(), "APPLIED", genuine.id().value(), "ADOPTED",
                jsmith.id().value(), "FAILED:CONFLICT", claimed.id().value(), "FAILED:CONFLICT",
                broken.id().value(), "FAILED:VALIDATION"));
        assertThat(target.get(annHolder.id()).orElseThrow().profile().lastName()).isEqualTo("Lee"); // adopted, then updated
        assertThat(target.get(janeHolder.id())).contains(janeHolder);
        assertThat(target.get(bobHolder.id())).contains(bobHolder);
        assertThat(target.size()).isEqualTo(5);
        assertThat(store.links(SYNC).all()).extracting(l -> l.sourceId().value()).containsExactlyInAnyOrder(
                "hr-elsewhere", fresh1.id().value(), fresh2.id().value(), genuine.id().value());
    }

    @Test
    void aLookupThatFindsNobodyAfterARefusedCreateLinksNobody() {
        // A directory that refuses the create as a duplicate but whose lookup finds no holder (a case-sensitive
        // lookup, an account being deleted): a conflict to look at, never a guess.
        InMemoryUserDirectory blind = InMemoryUserDirectory.builder("app").idPrefix("app-").build();
        // The refusing directory can only create, so the policy asks nothing else of it.
        SyncPolicy policy = SyncPolicy.builder().own(Field.EMAIL, Ownership.NEVER).own(Field.USERNAME, Ownership.NEVER)
                .own(Field.FIRST_NAME, Ownership.NEVER).own(Field.LAST_NAME, Ownership.NEVER)
                .onGone(Deprovision.LEAVE).onOutOfScope(Deprovision.LEAVE).build();
        UserRecord ann = source.add(person("ann@corp.example", "ann", "Ann", "Lee").build());
        Plan plan = plan(policy, List.of(ann), List.of());
        io.rostersync.spi.UserDirectory refusing = new io.rostersync.spi.UserDirectory() {
            @Override
            public String name() {
                return "app";
            }

            @Override
            public java.util.Set<io.rostersync.spi.Capability> capabilities() {
                return java.util.EnumSet.of(io.rostersync.spi.Capability.READ, io.rostersync.spi.Capability.CREATE);
            }

            @Override
            public io.rostersync.spi.UserPages readAll() {
                return blind.readAll();
            }

            @Override
            public Optional<UserRecord> get(NativeId id) {
                return Optional.empty();
            }

            @Override
            public io.rostersync.spi.WriteResult create(UserProfile profile, io.rostersync.spi.CreateOptions options) {
                return io.rostersync.spi.WriteResult.failed(FailureKind.ALREADY_EXISTS, "409 uniqueness");
            }

            @Override
            public List<UserRecord> findExisting(UserProfile profile) {
                return List.of();
            }
        };
        Lease lease = store.tryAcquire(SYNC, "runner", Duration.ofMinutes(30), T0).orElseThrow();
        ApplyResult result = Executor.builder().target(refusing).stateStore(store).lease(lease).policy(policy).clock(clock).build()
                .apply(plan, policy.deletionGuard(), false);
        assertThat(only(result, ActionKind.CREATE).failure().orElseThrow().kind()).isEqualTo(FailureKind.CONFLICT);
        assertThat(store.links(SYNC).size()).isZero();
    }

    // ---- helpers ---------------------------------------------------------------------------------

    private Plan plan(SyncPolicy policy, List<UserRecord> sources, List<UserRecord> targets, InMemoryLicensePool... pools) {
        PlanInput.Builder input = PlanInput.builder().source(sources).target(targets).links(store.links(SYNC))
                .now(clock.instant()).names(source.name(), target.name()).syncId(SYNC);
        for (InMemoryLicensePool pool : pools) {
            input.license(pool.snapshot());
        }
        return new Reconciler(policy).plan(input.build());
    }

    private Executor executor(SyncPolicy policy, Lease lease, InMemoryLicensePool... pools) {
        Executor.Builder b = Executor.builder().target(target).stateStore(store).lease(lease).policy(policy).clock(clock);
        for (InMemoryLicensePool pool : pools) {
            b.licensePool(pool);
        }
        return b.build();
    }

    private static ActionOutcome only(ApplyResult result, ActionKind kind) {
        List<ActionOutcome> found = result.outcomes().stream().filter(o -> o.action().kind() == kind).toList();
        assertThat(found).as("outcomes of kind " + kind).hasSize(1);
        return found.get(0);
    }
}
