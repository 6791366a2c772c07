package io.rostersync.testkit.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.rostersync.engine.ApplyOptions;
import io.rostersync.engine.PlanRejectedException;
import io.rostersync.engine.RunOptions;
import io.rostersync.engine.SyncRunner;
import io.rostersync.json.PlanFormatException;
import io.rostersync.json.PlanJson;
import io.rostersync.model.SyncId;
import io.rostersync.model.UserProfile;
import io.rostersync.model.UserRecord;
import io.rostersync.model.UserStatus;
import io.rostersync.plan.Plan;
import io.rostersync.plan.PlanDigest;
import io.rostersync.plan.PlanKey;
import io.rostersync.policy.DeletionGuard;
import io.rostersync.policy.Scope;
import io.rostersync.policy.SyncPolicy;
import io.rostersync.spi.ActionKind;
import io.rostersync.spi.Capability;
import io.rostersync.spi.FailureKind;
import io.rostersync.spi.RunStatus;
import io.rostersync.spi.SyncReport;
import io.rostersync.testkit.InMemorySyncStateStore;
import io.rostersync.testkit.InMemoryUserDirectory;
import io.rostersync.testkit.ManualClock;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A plan stored for approval and applied later is checked against the world as it is then. Each test edits
 * or replays a plan the way the outside review did; each failed before (the executor trusted the plan).
 */
class StoredPlanIsCheckedWhenAppliedTest {

