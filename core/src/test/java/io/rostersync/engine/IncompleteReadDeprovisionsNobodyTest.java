package io.rostersync.engine;

import static io.rostersync.engine.Fixtures.active;
import static io.rostersync.engine.Fixtures.link;
import static io.rostersync.engine.Fixtures.plan;
import static io.rostersync.engine.Fixtures.user;
import static org.assertj.core.api.Assertions.assertThat;

import io.rostersync.model.UserRecord;
import io.rostersync.model.UserStatus;
import io.rostersync.plan.Plan;
import io.rostersync.plan.PlanAction;
import io.rostersync.policy.Deprovision;
import io.rostersync.policy.Scope;
import io.rostersync.policy.SyncPolicy;
import io.rostersync.spi.ActionKind;
import io.rostersync.spi.Conflict;
import io.rostersync.spi.ConflictKind;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Issue 12 section 2: a read that is not complete and consistent takes nobody's access away, not even a user the
 * read itself says is inactive or out of scope (the record may be the one that moved, or a damaged answer).
 */
class IncompleteReadDeprovisionsNobodyTest {

    /** A source record over the policy's bounds: a read problem for that user, so the read is incomplete. */
    private static UserRecord oversized(String id, String email) {
        UserRecord r = active(id, email);
        return r.withProfile(r.profile().toBuilder().firstName("x".repeat(300)).build());
    }

    @Test
    void aUserTheIncompleteReadShowsAsInactiveIsNotDeactivatedButNamedAsDeferred() {
        List<UserRecord> source = List.of(user("s-ann", "ann@example.com", "Ann", "Lee", UserStatus.INACTIVE),
                active("s-bob", "bob@example.com"), oversized("s-eve", "eve@example.com"));
        List<UserRecord> target = List.of(active("t-ann", "ann@example.com"), active("t-bob", "bob@example.com"),
                active("t-eve", "eve@example.com"));
        Plan plan = plan(SyncPolicy.defaults(), source, target,
                List.of(link("s-ann", "t-ann"), link("s-bob", "t-bob"), link("s-eve", "t-eve")));

        assertThat(plan.sourceComplete()).isFalse();
        assertThat(plan.actions()).noneMatch(a -> a.kind().isDeprovisioning());
        assertThat(plan.conflicts()).filteredOn(c -> c.kind() == ConflictKind.DEPROVISION_DEFERRED)
                .singleElement().satisfies(c -> assertThat(c.users().get(0).label()).isEqualTo("ann@example.com"));
    }

    @Test
    void aUserOutOfScopeInAnIncompleteReadIsNotDeleted() {
        SyncPolicy policy = SyncPolicy.builder().scope(Scope.roles(Set.of("agent")))
                .onOutOfScope(Deprovision.DELETE).build();
        List<UserRecord> source = List.of(user("s-ann", "ann@example.com", "Ann", "Lee", UserStatus.ACTIVE, "end-user"),
                oversized("s-eve", "eve@example.com"));
        List<UserRecord> target = List.of(active("t-ann", "ann@example.com"), active("t-eve", "eve@example.com"));
        Plan plan = plan(policy, source, target, List.of(link("s-ann", "t-ann"), link("s-eve", "t-eve")));

        assertThat(plan.actions()).extracting(PlanAction::kind).doesNotContain(ActionKind.DELETE, ActionKind.DEACTIVATE);
        assertThat(plan.conflicts()).extracting(Conflict::kind).contains(ConflictKind.DEPROVISION_DEFERRED);
    }

    @Test
    void theSameUsersAreDeprovisionedOnceTheReadIsComplete() {
        List<UserRecord> source = List.of(user("s-ann", "ann@example.com", "Ann", "Lee", UserStatus.INACTIVE),
                active("s-bob", "bob@example.com"));
        List<UserRecord> target = List.of(active("t-ann", "ann@example.com"), active("t-bob", "bob@example.com"));
        Plan plan = plan(SyncPolicy.defaults(), source, target, List.of(link("s-ann", "t-ann"), link("s-bob", "t-bob")));

        assertThat(plan.actions()).extracting(PlanAction::kind).contains(ActionKind.DEACTIVATE);
        assertThat(plan.conflicts()).isEmpty();
    }
}
