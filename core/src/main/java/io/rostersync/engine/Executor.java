package io.rostersync.engine;

import io.rostersync.model.NativeId;
import io.rostersync.model.UserPatch;
import io.rostersync.plan.ActionKind;
import io.rostersync.plan.Plan;
import io.rostersync.plan.PlanAction;
import io.rostersync.policy.DeletionGuard;
import io.rostersync.policy.GuardVerdict;
import io.rostersync.spi.Capability;
import io.rostersync.spi.CreateOptions;
import io.rostersync.spi.FailureKind;
import io.rostersync.spi.HeldDeprovision;
import io.rostersync.spi.Lease;
import io.rostersync.spi.LicensePool;
import io.rostersync.spi.Link;
import io.rostersync.spi.Links;
import io.rostersync.spi.StaleLeaseException;
import io.rostersync.spi.SyncStateStore;
import io.rostersync.spi.UpdateRequest;
import io.rostersync.spi.UserDirectory;
import io.rostersync.spi.WriteFailure;
import io.rostersync.spi.WriteResult;
import io.rostersync.model.UserProfile;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies a {@link Plan} to the target directory, licence pools and the stored links, in plan order
 * (which is dependency order), batching creates and updates where the directory can. One outcome per
 * action; a failing user never stops the others. A link is stored the moment a create succeeds, so a
 * crash right after cannot lead to a second account. The deletion guard is evaluated before any write,
 * from the current state; what it holds is not applied.
 *
 * <p>Not thread-safe; one executor applies one plan.
 */
public final class Executor {

    private static final Logger LOG = LoggerFactory.getLogger(Executor.class);

    private final UserDirectory target;
    private final Map<String, LicensePool> pools;
    private final SyncStateStore store;
    /** Holds the lease; writes are fenced by its token, which a renewal keeps. */
    private final LeaseKeeper keeper;
    private final SyncListener listener;

    private final Map<NativeId, Link> links = new HashMap<>();
    private final List<ActionOutcome> outcomes = new ArrayList<>();
    private int total;

    /**
     * @param target   the directory the plan changes
     * @param pools    licence pools by licence id; every licence the plan names must be present
     * @param store    where links are kept
     * @param lease    the caller's current lease of the sync
     * @param listener progress events
     */
    public Executor(UserDirectory target, Map<String, LicensePool> pools, SyncStateStore store, Lease lease,
                    SyncListener listener) {
        this(target, pools, store, LeaseKeeper.fixed(lease), listener);
    }

    /** The runner's: {@code keeper} renews the lease between batches of a long apply. */
    Executor(UserDirectory target, Map<String, LicensePool> pools, SyncStateStore store, LeaseKeeper keeper,
             SyncListener listener) {
        this.target = Objects.requireNonNull(target, "target");
        this.pools = Map.copyOf(pools);
        this.store = Objects.requireNonNull(store, "store");
        this.keeper = Objects.requireNonNull(keeper, "keeper");
        this.listener = Objects.requireNonNull(listener, "listener");
    }

    /** As {@link #apply(Plan, DeletionGuard, boolean, HeldRelease)}, releasing nothing held earlier. */
    public ApplyResult apply(Plan plan, DeletionGuard guard, boolean overrideGuard) {
        return apply(plan, guard, overrideGuard, HeldRelease.none());
    }

