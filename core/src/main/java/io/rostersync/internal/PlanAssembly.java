package io.rostersync.internal;

import io.rostersync.spi.ReasonExplainer;
import io.rostersync.model.NativeId;
import io.rostersync.plan.PlanAction;
import io.rostersync.spi.ActionKind;
import io.rostersync.spi.Conflict;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;

/**
 * The plan's actions and conflicts in their one stable order, whatever order the reads came in: actions by
 * kind, then user (label, source id, target id), then permission or license; conflicts by kind, then first
 * user, then the English text of the reasons.
 */
final class PlanAssembly {

    /** An action with its sort key taken once, not again in each of the sort's comparisons. */
    private record Keyed(PlanAction action, ActionKind kind, String label, String sourceId, String targetId, String detail) {
        Keyed(PlanAction a) {
            this(a, a.kind(), a.user().label(), a.user().sourceId().map(NativeId::value).orElse(""),
                    a.user().targetId().map(NativeId::value).orElse(""), detailOf(a));
        }
    }

    /** Kind, then user (label, source id, target id), then permission or license. */
    private static final Comparator<Keyed> ACTION_ORDER = Comparator.comparing(Keyed::kind)
            .thenComparing(Keyed::label)
            .thenComparing(Keyed::sourceId)
            .thenComparing(Keyed::targetId)
            .thenComparing(Keyed::detail);

    static final Comparator<Conflict> CONFLICT_ORDER = Comparator.comparing((Conflict c) -> c.kind())
            .thenComparing(c -> c.users().get(0).label())
            .thenComparing(c -> c.users().get(0).sourceId().map(NativeId::value).orElse(""))
            .thenComparing(c -> ReasonExplainer.english().reasons(c.reasons()));

    /** The actions and how many source users change, from the source users' decisions and the accounts' own. */
    record Actions(List<PlanAction> actions, int changedInScope) {
    }

    private PlanAssembly() {
    }

    /**
     * Every action, ordered. {@code ofSourceUsers} are the in-scope source users' decisions (each one with an
     * action counts as changed); {@code ofAccounts} are deprovisions, dropped when their source user is in
     * {@code conflicted}.
     */
    static Actions actions(List<Decision> ofSourceUsers, List<Decision> ofAccounts, Set<NativeId> conflicted) {
        List<PlanAction> actions = new ArrayList<>();
        int changedInScope = 0;
        for (Decision d : ofSourceUsers) {
            if (!d.actions.isEmpty()) {
                changedInScope++;
                actions.addAll(d.actions);
            }
        }
        for (Decision d : ofAccounts) {
            if (d.ref.sourceId().isPresent() && conflicted.contains(d.ref.sourceId().get())) {
                continue;
            }
            actions.addAll(d.actions);
        }
        List<Keyed> keyed = new ArrayList<>(actions.size());
        actions.forEach(a -> keyed.add(new Keyed(a)));
        keyed.sort(ACTION_ORDER); // stable, as sorting the actions themselves was: equal keys keep their order
        List<PlanAction> ordered = new ArrayList<>(keyed.size());
        keyed.forEach(k -> ordered.add(k.action()));
        return new Actions(ordered, changedInScope);
    }

    /** Sorts conflicts in place into the plan's order; equal keys keep the order they were raised in. */
    static void order(List<Conflict> conflicts) {
        conflicts.sort(CONFLICT_ORDER);
    }

    private static String detailOf(PlanAction a) {
        if (a instanceof PlanAction.GrantPermission g) {
            return g.permission();
        }
        if (a instanceof PlanAction.RevokePermission r) {
            return r.permission();
        }
        if (a instanceof PlanAction.AssignLicense l) {
            return l.licenseId();
        }
        if (a instanceof PlanAction.RevokeLicense l) {
            return l.licenseId();
        }
        return "";
    }
}
