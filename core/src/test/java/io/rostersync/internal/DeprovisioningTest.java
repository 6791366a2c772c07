package io.rostersync.internal;

import io.rostersync.spi.ReasonCode;
import io.rostersync.spi.Reason;
import static io.rostersync.internal.Users.active;
import static io.rostersync.internal.Users.user;
import static org.assertj.core.api.Assertions.assertThat;

import io.rostersync.internal.index.TargetIndex;
import io.rostersync.model.NativeId;
import io.rostersync.model.UserRecord;
import io.rostersync.model.UserStatus;
import io.rostersync.plan.PlanAction;
import io.rostersync.policy.Deprovision;
import io.rostersync.policy.LicenseRule;
import io.rostersync.policy.Scope;
import io.rostersync.policy.SyncPolicy;
import io.rostersync.spi.ActionKind;
import io.rostersync.spi.Conflict;
import io.rostersync.spi.ConflictKind;
import io.rostersync.spi.LicenseSnapshot;
import io.rostersync.spi.Link;
import io.rostersync.spi.Links;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

class DeprovisioningTest {

    private static final NativeId S1 = NativeId.of("s1");
    private static final Reason GONE = Reason.of(ReasonCode.GONE_FROM_SOURCE);

    private static Deprovisioning deprovisioning(SyncPolicy policy, String... seatHolders) {
        TreeSet<NativeId> held = new TreeSet<>();
        for (String h : seatHolders) {
            held.add(NativeId.of(h));
        }
        LicenseSnapshot seats = new LicenseSnapshot("seats", 10, held.size(), Optional.empty(), held);
        LicenseAllocation licenses = new LicenseAllocation(policy, () -> Map.of("seats", seats), Instant.EPOCH);
        return new Deprovisioning(policy, licenses, new PermissionPlanning(policy));
    }

    @Test
    void leaveDecidesNothing() {
        assertThat(deprovisioning(SyncPolicy.defaults()).deprovision(S1, active("t1", "a@example.com"), Deprovision.LEAVE, GONE)).isNull();
    }

    @Test
    void deleteSaysThePolicyDeletesAndReleasesTheSeat() {
        SyncPolicy policy = SyncPolicy.builder().license(LicenseRule.everyone("seats")).build();

        Decision d = deprovisioning(policy, "t1").deprovision(S1, active("t1", "a@example.com"), Deprovision.DELETE, GONE);

        assertThat(d).isNotNull();
        assertThat(d.deleted).isTrue();
        assertThat(d.actions).extracting(PlanAction::kind).containsExactly(ActionKind.REVOKE_LICENSE, ActionKind.DELETE);
        assertThat(d.actions.get(1).reasons()).containsExactly(GONE, Reason.of(ReasonCode.POLICY_DELETES));
    }

    @Test
    void anAlreadyInactiveAccountWithNoSeatNeedsNoDeactivation() {
        UserRecord inactive = user("t1", "a@example.com", UserStatus.INACTIVE);

        assertThat(deprovisioning(SyncPolicy.defaults()).deprovision(S1, inactive, Deprovision.DEACTIVATE, GONE)).isNull();
    }

    @Test
    void deferringDropsTheDeactivationButKeepsTheSeatReleaseAndListsTheUser() {
        SyncPolicy policy = SyncPolicy.builder().license(LicenseRule.everyone("seats")).build();
        Decision d = deprovisioning(policy, "t1").deprovision(S1, active("t1", "a@example.com"), Deprovision.DEACTIVATE, GONE);
        List<Conflict> conflicts = new ArrayList<>();

        Deprovisioning.defer(d, conflicts);

        assertThat(d.actions).extracting(PlanAction::kind).containsExactly(ActionKind.REVOKE_LICENSE);
        assertThat(d.deprovisioned).isFalse();
        assertThat(d.finalStatus).isEqualTo(UserStatus.ACTIVE);
        assertThat(conflicts).extracting(Conflict::kind).containsExactly(ConflictKind.DEPROVISION_DEFERRED);
    }

    @Test
    void goneIsEveryLinkedAccountWhoseSourceUserWasNotReadAndUnaccountedSparesProtectedAccounts() {
        SyncPolicy policy = SyncPolicy.builder().authoritative(true).protectTargets(Scope.roles(Set.of("Owner"))).build();
        TargetIndex index = new TargetIndex(Links.of(List.of(Link.of(S1, NativeId.of("t1")), Link.of(NativeId.of("s2"), NativeId.of("t2")))),
                policy.matcher().keys());
        index.addTargets(List.of(active("t1", "a@example.com"), active("t2", "b@example.com"),
                active("t3", "c@example.com", "Owner"), active("t4", "d@example.com")));
        index.markSeen(NativeId.of("s2"));
        Deprovisioning deprovisioning = deprovisioning(policy);

        assertThat(deprovisioning.gone(index)).extracting(d -> d.ref.targetId().orElseThrow().value()).containsExactly("t1");
        assertThat(deprovisioning.unaccounted(index)).extracting(d -> d.ref.targetId().orElseThrow().value()).containsExactly("t4");
    }

    @Test
    void aRemovedSourceUserThatWasAlsoReadIsNotDeprovisioned() {
        SyncPolicy policy = SyncPolicy.defaults();
        TargetIndex index = new TargetIndex(Links.of(List.of(Link.of(S1, NativeId.of("t1")), Link.of(NativeId.of("s2"), NativeId.of("t2")))),
                policy.matcher().keys());
        index.addTargets(List.of(active("t1", "a@example.com"), active("t2", "b@example.com")));
        index.markSeen(S1);

        List<Decision> removed = deprovisioning(policy).removed(index, List.of(S1, NativeId.of("s2"), NativeId.of("s2")));

        assertThat(removed).extracting(d -> d.ref.targetId().orElseThrow().value()).containsExactly("t2");
        assertThat(removed.get(0).actions.get(0).reasons()).containsExactly(Reason.of(ReasonCode.REMOVED_FROM_SOURCE));
    }
}
