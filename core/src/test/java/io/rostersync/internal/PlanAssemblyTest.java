package io.rostersync.internal;

import io.rostersync.spi.ReasonCode;
import io.rostersync.spi.Reason;
import static io.rostersync.internal.Users.active;
import static io.rostersync.internal.Users.pair;
import static org.assertj.core.api.Assertions.assertThat;

import io.rostersync.model.NativeId;
import io.rostersync.plan.PlanAction;
import io.rostersync.spi.ActionKind;
import io.rostersync.spi.Conflict;
import io.rostersync.spi.ConflictKind;
import io.rostersync.spi.UserRef;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PlanAssemblyTest {

    private static final Reason ELIGIBLE = Reason.of(ReasonCode.ELIGIBLE_FOR_LICENSE, "rule", "everyone");

    @Test
    void actionsAreOrderedByKindThenUserThenLicenseAndOnlySourceUsersWithActionsCountAsChanged() {
        Decision bob = pair(active("s2", "bob@example.com"), active("t2", "bob@example.com"));
        bob.actions.add(new PlanAction.AssignLicense(bob.ref, "zeta", ELIGIBLE));
        bob.actions.add(new PlanAction.AssignLicense(bob.ref, "alpha", ELIGIBLE));
        Decision ann = pair(active("s1", "ann@example.com"), active("t1", "ann@example.com"));
        ann.actions.add(new PlanAction.DeactivateUser(ann.ref, Reason.of(ReasonCode.STATUS_IN_SOURCE, "status", "INACTIVE")));
        ann.actions.add(new PlanAction.AssignLicense(ann.ref, "zeta", ELIGIBLE));
        Decision quiet = pair(active("s3", "cy@example.com"), active("t3", "cy@example.com"));
        Decision gone = pair(active("s4", "dee@example.com"), active("t4", "dee@example.com"));
        gone.actions.add(new PlanAction.DeactivateUser(gone.ref, Reason.of(ReasonCode.GONE_FROM_SOURCE)));

        PlanAssembly.Actions out = PlanAssembly.actions(List.of(bob, ann, quiet), List.of(gone), Set.of());

        assertThat(out.changedInScope()).isEqualTo(2);
        assertThat(out.actions()).extracting(a -> a.kind() + " " + a.user().label() + " " + detailOf(a)).containsExactly(
                "DEACTIVATE ann@example.com ", "DEACTIVATE dee@example.com ",
                "ASSIGN_LICENSE ann@example.com zeta", "ASSIGN_LICENSE bob@example.com alpha", "ASSIGN_LICENSE bob@example.com zeta");
    }

    @Test
    void anAccountDecisionOfAConflictedSourceUserIsDropped() {
        Decision gone = pair(active("s4", "dee@example.com"), active("t4", "dee@example.com"));
        gone.actions.add(new PlanAction.DeactivateUser(gone.ref, Reason.of(ReasonCode.GONE_FROM_SOURCE)));

        PlanAssembly.Actions out = PlanAssembly.actions(List.of(), List.of(gone), Set.of(NativeId.of("s4")));

        assertThat(out.actions()).isEmpty();
        assertThat(out.changedInScope()).isZero();
    }

    @Test
    void conflictsAreOrderedByKindThenFirstUserThenReasons() {
        UserRef ann = UserRef.source(NativeId.of("s1"), "ann");
        List<Conflict> conflicts = new ArrayList<>(List.of(
                new Conflict(ConflictKind.LICENSE_EXPIRED, List.of(ann), expired("zeta")),
                new Conflict(ConflictKind.DEPROVISION_DEFERRED, List.of(UserRef.source(NativeId.of("s2"), "bob")),
                        Reason.of(ReasonCode.DEPROVISION_DEFERRED)),
                new Conflict(ConflictKind.LICENSE_EXPIRED, List.of(ann), expired("alpha"))));

        PlanAssembly.order(conflicts);

        assertThat(conflicts).extracting(c -> c.kind() + " " + c.reasons().get(0).parameters().getOrDefault("license", ""))
                .containsExactly("LICENSE_EXPIRED alpha", "LICENSE_EXPIRED zeta", "DEPROVISION_DEFERRED ");
        assertThat(ActionKind.values()).isNotEmpty();
    }

    private static Reason expired(String license) {
        return Reason.of(ReasonCode.LICENSE_EXPIRED, "license", license, "expiredAt", "2026-01-01T00:00:00Z");
    }

    private static String detailOf(PlanAction a) {
        return a instanceof PlanAction.AssignLicense l ? l.licenseId() : "";
    }
}