    /**
     * Applies the plan, except what the deletion guard holds.
     *
     * <p>The guard is evaluated first, from the state as it is now and never from counts the plan carries:
     * the managed accounts are the links stored now (plus the accounts the plan links and the unlinked ones
     * it deprovisions, see {@link DeletionGuard}), the deprovisions are counted from the plan's actions,
     * and deprovisions held by earlier runs (as the store lists them) stay held unless {@code release}
     * names them. Held actions get a {@link ActionOutcome.Status#HELD} outcome and are not attempted; the
     * caller stores them (see {@link ApplyResult#held()}).
     *
     * @param guard         the deletion guard
     * @param overrideGuard apply everything even if the guard would refuse or hold (an explicit human decision)
     * @param release       deprovisions held by earlier runs to apply now
     * @throws GuardRefusedException when the guard refuses the whole plan (an empty source read) and is not
     *                               overridden; nothing was written
     * @throws StaleLeaseException   when another runner took the sync over mid-way; the rest is not applied
     */
    public ApplyResult apply(Plan plan, DeletionGuard guard, boolean overrideGuard, HeldRelease release) {
        Links stored = store.links(keeper.lease().syncId());
        GuardVerdict verdict = checkGuard(plan, guard, overrideGuard, release, stored);
        for (PlanAction a : plan.actions()) {
            if (a instanceof PlanAction.AssignLicence l && !pools.containsKey(l.licenceId())) {
                throw new IllegalArgumentException("the plan assigns licence '" + l.licenceId() + "' but no such pool was given");
            }
            if (a instanceof PlanAction.RevokeLicence l && !pools.containsKey(l.licenceId())) {
                throw new IllegalArgumentException("the plan revokes licence '" + l.licenceId() + "' but no such pool was given");
            }
        }
        stored.all().forEach(l -> links.put(l.sourceId(), l));
        List<PlanAction> actions = plan.actions();
        total = actions.size();
        int batch = target.capabilities().contains(Capability.BATCH_WRITE) ? Math.max(1, target.maxBatchSize()) : 1;
        int i = 0;
        WriteFailure heldWhy = WriteFailure.of(FailureKind.VALIDATION, "held by the deletion guard: " + verdict.reason());
        while (i < actions.size()) {
            keeper.checkpoint();
            PlanAction a = actions.get(i);
            if (verdict.holds(i)) {
                record(ActionOutcome.held(i, a, heldWhy));
                i++;
            } else if (a.kind() == ActionKind.ASSIGN_LICENCE || a.kind() == ActionKind.REVOKE_LICENCE) {
                String licence = licenceOf(a);
                int end = i;
                while (end < actions.size() && actions.get(end).kind() == a.kind() && licenceOf(actions.get(end)).equals(licence)
                        && !verdict.holds(end)) {
                    end++;
                }
                licenceBatch(actions, i, end, pools.get(licence));
                i = end;
            } else if (batch > 1 && BATCHED.contains(a.kind())) {
                int end = i;
                while (end < actions.size() && end - i < batch && actions.get(end).kind() == a.kind() && !verdict.holds(end)) {
                    end++;
                }
                if (a.kind() == ActionKind.CREATE) {
                    createBatch(actions, i, end);
                } else {
                    updateBatch(actions, i, end);
                }
                i = end;
            } else {
                applyOne(i, a);
                i++;
            }
        }
        return new ApplyResult(outcomes, verdict);
    }

    /** The guard's verdict from the current state; throws when it refuses the plan and is not overridden. */
    private GuardVerdict checkGuard(Plan plan, DeletionGuard guard, boolean overrideGuard, HeldRelease release, Links stored) {
        Set<NativeId> heldBefore = new HashSet<>();
        for (HeldDeprovision h : store.heldDeprovisions(keeper.lease().syncId())) {
            heldBefore.add(h.targetId());
        }
        GuardVerdict verdict = guard.evaluate(plan, stored.size(), heldBefore, release.among(heldBefore));
        if (!verdict.tripped()) {
            return verdict;
        }
        if (overrideGuard) {
            LOG.warn("deletion guard overridden by the caller: {}", verdict.reason());
            return GuardVerdict.pass("the caller overrode the deletion guard: " + verdict.reason());
        }
        if (verdict.refused()) {
            throw new GuardRefusedException(verdict);
        }
        LOG.warn("deletion guard: {}", verdict.reason());
        return verdict;
    }

    private void applyOne(int index, PlanAction action) {
        try {
            if (action instanceof PlanAction.LinkUser l) {
                saveLink(Link.of(l.user().sourceId().orElseThrow(), l.user().targetId().orElseThrow()));
                record(ActionOutcome.applied(index, action));
            } else if (action instanceof PlanAction.CreateUser c) {
                WriteResult r = target.create(c.profile(), new CreateOptions(c.notifyUser()));
                afterCreate(index, c, r);
            } else if (action instanceof PlanAction.UpdateUser u) {
                write(index, action, target.update(u.user().targetId().orElseThrow(), u.patch()));
            } else if (action instanceof PlanAction.DeactivateUser d) {
                WriteResult r = target.deactivate(d.user().targetId().orElseThrow());
                if (write(index, action, r)) {
                    markDeactivated(d, true);
                }
            } else if (action instanceof PlanAction.ReactivateUser re) {
                WriteResult r = target.reactivate(re.user().targetId().orElseThrow());
                if (write(index, action, r)) {
                    markDeactivated(re, false);
                }
            } else if (action instanceof PlanAction.DeleteUser del) {
                WriteResult r = target.delete(del.user().targetId().orElseThrow());
                if (write(index, action, r) && del.user().sourceId().isPresent()) {
                    NativeId source = del.user().sourceId().get();
                    store.removeLink(keeper.lease(), source);
                    links.remove(source);
                }
            } else if (action instanceof PlanAction.GrantPermission) {
                Optional<NativeId> id = resolve(index, action);
                if (id.isPresent()) {
                    write(index, action, target.update(id.get(), patchOf(action)));
                }
            } else if (action instanceof PlanAction.RevokePermission r) {
                write(index, action, target.update(r.user().targetId().orElseThrow(), patchOf(action)));
            } else {
                throw new IllegalStateException("unknown action " + action.kind());
            }
        } catch (StaleLeaseException stale) {
            throw stale;
        } catch (RuntimeException e) {
            LOG.debug("action {} for {} failed", action.kind(), action.user().label(), e);
            record(ActionOutcome.failed(index, action, WriteFailure.from(e)));
        }
    }

