package io.rostersync.internal;

import java.util.List;
import io.rostersync.spi.ReasonCode;
import io.rostersync.spi.Reason;
import static io.rostersync.internal.Users.active;
import static io.rostersync.internal.Users.user;
import static org.assertj.core.api.Assertions.assertThat;

import io.rostersync.model.NativeId;
import io.rostersync.model.UserRecord;
import io.rostersync.model.UserStatus;
import io.rostersync.plan.PlanAction;
import io.rostersync.policy.Reactivation;
import io.rostersync.policy.SyncPolicy;
import io.rostersync.policy.UnmatchedAction;
import io.rostersync.spi.ActionKind;
import io.rostersync.spi.Link;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class PairDecisionsTest {

    private static PairDecisions decisions(SyncPolicy policy) {
        LicenseAllocation licenses = new LicenseAllocation(policy, Map::of, Instant.EPOCH);
        PermissionPlanning permissions = new PermissionPlanning(policy);
        return new PairDecisions(policy, policy.matcher().keys(), new FieldDiff(policy), licenses, permissions);
    }

    @Test
    void aLinkedPairInSyncDecidesNothingAndADisabledSourceUserIsNotInSync() {
        PairDecisions pairs = decisions(SyncPolicy.defaults());
        Situation.Pair same = new Situation.Pair(active("s1", "a@example.com"), active("t1", "a@example.com"), null);
        Situation.Pair disabled = new Situation.Pair(user("s1", "a@example.com", UserStatus.SUSPENDED), active("t1", "a@example.com"), null);

        assertThat(pairs.inSync(same)).isTrue();
        assertThat(pairs.sync(same, Optional.empty())).isNull();
        assertThat(pairs.inSync(disabled)).isFalse();
        Decision d = pairs.sync(disabled, Optional.empty());
        assertThat(d).isNotNull();
        assertThat(d.deprovisioned).isTrue();
        assertThat(d.actions).singleElement().satisfies(a -> assertThat(a.reasons())
                .containsExactly(Reason.of(ReasonCode.STATUS_IN_SOURCE, "status", "SUSPENDED")));
    }

    @Test
    void aMatchedPairIsLinkedEvenWhenNothingElseDiffers() {
        Situation.Pair pair = new Situation.Pair(active("s1", "a@example.com"), active("t1", "a@example.com"), null);

        Decision d = decisions(SyncPolicy.defaults()).sync(pair, Optional.of("email"));

        assertThat(d).isNotNull();
        assertThat(d.actions).extracting(PlanAction::kind).containsExactly(ActionKind.LINK);
    }

    @Test
    void aTargetTheSyncDeactivatedComesBackAndSaysWhy() {
        UserRecord inactive = user("t1", "a@example.com", UserStatus.INACTIVE);
        Link ours = new Link(NativeId.of("s1"), NativeId.of("t1"), true);
        Situation.Pair pair = new Situation.Pair(active("s1", "a@example.com"), inactive, ours);

        Decision d = decisions(SyncPolicy.builder().reactivation(Reactivation.IF_DEACTIVATED_BY_SYNC).build()).sync(pair, Optional.empty());

        assertThat(d).isNotNull();
        assertThat(d.finalStatus).isEqualTo(UserStatus.ACTIVE);
        assertThat(d.actions).singleElement().satisfies(a -> assertThat(a.reasons())
                .containsExactly(Reason.of(ReasonCode.STATUS_IN_SOURCE_AGAIN_AFTER_SYNC_DEACTIVATION, "status", "ACTIVE")));
    }

    @Test
    void anUnmatchedUserIsCreatedPendingWhenThePolicySays() {
        Decision d = decisions(SyncPolicy.builder().onUnmatched(UnmatchedAction.CREATE_PENDING).build()).create(active("s1", "a@example.com"));

        assertThat(d).isNotNull();
        assertThat(d.actions).singleElement().isInstanceOfSatisfying(PlanAction.CreateUser.class, c -> {
            assertThat(c.profile().status()).isEqualTo(UserStatus.PENDING);
            assertThat(c.reasons()).containsExactly(Reason.of(ReasonCode.UNMATCHED_CREATED, "keys", Reason.listOf(List.of("email")),
                    "status", "PENDING"));
        });
    }
}
