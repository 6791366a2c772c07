package io.rostersync.engine;

import io.rostersync.model.NativeId;
import io.rostersync.model.UserRecord;
import io.rostersync.plan.Plan;
import io.rostersync.plan.PlanAction;
import io.rostersync.plan.PlanExplainer;
import io.rostersync.spi.ActionKind;
import io.rostersync.spi.Conflict;
import io.rostersync.spi.Link;
import io.rostersync.spi.Links;
import io.rostersync.spi.ReasonExplainer;
import io.rostersync.spi.UserRef;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/** The per-name steps of a named sync, in words, from its reads, plan and outcomes. */
final class NamedSteps {

    private NamedSteps() {
    }

    /** {@code result}: null when nothing was applied (the guard refused the plan). */
    static List<NamedUserResult> results(NamedUsers users, NamedReads reads, Plan plan, @Nullable ApplyResult result,
                                         Links links, String sourceName, String targetName) {
        Map<PlanAction, ActionOutcome> outcomes = new IdentityHashMap<>();
        if (result != null) {
            result.outcomes().forEach(o -> outcomes.put(o.action(), o));
        }
        List<NamedUserResult> out = new ArrayList<>();
        for (String name : users.described()) {
            List<UserRecord> found = reads.byName.getOrDefault(name, List.of());
            Optional<NativeId> tombstone = users.ids().stream().filter(id -> name.equals("id " + id.value()))
                    .filter(reads.removedIds::contains).findFirst();
            if (found.isEmpty() && tombstone.isPresent()) {
                out.add(removed(name, tombstone.get(), plan, result, outcomes, links, sourceName, targetName));
                continue;
            }
            if (found.isEmpty()) {
                out.add(new NamedUserResult(name, NamedUserResult.Outcome.NOT_FOUND, Optional.empty(), List.of(
                        "not found in " + sourceName + "; left for the full run (a named sync never deprovisions for"
                                + " absence: only a full read can tell that a user is gone)")));
                continue;
            }
            for (UserRecord s : found) {
                out.add(one(name, s, reads, plan, result, outcomes, links, sourceName, targetName));
            }
        }
        return out;
    }

    private static NamedUserResult one(String name, UserRecord s, NamedReads reads, Plan plan, @Nullable ApplyResult result,
                                       Map<PlanAction, ActionOutcome> outcomes, Links links, String sourceName, String targetName) {
        PlanExplainer english = PlanExplainer.english();
        List<String> steps = new ArrayList<>();
        steps.add("found in " + sourceName + " as " + s.id().value() + " (" + s.label() + ", " + s.status() + ")");
        Optional<Link> link = links.bySource(s.id());
        Optional<NativeId> targetId = link.map(Link::targetId);
        if (!reads.plannedIds.contains(s.id())) {
            for (Conflict c : reads.sharedKeyConflicts) {
                if (names(c, s.id())) {
                    steps.add("not synced: " + ReasonExplainer.english().reasons(c.reasons()) + " (with source user "
                            + c.users().get(1).sourceId().map(NativeId::value).orElse("?")
                            + ", who was not named; a full run makes this a conflict for both)");
                }
            }
            return new NamedUserResult(name, NamedUserResult.Outcome.CONFLICT, Optional.of(ref(s, targetId)), steps);
        }
        List<PlanAction> actions = plan.actions().stream()
                .filter(a -> a.user().sourceId().filter(s.id()::equals).isPresent()).toList();
        List<Conflict> conflicts = plan.conflicts().stream().filter(c -> names(c, s.id())).toList();
        if (link.isPresent()) {
            steps.add("linked by an earlier run to " + targetName + " account " + link.get().targetId().value());
        } else {
            for (PlanAction a : actions) {
                if (a.kind() == ActionKind.LINK) {
                    steps.add("matched " + targetName + " account " + a.user().targetId().map(NativeId::value).orElse("?")
                            + ": " + english.why(a));
                    targetId = a.user().targetId();
                } else if (a.kind() == ActionKind.CREATE) {
                    steps.add("no " + targetName + " account matches it: " + english.why(a));
                }
            }
            if (actions.isEmpty() && conflicts.isEmpty()) {
                steps.add("not linked, and nothing to do for it: no " + targetName + " account matches it and the policy"
                        + " creates none for it (unmatched users ignored, out of scope, or disabled in " + sourceName + ")");
            }
        }
        boolean failed = false;
        boolean held = false;
        for (PlanAction a : actions) {
            String what = english.action(a);
            ActionOutcome o = outcomes.get(a);
            if (result == null) {
                steps.add("not applied (the deletion guard refused the plan): " + what);
                continue;
            }
            if (o == null) {
                steps.add("not applied: " + what);
                failed = true;
                continue;
            }
            switch (o.status()) {
                case APPLIED -> steps.add("applied: " + what);
                case ADOPTED, SUPERSEDED -> steps.add(o.status().name().toLowerCase(java.util.Locale.ROOT) + ": " + what
                        + " (" + o.note().orElse("") + ")");
                case HELD -> {
                    held = true;
                    steps.add("held by the deletion guard for the host to release: " + what);
                }
                case FAILED, SKIPPED, REFUSED -> {
                    failed = true;
                    steps.add(o.status().name().toLowerCase(java.util.Locale.ROOT) + ": " + what + " ("
                            + o.failure().map(f -> f.kind() + ": " + f.message()).orElse("") + ")");
                }
            }
            if (o.action().user().targetId().isPresent() && targetId.isEmpty()) {
                targetId = o.action().user().targetId();
            }
        }
        for (Conflict c : conflicts) {
            steps.add("not decided (" + c.kind() + "): " + ReasonExplainer.english().reasons(c.reasons()));
        }
        if (actions.isEmpty() && conflicts.isEmpty() && link.isPresent()) {
            steps.add("already in step with " + targetName + ": nothing to write");
        }
        NamedUserResult.Outcome outcome = outcome(result == null, actions, conflicts, failed, held,
                NamedUserResult.Outcome.IN_SYNC);
        return new NamedUserResult(name, outcome, Optional.of(ref(s, targetId)), steps);
    }

