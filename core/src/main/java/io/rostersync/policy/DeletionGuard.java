package io.rostersync.policy;

import io.rostersync.model.NativeId;
import io.rostersync.plan.Plan;
import io.rostersync.plan.PlanAction;
import io.rostersync.spi.ActionKind;
import io.rostersync.spi.PlanMode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;

/**
 * Holds back deprovisions beyond a limit, because a mass deprovision is far more often a source that came
 * back wrong (a broken filter, a truncated export, a wrong account) than a real mass departure. The rest of
 * the plan (creates, renames, reactivations, licenses) applies; the held deprovisions are named in the run
 * report, kept in the state store, and applied only when the host releases them on a later run.
 *
 * <p>The limit is exceeded only when a plan's deprovisions exceed <em>both</em> {@code maxAbsolute} and
 * {@code maxFraction} of the accounts the sync manages: small teams are bounded by the count, large
 * directories by the fraction ({@link #allowance(int)} is the most that passes). A plan within the limit
 * applies whole. A plan beyond it holds <em>all</em> its deprovisions, each with its account's license
 * and permission revocations, and applies everything else: a source that came back short looks exactly
 * like a mass departure, so applying "the first few" would deactivate real people on exactly the runs the
 * guard exists for. The held deprovisions are listed in plan order (by kind, then label), so the same
 * plan always holds the same list. Deprovisions held by an earlier run that the plan still contains stay
 * held until released and count towards the limit, so a wipe cannot trickle through a few per run; a
 * released deprovision applies and does not count.
 *
 * <p>A full read that returned no users at all while the plan would deprovision anyone is refused
 * outright, whatever the limits: an empty read is far likelier than everybody leaving.
 *
 * <p>The guard is evaluated when a plan is applied, from the state as it is then, never from counts the
 * plan carries: the managed accounts are the links stored now, plus the existing accounts the plan links
 * and the unlinked accounts it deprovisions (an authoritative sync's first upload manages accounts it has
 * not linked yet), all counted from the plan's actions; so are the deprovisions.
 *
 * @param enabled     whether the guard checks at all
 * @param maxAbsolute deprovisions one plan may always apply, whatever the fraction (at least 0)
 * @param maxFraction fraction of the managed accounts one plan may always deprovision, whatever the count, in (0, 1]
 * @since 0.1.0
 */
public record DeletionGuard(boolean enabled, int maxAbsolute, double maxFraction) {

    /** The count part of {@link #defaults()}. */
    public static final int DEFAULT_MAX_ABSOLUTE = 3;
    /** The fraction part of {@link #defaults()}. */
    public static final double DEFAULT_MAX_FRACTION = 0.10;

    /**
     * Checks the limits.
     *
     * @param enabled     whether the guard checks at all
     * @param maxAbsolute deprovisions one plan may always apply, whatever the fraction (at least 0)
     * @param maxFraction fraction of the managed accounts one plan may always deprovision, whatever the count, in (0, 1]
     * @throws IllegalArgumentException if {@code maxAbsolute} is negative or {@code maxFraction} is not in (0,
     *                                  1]
     */
    public DeletionGuard {
        if (maxAbsolute < 0) {
            throw new IllegalArgumentException("maxAbsolute must not be negative, got " + maxAbsolute);
        }
        if (!(maxFraction > 0 && maxFraction <= 1)) {
            throw new IllegalArgumentException("maxFraction must be in (0, 1], got " + maxFraction);
        }
    }

    /**
     * Holds deprovisions when there are more than 3 of them <em>and</em> they are more than 10% of the
     * managed accounts.
     *
     * <p>Why these numbers: a small team changes one or two people at a time (deselecting 1 of 3 in the
     * seed 000 import, 1 of a team of 10), and that must never wait for a person; the count of 3 lets any
     * sync deprovision up to 3 accounts per run. Beyond that, the fraction decides: 10% is above the
     * turnover one scheduled run sees in any real organisation (a 6-hourly sync of a 1,000-person company
     * deprovisions a handful), and far below what a broken read produces (60 of 100, or all but one of a
     * team of ten, are held). Holding costs little now that the rest of the plan applies and a release is
     * one run option, so the defaults err on the side of holding.
     *
     * @return the default guard: 3 deprovisions and 10%
     */
    public static DeletionGuard defaults() {
        return new DeletionGuard(true, DEFAULT_MAX_ABSOLUTE, DEFAULT_MAX_FRACTION);
    }

    /**
     * A guard that holds deprovisions beyond both {@code maxAbsolute} and {@code maxFraction} of the managed
     * accounts.
     *
     * @param maxAbsolute the count allowed whatever the fraction, at least 0
     * @param maxFraction the fraction of the managed accounts allowed whatever the count, in (0, 1]
     * @return the guard
     * @throws IllegalArgumentException if a limit is out of range
     */
    public static DeletionGuard of(int maxAbsolute, double maxFraction) {
        return new DeletionGuard(true, maxAbsolute, maxFraction);
    }

    /**
     * No guard, not even against an empty read. Only for hosts that check plans themselves.
     *
     * @return a guard that lets every plan through
     */
    public static DeletionGuard disabled() {
        return new DeletionGuard(false, Integer.MAX_VALUE, 1.0);
    }