    private static final SyncId SYNC = SyncId.of("hr-to-app");
    private static final Instant T0 = Instant.parse("2026-06-01T09:00:00Z");
    private static final PlanKey KEY = PlanKey.of("0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.US_ASCII));

    private final ManualClock clock = new ManualClock(T0);
    private InMemoryUserDirectory source;
    private InMemoryUserDirectory target;
    private InMemorySyncStateStore store;

    @BeforeEach
    void setUp() {
        source = InMemoryUserDirectory.builder("hr").idPrefix("hr-").build();
        // A directory that lets duplicates in, so only the executor's own check can stop a second account.
        target = InMemoryUserDirectory.builder("app").idPrefix("app-").uniqueEmails(false).uniqueUsernames(false).build();
        store = new InMemorySyncStateStore();
    }

    private SyncRunner runner(SyncPolicy policy) {
        return runner(policy, target, SYNC);
    }

    private SyncRunner runner(SyncPolicy policy, InMemoryUserDirectory to, SyncId sync) {
        return SyncRunner.builder().syncId(sync).source(source).target(to).policy(policy).stateStore(store).clock(clock).build();
    }

    private static UserProfile person(String email, String first, String last) {
        return UserProfile.builder().email(email).firstName(first).lastName(last).build();
    }

    /** The plan as the host would store it and read it back. */
    private static Plan stored(Plan plan) {
        return PlanJson.readPlan(PlanJson.write(plan));
    }

    @Test
    void anAccountAnAdminCreatedMeanwhileIsAdoptedNotDuplicated() {
        source.add(person("ann@corp.example", "Ann", "Lee"));
        Plan plan = stored(runner(SyncPolicy.defaults()).plan(RunOptions.defaults()));
        assertThat(plan.counts()).containsEntry(ActionKind.CREATE, 1);
        UserRecord byHand = target.add(person("Ann@Corp.example", "Ann", "L."));

        SyncReport report = runner(SyncPolicy.defaults()).apply(plan, ApplyOptions.defaults());

        assertThat(report.status()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(target.allWithEmail("ann@corp.example")).hasSize(1);
        assertThat(target.get(byHand.id()).orElseThrow().profile().lastName()).isEqualTo("Lee");
        assertThat(store.links(SYNC).byTarget(byHand.id())).isPresent();
    }

    @Test
    void anAccountCreatedMeanwhileForSomeoneElseIsAConflictNotASecondAccount() {
        SyncPolicy byEmail = SyncPolicy.defaults(); // link, then email
        source.add(UserProfile.builder().email("john@corp.example").username("jsmith").firstName("John").lastName("Smith").build());
        Plan plan = stored(runner(byEmail).plan(RunOptions.defaults()));
        UserRecord jane = target.add(UserProfile.builder().email("jane@corp.example").username("jsmith").firstName("Jane")
                .lastName("Smith").role("Admin").build());

        SyncReport report = runner(byEmail).apply(plan, ApplyOptions.defaults());

        assertThat(report.status()).isEqualTo(RunStatus.PARTIAL);
        assertThat(report.failures()).extracting(f -> f.kind()).containsExactly(FailureKind.CONFLICT);
        assertThat(target.all()).containsExactly(jane);
    }

    @Test
    void anEditedPlanCannotDeactivateAProtectedOwner() {
        SyncPolicy policy = SyncPolicy.builder().authoritative(true)
                .protectTargets(Scope.matching("owners", u -> u.roles().contains("Owner")))
                .deletionGuard(DeletionGuard.disabled()).build();
        UserRecord owner = target.add(UserProfile.builder().email("owner@corp.example").firstName("O").lastName("Wner")
                .role("Owner").build());
        UserRecord stray = target.add(person("stray@corp.example", "S", "Tray"));
        source.add(person("ann@corp.example", "Ann", "Lee"));
        String json = PlanJson.write(runner(policy).plan(RunOptions.defaults()));
        assertThat(json).contains(stray.id().value()).doesNotContain(owner.id().value());
        // The stray's deactivation, copied onto the owner.
        String edited = json.replace("\"target\" : \"" + stray.id().value() + "\"", "\"target\" : \"" + owner.id().value() + "\"");

        SyncReport report = runner(policy).apply(PlanJson.readPlan(edited), ApplyOptions.defaults());

        assertThat(target.get(owner.id()).orElseThrow().status()).isEqualTo(UserStatus.ACTIVE);
        assertThat(report.status()).isEqualTo(RunStatus.PARTIAL);
        assertThat(report.failures()).anySatisfy(f -> {
            assertThat(f.action()).isEqualTo(ActionKind.DEACTIVATE);
            assertThat(f.message()).contains("protected by the policy (owners)");
        });
    }

    @Test
    void anEditedPlanCannotDeleteWhatThePolicyNeverDeletesNorDoWhatTheTargetCannot() {
        InMemoryUserDirectory noDelete = InMemoryUserDirectory.builder("app").idPrefix("app-").without(Capability.DELETE).build();
        SyncPolicy policy = SyncPolicy.builder().authoritative(true).deletionGuard(DeletionGuard.disabled()).build();
        UserRecord stray = noDelete.add(person("stray@corp.example", "S", "Tray"));
        source.add(person("ann@corp.example", "Ann", "Lee"));
        String json = PlanJson.write(runner(policy, noDelete, SYNC).plan(RunOptions.defaults()));
        String edited = json.replace("\"kind\" : \"DEACTIVATE\"", "\"kind\" : \"DELETE\"");
        assertThat(edited).isNotEqualTo(json);

        SyncReport report = runner(policy, noDelete, SYNC).apply(PlanJson.readPlan(edited), ApplyOptions.defaults());
        assertThat(noDelete.get(stray.id())).isPresent();
        assertThat(report.failures()).anySatisfy(f -> {
            assertThat(f.action()).isEqualTo(ActionKind.DELETE);
            assertThat(f.kind()).isEqualTo(FailureKind.UNSUPPORTED);
        });

        InMemoryUserDirectory canDelete = InMemoryUserDirectory.builder("app").idPrefix("app-").build();
        UserRecord other = canDelete.add(person("stray@corp.example", "S", "Tray"));
        SyncReport second = runner(policy, canDelete, SyncId.of("other")).apply(PlanJson.readPlan(edited.replace(
                "\"syncId\" : \"hr-to-app\"", "\"syncId\" : \"other\"")), ApplyOptions.defaults());
        assertThat(canDelete.get(other.id())).isPresent();
        assertThat(second.failures()).anySatisfy(f -> assertThat(f.message()).contains("the policy deletes nobody"));
    }

    @Test
    void anEditedManagedUsersCountDoesNotGetPastTheGuard() {
        // Held when over both limits: 3 of 4 is over 1 and over 25%, but 3 of an edited 100,000 would not be.
        SyncPolicy policy = SyncPolicy.builder().deletionGuard(DeletionGuard.of(1, 0.25)).build();
        for (int i = 0; i < 4; i++) {
            source.add(person("u" + i + "@corp.example", "U", "" + i));
        }
        assertThat(runner(policy).run(RunOptions.defaults()).status()).isEqualTo(RunStatus.SUCCEEDED);
        source.all().stream().limit(3).forEach(u -> source.remove(u.id()));
        String json = PlanJson.write(runner(policy).plan(RunOptions.defaults()));
        assertThat(json).contains("\"managedUsers\" : 4");
        String edited = json.replace("\"managedUsers\" : 4", "\"managedUsers\" : 100000");

        runner(policy).apply(PlanJson.readPlan(edited), ApplyOptions.defaults());

        assertThat(target.all()).extracting(UserRecord::status).containsOnly(UserStatus.ACTIVE);
    }

    @Test
    void aPlanForOneDirectoryOrSyncIsRefusedByAnother() {
        source.add(person("ann@corp.example", "Ann", "Lee"));
        Plan plan = stored(runner(SyncPolicy.defaults()).plan(RunOptions.defaults()));
        InMemoryUserDirectory other = InMemoryUserDirectory.builder("app-eu").idPrefix("eu-").build();

        assertThatThrownBy(() -> runner(SyncPolicy.defaults(), other, SYNC).apply(plan, ApplyOptions.defaults()))
                .isInstanceOfSatisfying(PlanRejectedException.class,
                        e -> assertThat(e.reason()).isEqualTo(PlanRejectedException.Reason.WRONG_TARGET))
                .hasMessageContaining("app-eu");
        assertThatThrownBy(() -> runner(SyncPolicy.defaults(), target, SyncId.of("someone-else")).apply(plan, ApplyOptions.defaults()))
                .isInstanceOfSatisfying(PlanRejectedException.class,
                        e -> assertThat(e.reason()).isEqualTo(PlanRejectedException.Reason.WRONG_SYNC));
        Plan outsideAnySync = new Plan(plan.mode(), plan.plannedAt(), plan.source(), plan.target(), plan.actions(),
                plan.conflicts(), plan.stats(), plan.nextCursor(), plan.readProblems());
        assertThatThrownBy(() -> runner(SyncPolicy.defaults()).apply(outsideAnySync, ApplyOptions.defaults()))
                .isInstanceOfSatisfying(PlanRejectedException.class,
                        e -> assertThat(e.reason()).isEqualTo(PlanRejectedException.Reason.WRONG_SYNC));
        assertThat(other.writeCount()).isZero();
        assertThat(target.writeCount()).isZero();
        // Refused before the lease was taken, or with the lease given back: the next run is not busy.
        assertThat(runner(SyncPolicy.defaults()).run(RunOptions.defaults()).status()).isEqualTo(RunStatus.SUCCEEDED);
    }

    @Test
    void aPlanOlderThanTheHostAllowsIsRefused() {
        source.add(person("ann@corp.example", "Ann", "Lee"));
        Plan plan = stored(runner(SyncPolicy.defaults()).plan(RunOptions.defaults()));
        clock.advance(Duration.ofHours(25));
        ApplyOptions dayOld = ApplyOptions.defaults().withMaxAge(Duration.ofHours(24));
        assertThatThrownBy(() -> runner(SyncPolicy.defaults()).apply(plan, dayOld))
                .isInstanceOfSatisfying(PlanRejectedException.class,
                        e -> assertThat(e.reason()).isEqualTo(PlanRejectedException.Reason.TOO_OLD));
        assertThat(target.writeCount()).isZero();
        assertThat(runner(SyncPolicy.defaults()).apply(plan, ApplyOptions.defaults().withMaxAge(Duration.ofHours(26))).status())
                .isEqualTo(RunStatus.SUCCEEDED);
    }

    @Test
    void anUnsignedPlanIsRefusedWhereADigestIsRequired() {
        source.add(person("ann@corp.example", "Ann", "Lee"));
        Plan plan = stored(runner(SyncPolicy.defaults()).plan(RunOptions.defaults()));
        assertThatThrownBy(() -> runner(SyncPolicy.defaults()).apply(plan, ApplyOptions.defaults().requiringDigest(KEY)))
                .isInstanceOfSatisfying(PlanRejectedException.class,
                        e -> assertThat(e.reason()).isEqualTo(PlanRejectedException.Reason.DIGEST_MISSING));
        Plan otherKey = PlanDigest.sign(plan, PlanKey.of(new byte[32]));
        assertThatThrownBy(() -> runner(SyncPolicy.defaults()).apply(otherKey, ApplyOptions.defaults().requiringDigest(KEY)))
                .isInstanceOfSatisfying(PlanRejectedException.class,
                        e -> assertThat(e.reason()).isEqualTo(PlanRejectedException.Reason.DIGEST_MISMATCH));
        assertThat(target.writeCount()).isZero();
    }

    @Test
    void everySingleByteFlippedInASignedPlanIsRefusedOrChangesNothing() {
        SyncPolicy policy = SyncPolicy.builder().deletionGuard(DeletionGuard.disabled()).build();
        source.add(person("ann@corp.example", "Ann", "Lee"));
        source.add(UserProfile.builder().email("bob@corp.example").username("bob").firstName("Bob").lastName("Ray").role("Agent").build());
        target.add(person("gone@corp.example", "Gone", "Away"));
        Plan signed = PlanDigest.sign(runner(policy).plan(RunOptions.defaults()), KEY);
        byte[] bytes = PlanJson.write(signed).getBytes(StandardCharsets.UTF_8);
        int formatErrors = 0;
        int digestRefusals = 0;
        int sameContent = 0;
        for (int i = 0; i < bytes.length; i++) {
            byte[] flipped = Arrays.copyOf(bytes, bytes.length);
            flipped[i] ^= 0x01;
            Plan read;
            try {
                read = PlanJson.readPlan(new String(flipped, StandardCharsets.UTF_8));
            } catch (PlanFormatException e) {
                formatErrors++;
                continue;
            }
            if (read.equals(signed)) {
                sameContent++; // the flip touched nothing the plan means (such as indentation)
                continue;
            }
            Plan edited = read;
            assertThatThrownBy(() -> runner(policy).apply(edited, ApplyOptions.defaults().requiringDigest(KEY)))
                    .as("byte %d flipped", i).isInstanceOf(PlanRejectedException.class);
            digestRefusals++;
        }
        assertThat(target.writeCount()).as("nothing edited was applied").isZero();
        assertThat(formatErrors + digestRefusals + sameContent).isEqualTo(bytes.length);
        assertThat(digestRefusals).as("flips that still parse and are caught by the digest alone").isGreaterThan(bytes.length / 10);
        // The untouched plan goes through.
        assertThat(runner(policy).apply(PlanJson.readPlan(new String(bytes, StandardCharsets.UTF_8)),
                ApplyOptions.defaults().requiringDigest(KEY)).status()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(target.findByEmail("ann@corp.example")).isPresent();
    }

    @Test
    void aStoredPlanAppliedTwiceCreatesNobodyTwice() {
        source.add(person("ann@corp.example", "Ann", "Lee"));
        Plan plan = stored(runner(SyncPolicy.defaults()).plan(RunOptions.defaults()));
        assertThat(runner(SyncPolicy.defaults()).apply(plan, ApplyOptions.defaults()).status()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(runner(SyncPolicy.defaults()).apply(plan, ApplyOptions.defaults()).status()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(target.allWithEmail("ann@corp.example")).hasSize(1);
        assertThat(List.copyOf(store.links(SYNC).all())).hasSize(1);
    }
}
