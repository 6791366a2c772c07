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
import io.rostersync.policy.Field;
import io.rostersync.policy.IdentityMatchers;
import io.rostersync.policy.LicenseRule;
import io.rostersync.policy.Ownership;
import io.rostersync.policy.PolicyFingerprint;
import io.rostersync.policy.Scope;
import io.rostersync.policy.SyncPolicy;
import io.rostersync.spi.ActionKind;
import io.rostersync.spi.ConflictKind;
import io.rostersync.spi.IdentityMatcher;
import io.rostersync.spi.MatchContext;
import io.rostersync.spi.MatchKey;
import io.rostersync.spi.MatchResult;
import io.rostersync.spi.PlanMode;
import io.rostersync.spi.RunStatus;
import io.rostersync.spi.SyncReport;
import io.rostersync.spi.WaitingUser;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Incremental runs see what changed on our side: a changed policy makes the next run full, and users
 * waiting for a seat are planned again on every run and listed while they wait.
 */
class IncrementalRunsSeeOurChangesTest {

    private static final SyncId SYNC = SyncId.of("ours");

    private InMemoryUserDirectory source;
    private InMemoryUserDirectory target;
    private InMemorySyncStateStore store;
    private Instant now = Instant.parse("2026-06-01T12:00:00Z");
    private UserRecord ann;
    private UserRecord bob;
    private UserRecord cho;

    @BeforeEach
    void setUp() {
        source = InMemoryUserDirectory.create("source");
        target = InMemoryUserDirectory.create("target");
        store = new InMemorySyncStateStore();
        ann = source.add(profile("ann@example.com"));
        bob = source.add(profile("bob@example.com"));
        cho = source.add(profile("cho@example.com"));
    }

    private static UserProfile profile(String email) {
        return UserProfile.builder().email(email).firstName("F").lastName("L").build();
    }

    private SyncReport run(SyncPolicy policy, InMemoryLicensePool... pools) {
        now = now.plusSeconds(60);
        SyncRunner.Builder b = SyncRunner.builder().syncId(SYNC).source(source).target(target).policy(policy).stateStore(store)
                .clock(Clock.fixed(now, ZoneOffset.UTC));
        for (InMemoryLicensePool p : pools) {
            b.licensePool(p);
        }
        return b.build().run(RunOptions.defaults());
    }

    private static SyncPolicy selecting(UserRecord... users) {
        return SyncPolicy.builder().scope(Scope.selection(java.util.Arrays.stream(users).map(UserRecord::id)
                .collect(java.util.stream.Collectors.toSet()))).build();
    }