    private void createBatch(List<PlanAction> actions, int from, int to) {
        List<UserProfile> profiles = new ArrayList<>(to - from);
        boolean notify = false;
        for (int i = from; i < to; i++) {
            PlanAction.CreateUser c = (PlanAction.CreateUser) actions.get(i);
            profiles.add(c.profile());
            notify |= c.notifyUser();
        }
        // notifyOnCreate is one policy setting, so a batch never mixes the two.
        List<WriteResult> results;
        try {
            results = target.createAll(profiles, new CreateOptions(notify));
            requireSize(results, profiles.size());
        } catch (StaleLeaseException stale) {
            throw stale;
        } catch (RuntimeException e) {
            for (int i = from; i < to; i++) {
                record(ActionOutcome.failed(i, actions.get(i), WriteFailure.from(e)));
            }
            return;
        }
        for (int i = from; i < to; i++) {
            afterCreate(i, (PlanAction.CreateUser) actions.get(i), results.get(i - from));
        }
    }

    private static final java.util.Set<ActionKind> BATCHED = java.util.EnumSet.of(
            ActionKind.CREATE, ActionKind.UPDATE, ActionKind.GRANT_PERMISSION, ActionKind.REVOKE_PERMISSION);

    /** Updates, grants and revokes are all patches, so they share the directory's batch update. */
    private void updateBatch(List<PlanAction> actions, int from, int to) {
        List<UpdateRequest> updates = new ArrayList<>(to - from);
        List<Integer> indices = new ArrayList<>(to - from);
        for (int i = from; i < to; i++) {
            PlanAction a = actions.get(i);
            Optional<NativeId> id = a.kind() == ActionKind.GRANT_PERMISSION ? resolve(i, a) : a.user().targetId();
            if (id.isEmpty()) {
                continue; // resolve() recorded why it was skipped
            }
            updates.add(new UpdateRequest(id.get(), patchOf(a)));
            indices.add(i);
        }
        if (updates.isEmpty()) {
            return;
        }
        List<WriteResult> results;
        try {
            results = target.updateAll(updates);
            requireSize(results, updates.size());
        } catch (StaleLeaseException stale) {
            throw stale;
        } catch (RuntimeException e) {
            for (int i : indices) {
                record(ActionOutcome.failed(i, actions.get(i), WriteFailure.from(e)));
            }
            return;
        }
        for (int k = 0; k < indices.size(); k++) {
            write(indices.get(k), actions.get(indices.get(k)), results.get(k));
        }
    }

    private static String licenceOf(PlanAction a) {
        if (a instanceof PlanAction.AssignLicence l) {
            return l.licenceId();
        }
        if (a instanceof PlanAction.RevokeLicence l) {
            return l.licenceId();
        }
        throw new IllegalArgumentException("not a licence action: " + a.kind());
    }

