package io.rostersync.json;

import io.rostersync.plan.Plan;

/** Lets tests of other packages use {@link PlanJsonTest}'s sample plan. */
public final class PlanJsonTestAccess {
    private PlanJsonTestAccess() {
    }

    public static Plan richPlan() {
        return PlanJsonTest.richPlan();
    }
}