    @Test
    void addingAUserToTheSelectionIsPickedUpByTheNextRun() {
        assertThat(run(selecting(ann, bob)).status()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(run(selecting(ann, bob)).mode()).isEqualTo(PlanMode.INCREMENTAL);

        SyncReport report = run(selecting(ann, bob, cho));

        assertThat(report.mode()).isEqualTo(PlanMode.FULL);
        assertThat(report.message()).contains("full read because the policy changed since the cursor was stored (scope)");
        assertThat(report.planned()).containsEntry(ActionKind.CREATE, 1);
        assertThat(target.findByEmail("cho@example.com")).isPresent();
        assertThat(run(selecting(ann, bob, cho)).mode()).as("stored with the new cursor").isEqualTo(PlanMode.INCREMENTAL);
    }

    @Test
    void swappingOneSelectedUserForAnotherOfTheSameCountIsAChangeToo() {
        run(selecting(ann, bob));
        SyncReport report = run(selecting(ann, cho));

        assertThat(report.mode()).isEqualTo(PlanMode.FULL);
        assertThat(target.findByEmail("cho@example.com")).isPresent();
        assertThat(target.findByEmail("bob@example.com").orElseThrow().status()).isEqualTo(UserStatus.INACTIVE);
    }

    @Test
    void aChangedMatcherOwnershipOrHostVersionMakesTheNextRunFullAndSaysWhich() {
        SyncPolicy base = SyncPolicy.defaults();
        run(base);
        assertThat(run(base).mode()).isEqualTo(PlanMode.INCREMENTAL);

        SyncReport matcher = run(base.toBuilder().matcher(IdentityMatchers.chain(IdentityMatchers.byLink(), IdentityMatchers.byUsername())).build());
        assertThat(matcher.mode()).isEqualTo(PlanMode.FULL);
        assertThat(matcher.message()).contains("(matching)");

        SyncPolicy owned = base.toBuilder().matcher(IdentityMatchers.chain(IdentityMatchers.byLink(), IdentityMatchers.byUsername()))
                .own(Field.GROUPS, Ownership.ALWAYS).version("host-7").build();
        SyncReport both = run(owned);
        assertThat(both.mode()).isEqualTo(PlanMode.FULL);
        assertThat(both.message()).contains("(ownership, version)");
    }

    @Test
    void aPolicyBuiltAgainWithNewLambdasAndMatcherInstancesKeepsItsFingerprint() {
        Supplier<SyncPolicy> build = () -> SyncPolicy.builder()
                .scope(Scope.matching("agents", u -> u.roles().contains("agent")).and(Scope.roles(Set.of("Agent", "Admin"))))
                .matcher(IdentityMatchers.chain(IdentityMatchers.byLink(), IdentityMatchers.bySourceIdIn("tdId"), new HostMatcher()))
                .license(LicenseRule.forUsers("seats", "agents", u -> true))
                .profileMapper((s, t) -> s.profile())
                .permissionProduct(u -> "voice")
                .build();

        PolicyFingerprint first = build.get().fingerprint();
        assertThat(build.get().fingerprint()).isEqualTo(first);
        assertThat(first.changedSince(first.value())).isEmpty();
        assertThat(first.changedSince("garbage")).contains("scope", "version");
        assertThat(first.value().length()).isLessThan(200);
    }

    @Test
    void aSelectionIsFingerprintedByItsContentsNotItsSize() {
        assertThat(selecting(ann, bob).fingerprint()).isNotEqualTo(selecting(ann, cho).fingerprint());
        assertThat(selecting(ann, bob).fingerprint()).isEqualTo(selecting(bob, ann).fingerprint());
        // Ids that would read alike if simply joined are still told apart.
        Scope joinedA = Scope.selection(Set.of(NativeId.of("a;b"), NativeId.of("c")));
        Scope joinedB = Scope.selection(Set.of(NativeId.of("a"), NativeId.of("b;c")));
        assertThat(SyncPolicy.builder().scope(joinedA).build().fingerprint())
                .isNotEqualTo(SyncPolicy.builder().scope(joinedB).build().fingerprint());
    }

    @Test
    void anEntitlementRaisedAfterAShortfallGivesTheSeatOnAQuietIncrementalRun() {
        InMemoryLicensePool seats = InMemoryLicensePool.of("seats", 2);
        SyncPolicy policy = SyncPolicy.builder().license(LicenseRule.everyone("seats")).build();
        SyncReport first = run(policy, seats);
        assertThat(first.waitingForSeat()).singleElement().satisfies(c -> {
            assertThat(c.kind()).isEqualTo(ConflictKind.LICENSE_SHORTFALL);
            assertThat(c.users().get(0).label()).isEqualTo("cho@example.com");
        });
        assertThat(store.waitingUsers(SYNC)).extracting(WaitingUser::sourceId).containsExactly(cho.id());
        Instant since = store.waitingUsers(SYNC).get(0).since();

        SyncReport quiet = run(policy, seats);
        assertThat(quiet.mode()).isEqualTo(PlanMode.INCREMENTAL);
        assertThat(quiet.waitingForSeat()).as("listed on every run while waiting").hasSize(1);
        assertThat(store.waitingUsers(SYNC)).singleElement().satisfies(w -> assertThat(w.since()).isEqualTo(since));

        seats.setEntitlement(3);
        SyncReport raised = run(policy, seats);

        assertThat(raised.mode()).isEqualTo(PlanMode.INCREMENTAL);
        assertThat(raised.status()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(raised.planned()).containsEntry(ActionKind.ASSIGN_LICENSE, 1);
        assertThat(seats.snapshot().assignees()).contains(target.findByEmail("cho@example.com").orElseThrow().id());
        assertThat(raised.waitingForSeat()).isEmpty();
        assertThat(store.waitingUsers(SYNC)).isEmpty();
    }

    @Test
    void aWaitingUserRemovedFromTheSourceStopsWaitingAndIsDeprovisionedByTheChangeSet() {
        InMemoryLicensePool seats = InMemoryLicensePool.of("seats", 2);
        SyncPolicy policy = SyncPolicy.builder().license(LicenseRule.everyone("seats")).build();
        run(policy, seats);
        source.remove(cho.id());

        SyncReport report = run(policy, seats);

        assertThat(report.mode()).isEqualTo(PlanMode.INCREMENTAL);
        assertThat(report.waitingForSeat()).isEmpty();
        assertThat(store.waitingUsers(SYNC)).isEmpty();
        assertThat(target.findByEmail("cho@example.com").orElseThrow().status()).isEqualTo(UserStatus.INACTIVE);
    }

    @Test
    void aWaitingUserChangedInTheSourceIsPlannedFromTheChangeNotFromTheEarlierRead() {
        InMemoryLicensePool seats = InMemoryLicensePool.of("seats", 2);
        SyncPolicy policy = SyncPolicy.builder().license(LicenseRule.everyone("seats")).build();
        run(policy, seats);
        source.update(cho.id(), UserPatch.builder().lastName("Changed").build());
        seats.setEntitlement(3);

        SyncReport report = run(policy, seats);

        assertThat(report.mode()).isEqualTo(PlanMode.INCREMENTAL);
        assertThat(target.findByEmail("cho@example.com").orElseThrow().lastName()).isEqualTo("Changed");
        assertThat(report.planned()).containsEntry(ActionKind.ASSIGN_LICENSE, 1).containsEntry(ActionKind.UPDATE, 1);
        assertThat(report.waitingForSeat()).isEmpty();
    }

    @Test
    void aRenewedLicenseGivesSeatsToUsersWhoWaitedOnItsExpiry() {
        Instant expiry = now.plusSeconds(30);
        InMemoryLicensePool seats = new InMemoryLicensePool("seats", 5, Optional.of(expiry), Clock.fixed(now, ZoneOffset.UTC));
        SyncPolicy policy = SyncPolicy.builder().license(LicenseRule.everyone("seats")).build();
        SyncReport expired = run(policy, seats);
        assertThat(expired.waitingForSeat()).hasSize(3).allSatisfy(c -> assertThat(c.kind()).isEqualTo(ConflictKind.LICENSE_EXPIRED));

        seats.setExpiry(Optional.empty());
        SyncReport renewed = run(policy, seats);

        assertThat(renewed.mode()).isEqualTo(PlanMode.INCREMENTAL);
        assertThat(renewed.planned()).containsEntry(ActionKind.ASSIGN_LICENSE, 3);
        assertThat(renewed.waitingForSeat()).isEmpty();
    }

    @Test
    void aWaitingListTooLongToReadBackOneByOneMakesTheRunFullInstead() {
        for (int i = 0; i < 200; i++) {
            source.add(profile(String.format("w%03d@example.com", i)));
        }
        InMemoryLicensePool seats = InMemoryLicensePool.of("seats", 2);
        SyncPolicy policy = SyncPolicy.builder().license(LicenseRule.everyone("seats")).build();
        assertThat(run(policy, seats).waitingForSeat()).hasSize(201);

        SyncReport next = run(policy, seats);

        assertThat(next.mode()).isEqualTo(PlanMode.FULL);
        assertThat(next.message()).contains("201 users wait for a seat");
        assertThat(next.waitingForSeat()).hasSize(201);
    }

    /** A host's own matcher: a named class without a toString, seen by its class name. */
    private static final class HostMatcher implements IdentityMatcher {
        @Override
        public List<MatchKey> keys() {
            return List.of(IdentityMatchers.emailKey());
        }

        @Override
        public MatchResult match(UserRecord source, MatchContext context) {
            return MatchResult.unmatched();
        }
    }
}