    /**
     * Consecutive assignments (or revocations) of one licence go to the pool together, so a pool with a
     * bulk write spends a call per batch rather than per user.
     */
    private void licenceBatch(List<PlanAction> actions, int from, int to, LicensePool pool) {
        boolean assigning = actions.get(from).kind() == ActionKind.ASSIGN_LICENCE;
        List<NativeId> users = new ArrayList<>(to - from);
        List<Integer> indices = new ArrayList<>(to - from);
        for (int i = from; i < to; i++) {
            PlanAction a = actions.get(i);
            Optional<NativeId> id = assigning ? resolve(i, a) : a.user().targetId();
            if (id.isEmpty()) {
                if (!assigning) {
                    record(ActionOutcome.failed(i, a, WriteFailure.of(FailureKind.NOT_FOUND, "no target account to revoke from")));
                }
                continue; // resolve() recorded why it was skipped
            }
            users.add(id.get());
            indices.add(i);
        }
        if (users.isEmpty()) {
            return;
        }
        List<Optional<WriteFailure>> results;
        try {
            results = assigning ? pool.assignAll(users) : pool.revokeAll(users);
            if (results.size() != users.size()) {
                throw new io.rostersync.spi.RosterSyncException(FailureKind.INVALID_RESPONSE, "licence pool " + pool.licenceId()
                        + " returned " + results.size() + " results for a batch of " + users.size());
            }
        } catch (StaleLeaseException stale) {
            throw stale;
        } catch (RuntimeException e) {
            for (int i : indices) {
                record(ActionOutcome.failed(i, actions.get(i), WriteFailure.from(e)));
            }
            return;
        }
        for (int k = 0; k < indices.size(); k++) {
            int index = indices.get(k);
            Optional<WriteFailure> failure = results.get(k);
            record(failure.isPresent() ? ActionOutcome.failed(index, actions.get(index), failure.get())
                    : ActionOutcome.applied(index, actions.get(index)));
        }
    }

    private static UserPatch patchOf(PlanAction a) {
        if (a instanceof PlanAction.UpdateUser u) {
            return u.patch();
        }
        if (a instanceof PlanAction.GrantPermission g) {
            return UserPatch.builder().addRole(g.permission()).build();
        }
        if (a instanceof PlanAction.RevokePermission r) {
            return UserPatch.builder().removeRole(r.permission()).build();
        }
        throw new IllegalArgumentException("not a patch: " + a.kind());
    }

    private void requireSize(List<WriteResult> results, int expected) {
        if (results.size() != expected) {
            throw new io.rostersync.spi.RosterSyncException(FailureKind.INVALID_RESPONSE,
                    target.name() + " returned " + results.size() + " results for a batch of " + expected);
        }
    }

    private void afterCreate(int index, PlanAction.CreateUser c, WriteResult r) {
        if (r instanceof WriteResult.Stored s) {
            try {
                saveLink(Link.of(c.user().sourceId().orElseThrow(), s.record().id()));
            } catch (StaleLeaseException stale) {
                throw stale;
            } catch (RuntimeException e) {
                // The account exists but is unlinked: the next run finds it by its matching key.
                record(ActionOutcome.failed(index, c, WriteFailure.of(FailureKind.TRANSIENT,
                        "created " + s.record().id() + " but could not store the link: " + e.getMessage())));
                return;
            }
            record(ActionOutcome.applied(index, c));
        } else {
            record(ActionOutcome.failed(index, c, ((WriteResult.Failed) r).failure()));
        }
    }

    private boolean write(int index, PlanAction action, WriteResult r) {
        if (r instanceof WriteResult.Failed f) {
            record(ActionOutcome.failed(index, action, f.failure()));
            return false;
        }
        record(ActionOutcome.applied(index, action));
        return true;
    }

    private Optional<NativeId> resolve(int index, PlanAction action) {
        if (action.user().targetId().isPresent()) {
            return action.user().targetId();
        }
        NativeId source = action.user().sourceId().orElseThrow();
        Link link = links.get(source);
        if (link != null) {
            return Optional.of(link.targetId());
        }
        record(ActionOutcome.skipped(index, action, WriteFailure.of(FailureKind.NOT_FOUND,
                "the account was not created, so there is nothing to " + action.kind().name().toLowerCase(java.util.Locale.ROOT))));
        return Optional.empty();
    }

    private void saveLink(Link link) {
        store.saveLink(keeper.lease(), link);
        links.put(link.sourceId(), link);
    }

    private void markDeactivated(PlanAction action, boolean deactivated) {
        Optional<NativeId> source = action.user().sourceId();
        if (source.isEmpty()) {
            return;
        }
        Link link = links.get(source.get());
        if (link != null && link.deactivatedBySync() != deactivated) {
            saveLink(link.withDeactivatedBySync(deactivated));
        }
    }

    private void record(ActionOutcome outcome) {
        outcomes.add(outcome);
        try {
            if (outcome.status() == ActionOutcome.Status.FAILED || outcome.status() == ActionOutcome.Status.SKIPPED) {
                listener.failed(outcome);
            }
            listener.applied(outcomes.size(), total, outcome);
        } catch (RuntimeException e) {
            LOG.warn("sync listener threw; ignoring", e);
        }
    }
}