    /**
     * The most deprovisions one plan may apply when {@code managed} accounts are managed: the larger of
     * {@code maxAbsolute} and {@code maxFraction} of {@code managed}, rounded down.
     *
     * @param managed the number of accounts the sync manages
     * @return the allowance, at least {@code maxAbsolute}
     */
    public int allowance(int managed) {
        if (managed < 0) {
            throw new IllegalArgumentException("managed must not be negative, got " + managed);
        }
        if (!enabled) {
            return Integer.MAX_VALUE;
        }
        long byFraction = (long) Math.floor(maxFraction * managed + 1e-9);
        return (int) Math.min(Integer.MAX_VALUE, Math.max(maxAbsolute, byFraction));
    }

    /**
     * Decides what of {@code plan} may be applied now.
     *
     * @param plan       the plan about to be applied
     * @param linkedNow  the number of links the sync has stored now (the plan's own link and unlinked
     *                   deprovision actions are added to it)
     * @param heldBefore target ids of deprovisions an earlier run held and the host has not released
     * @param released   target ids of held deprovisions the host releases for this run
     * @return what may be applied: everything, nothing (refused), or everything but the held positions
     */
    public GuardVerdict evaluate(Plan plan, int linkedNow, Set<NativeId> heldBefore, Set<NativeId> released) {
        Objects.requireNonNull(plan, "plan");
        Objects.requireNonNull(heldBefore, "heldBefore");
        Objects.requireNonNull(released, "released");
        if (linkedNow < 0) {
            throw new IllegalArgumentException("linkedNow must not be negative, got " + linkedNow);
        }
        List<PlanAction> actions = plan.actions();
        // One account, one deprovision: the first deactivation or deletion of each target id, in plan order.
        Set<NativeId> accounts = new LinkedHashSet<>();
        Set<NativeId> linking = new HashSet<>();
        int unlinked = 0;
        for (PlanAction a : actions) {
            if (a.kind() == ActionKind.LINK && a.user().targetId().isPresent()) {
                linking.add(a.user().targetId().get());
            }
            if (a.kind().isDeprovisioning()) {
                NativeId target = targetOf(a);
                if (accounts.add(target) && a.user().sourceId().isEmpty()) {
                    unlinked++;
                }
            }
        }
        int deprovisions = accounts.size();
        if (!enabled || deprovisions == 0) {
            return GuardVerdict.pass("no guard limit reached (" + deprovisions + " deprovisions)");
        }
        if (plan.mode() == PlanMode.FULL && plan.stats().sourceUsers() == 0) {
            return GuardVerdict.refuse("the source returned no users at all, yet the plan would deprovision "
                    + deprovisions + "; refusing the whole plan, as an empty read is far likelier than everyone leaving");
        }
        int managed = linkedNow + linking.size() + unlinked;
        List<NativeId> stillHeld = new ArrayList<>();
        List<NativeId> fresh = new ArrayList<>();
        int releasedHere = 0;
        for (NativeId account : accounts) {
            if (released.contains(account)) {
                releasedHere++;
            } else if (heldBefore.contains(account)) {
                stillHeld.add(account);
            } else {
                fresh.add(account);
            }
        }
        int weighed = stillHeld.size() + fresh.size();
        Set<NativeId> holding = new HashSet<>(stillHeld);
        if (weighed > allowance(managed)) {
            holding.addAll(fresh);
        }
        if (holding.isEmpty()) {
            return GuardVerdict.pass(String.format(Locale.ROOT, "%d deprovisions of %d managed accounts are within the limit"
                            + " (%d, or %.0f%% of the managed accounts)%s", deprovisions, managed, maxAbsolute, maxFraction * 100,
                    releasedHere == 0 ? "" : "; " + releasedHere + " of them released by the host"));
        }
        List<Integer> held = new ArrayList<>();
        for (int i = 0; i < actions.size(); i++) {
            PlanAction a = actions.get(i);
            if (isHeldWithItsAccount(a.kind()) && a.user().targetId().isPresent() && holding.contains(a.user().targetId().get())) {
                held.add(i);
            }
        }
        StringBuilder why = new StringBuilder();
        if (holding.size() == stillHeld.size()) {
            why.append(String.format(Locale.ROOT, "%d deprovisions held by an earlier run stay held until released;"
                    + " %d new ones are within the limit and apply", stillHeld.size(), fresh.size()));
        } else {
            why.append(String.format(Locale.ROOT, "%d deprovisions of %d managed accounts exceed the limit (more than %d and"
                    + " more than %.0f%%), so all %d are held", weighed, managed, maxAbsolute, maxFraction * 100, holding.size()));
            if (!stillHeld.isEmpty()) {
                why.append(" (").append(stillHeld.size()).append(" of them held by an earlier run)");
            }
        }
        if (releasedHere > 0) {
            why.append("; ").append(releasedHere).append(" released by the host apply");
        }
        why.append("; release held deprovisions with RunOptions.withHeldReleased()");
        return new GuardVerdict(false, held, why.toString());
    }

    /** A deactivation or deletion, and the revocations that go with deprovisioning an account. */
    private static boolean isHeldWithItsAccount(ActionKind kind) {
        return kind.isDeprovisioning() || kind == ActionKind.REVOKE_LICENSE || kind == ActionKind.REVOKE_PERMISSION;
    }

    private static NativeId targetOf(PlanAction a) {
        return a.user().targetId().orElseThrow(() -> new IllegalArgumentException(
                "a " + a.kind() + " action for " + a.user().label() + " names no target account"));
    }
}
