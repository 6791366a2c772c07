package io.rostersync.plan;

import io.rostersync.spi.Reason;
import io.rostersync.spi.ReasonExplainer;
import java.util.Locale;

/** The English text of plan actions; reasons are {@link ReasonExplainer#english()}'s. */
final class EnglishPlanExplainer implements PlanExplainer {

    static final EnglishPlanExplainer INSTANCE = new EnglishPlanExplainer();

    private EnglishPlanExplainer() {
    }

    @Override
    public String reason(Reason reason) {
        return ReasonExplainer.english().reason(reason);
    }

    @Override
    public String what(PlanAction action) {
        return switch (action.kind()) {
            case CREATE -> {
                PlanAction.CreateUser c = (PlanAction.CreateUser) action;
                yield "create as " + c.profile().status().name().toLowerCase(Locale.ROOT) + (c.notifyUser() ? " (notify)" : " (silently)");
            }
            case LINK -> "link to " + action.user().targetId().orElseThrow();
            case GRANT_PERMISSION -> "grant '" + ((PlanAction.GrantPermission) action).permission() + "'";
            case REVOKE_PERMISSION -> "revoke '" + ((PlanAction.RevokePermission) action).permission() + "'";
            case ASSIGN_LICENSE -> "assign license '" + ((PlanAction.AssignLicense) action).licenseId() + "'";
            case REVOKE_LICENSE -> "release license '" + ((PlanAction.RevokeLicense) action).licenseId() + "'";
            case UPDATE, DEACTIVATE, REACTIVATE, DELETE -> action.kind().name().toLowerCase(Locale.ROOT);
        };
    }
}
