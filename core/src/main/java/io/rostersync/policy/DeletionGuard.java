package io.rostersync.policy;

import io.rostersync.plan.Plan;
import io.rostersync.plan.PlanMode;
import java.util.Locale;

/**
 * Refuses plans that would switch off too many accounts at once, because the usual cause is a source
 * that came back empty, truncated or wrong rather than a real mass departure. A plan from an empty full
 * snapshot that deprovisions anyone is always refused.
 *
 * @param enabled     whether the guard checks at all
 * @param maxAbsolute most deactivations plus deletions allowed in one plan
 * @param maxFraction most deprovisions allowed as a fraction of the managed users (0..1]
 */
public record DeletionGuard(boolean enabled, int maxAbsolute, double maxFraction) {

    public DeletionGuard {
        if (maxAbsolute < 0) {
            throw new IllegalArgumentException("maxAbsolute must not be negative");
        }
        if (!(maxFraction > 0 && maxFraction <= 1)) {
            throw new IllegalArgumentException("maxFraction must be in (0, 1]");
        }
    }

    /** At most 50 deprovisions and at most 25% of managed users. */
    public static DeletionGuard defaults() {
        return new DeletionGuard(true, 50, 0.25);
    }

    public static DeletionGuard of(int maxAbsolute, double maxFraction) {
        return new DeletionGuard(true, maxAbsolute, maxFraction);
    }

    /** No guard. Only for hosts that check plans themselves. */
    public static DeletionGuard disabled() {
        return new DeletionGuard(false, Integer.MAX_VALUE, 1.0);
    }

    public GuardVerdict evaluate(Plan plan) {
        int deprovisions = plan.deprovisionCount();
        if (!enabled || deprovisions == 0) {
            return new GuardVerdict(false, "no guard limit reached (" + deprovisions + " deprovisions)");
        }
        if (plan.mode() == PlanMode.FULL && plan.stats().sourceUsers() == 0) {
            return new GuardVerdict(true, "the source returned no users at all, yet the plan would deprovision "
                    + deprovisions + "; refusing, as an empty read is far likelier than everyone leaving");
        }
        if (deprovisions > maxAbsolute) {
            return new GuardVerdict(true, "the plan would deprovision " + deprovisions
                    + " accounts, more than the limit of " + maxAbsolute);
        }
        int managed = Math.max(1, plan.stats().managedUsers());
        double fraction = (double) deprovisions / managed;
        if (fraction > maxFraction) {
            return new GuardVerdict(true, String.format(Locale.ROOT,
                    "the plan would deprovision %d of %d managed accounts (%.0f%%), more than the limit of %.0f%%",
                    deprovisions, managed, fraction * 100, maxFraction * 100));
        }
        return new GuardVerdict(false, deprovisions + " deprovisions are within the limits");
    }
}