    /** A name the source answered is removed: the deprovision of its linked account, if any, as a full run plans it. */
    private static NamedUserResult removed(String name, NativeId id, Plan plan, @Nullable ApplyResult result,
                                           Map<PlanAction, ActionOutcome> outcomes, Links links, String sourceName, String targetName) {
        PlanExplainer english = PlanExplainer.english();
        List<String> steps = new ArrayList<>();
        steps.add(sourceName + " answered that " + id.value() + " is removed (deleted there, or no longer listed by it)");
        Optional<NativeId> targetId = links.bySource(id).map(Link::targetId);
        if (targetId.isEmpty()) {
            steps.add("never linked to a " + targetName + " account: nothing to do");
            return new NamedUserResult(name, NamedUserResult.Outcome.GONE, Optional.of(new UserRef(Optional.of(id), targetId, id.value())), steps);
        }
        steps.add("linked by an earlier run to " + targetName + " account " + targetId.get().value());
        List<PlanAction> actions = plan.actions().stream().filter(a -> a.user().sourceId().filter(id::equals).isPresent()).toList();
        List<Conflict> conflicts = plan.conflicts().stream().filter(c -> names(c, id)).toList();
        boolean failed = false;
        boolean held = false;
        for (PlanAction a : actions) {
            String what = english.action(a) + " (" + english.why(a) + ")";
            ActionOutcome o = outcomes.get(a);
            if (result == null) {
                steps.add("not applied (the deletion guard refused the plan): " + what);
            } else if (o == null) {
                steps.add("not applied: " + what);
                failed = true;
            } else if (o.status() == ActionOutcome.Status.HELD) {
                held = true;
                steps.add("held by the deletion guard for the host to release: " + what);
            } else if (o.status() == ActionOutcome.Status.FAILED || o.status() == ActionOutcome.Status.SKIPPED
                    || o.status() == ActionOutcome.Status.REFUSED) {
                failed = true;
                steps.add(o.status().name().toLowerCase(java.util.Locale.ROOT) + ": " + what + " ("
                        + o.failure().map(f -> f.kind() + ": " + f.message()).orElse("") + ")");
            } else if (o.status() == ActionOutcome.Status.APPLIED) {
                steps.add("applied: " + what);
            } else {
                steps.add(o.status().name().toLowerCase(java.util.Locale.ROOT) + ": " + what + " (" + o.note().orElse("") + ")");
            }
        }
        for (Conflict c : conflicts) {
            steps.add("not decided (" + c.kind() + "): " + ReasonExplainer.english().reasons(c.reasons()));
        }
        if (actions.isEmpty() && conflicts.isEmpty()) {
            steps.add("nothing to write: the policy leaves the account as it is (already deprovisioned, protected, or"
                    + " gone users are left alone)");
        }
        NamedUserResult.Outcome outcome = outcome(result == null, actions, conflicts, failed, held,
                NamedUserResult.Outcome.GONE);
        return new NamedUserResult(name, outcome, Optional.of(new UserRef(Optional.of(id), targetId, id.value())), steps);
    }

    private static boolean names(Conflict c, NativeId sourceId) {
        return c.users().stream().anyMatch(u -> u.sourceId().filter(sourceId::equals).isPresent());
    }

    private static UserRef ref(UserRecord s, Optional<NativeId> targetId) {
        return new UserRef(Optional.of(s.id()), targetId, s.label());
    }

    /** The outcome of one user's decision: the first that applies, {@code nothingToDo} when nothing was decided. */
    private static NamedUserResult.Outcome outcome(boolean notRun, List<?> actions, List<?> conflicts, boolean failed,
            boolean held, NamedUserResult.Outcome nothingToDo) {
        if (notRun && !actions.isEmpty()) {
            return NamedUserResult.Outcome.NOT_RUN;
        } else if (failed) {
            return NamedUserResult.Outcome.FAILED;
        } else if (held) {
            return NamedUserResult.Outcome.HELD;
        } else if (!conflicts.isEmpty()) {
            return NamedUserResult.Outcome.CONFLICT;
        } else if (!actions.isEmpty()) {
            return NamedUserResult.Outcome.APPLIED;
        }
        return nothingToDo;
    }
}
