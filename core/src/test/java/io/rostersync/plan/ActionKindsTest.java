package io.rostersync.plan;

import static org.assertj.core.api.Assertions.assertThat;

import io.rostersync.model.NativeId;
import io.rostersync.model.UserPatch;
import io.rostersync.model.UserProfile;
import io.rostersync.model.UserRecord;
import io.rostersync.spi.ActionKind;
import io.rostersync.spi.Reason;
import io.rostersync.spi.ReasonCode;
import io.rostersync.spi.UserRef;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Every action type has exactly one {@link ActionKind} and every kind exactly one action type: the
 * executor, the plan codec and the explainers switch over the kind without a default branch, so the kinds
 * must stand for the types one to one.
 */
class ActionKindsTest {

    private static final UserRef BOTH = UserRef.both(NativeId.of("s1"), NativeId.of("t1"), "ann");
    private static final UserRef NEW = UserRef.source(NativeId.of("s1"), "ann");
    private static final Reason WHY = Reason.of(ReasonCode.GONE_FROM_SOURCE);

    /** One action of the kind; the switch has no default, so a new kind does not compile until it is added here. */
    private static PlanAction sample(ActionKind kind) {
        return switch (kind) {
            case CREATE -> new PlanAction.CreateUser(NEW, UserProfile.builder().email("ann@example.com").build(), false, WHY,
                    UserRecord.of("s1", UserProfile.builder().email("ann@example.com").build()));
            case LINK -> new PlanAction.LinkUser(BOTH, WHY);
            case UPDATE -> new PlanAction.UpdateUser(BOTH, UserPatch.builder().lastName("Lee").build(), WHY);
            case DEACTIVATE -> new PlanAction.DeactivateUser(BOTH, WHY);
            case REACTIVATE -> new PlanAction.ReactivateUser(BOTH, WHY);
            case DELETE -> new PlanAction.DeleteUser(BOTH, WHY);
            case GRANT_PERMISSION -> new PlanAction.GrantPermission(BOTH, "Agent", WHY);
            case REVOKE_PERMISSION -> new PlanAction.RevokePermission(BOTH, "Agent", WHY);
            case ASSIGN_LICENSE -> new PlanAction.AssignLicense(BOTH, "seats", WHY);
            case REVOKE_LICENSE -> new PlanAction.RevokeLicense(BOTH, "seats", WHY);
        };
    }

    @Test
    void everyActionTypeHasExactlyOneKindAndEveryKindOneType() {
        Map<ActionKind, Class<?>> typeOf = new EnumMap<>(ActionKind.class);
        for (ActionKind kind : ActionKind.values()) {
            PlanAction a = sample(kind);
            assertThat(a.kind()).isEqualTo(kind);
            typeOf.put(kind, a.getClass());
        }
        List<Class<?>> permitted = Arrays.asList(PlanAction.class.getPermittedSubclasses());
        assertThat(typeOf.values()).as("one type per kind, no type twice").doesNotHaveDuplicates()
                .containsExactlyInAnyOrderElementsOf(permitted);
    }

    @Test
    void anActionNeedsAReasonAndKeepsItsOwnCopy() {
        List<Reason> reasons = new java.util.ArrayList<>(List.of(WHY));
        PlanAction.DeleteUser delete = new PlanAction.DeleteUser(BOTH, reasons);
        reasons.add(Reason.of(ReasonCode.POLICY_DELETES));
        assertThat(delete.reasons()).containsExactly(WHY);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new PlanAction.DeleteUser(BOTH, List.of()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at least one reason");
    }
}
