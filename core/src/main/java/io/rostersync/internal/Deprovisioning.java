package io.rostersync.internal;

import io.rostersync.spi.ReasonCode;
import io.rostersync.spi.Reason;
import io.rostersync.internal.index.TargetIndex;
import io.rostersync.model.NativeId;
import io.rostersync.model.UserRecord;
import io.rostersync.plan.PlanAction;
import io.rostersync.policy.Deprovision;
import io.rostersync.policy.SyncPolicy;
import io.rostersync.spi.Conflict;
import io.rostersync.spi.ConflictKind;
import io.rostersync.spi.UserRef;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Taking access away: accounts whose source user is gone, removed or out of scope are deactivated, deleted
 * or left as the policy says, releasing their seats and licensed permissions; under an authoritative policy so
 * are accounts never linked that nobody in the source refers to. A source read with problems deprovisions
 * nobody: each deprovision it holds back is a {@link ConflictKind#DEPROVISION_DEFERRED} conflict instead.
 */
final class Deprovisioning {

    static final Reason DEFERRED = Reason.of(ReasonCode.DEPROVISION_DEFERRED);

    private final SyncPolicy policy;
    private final LicenseAllocation licenses;
    private final PermissionPlanning permissions;

    Deprovisioning(SyncPolicy policy, LicenseAllocation licenses, PermissionPlanning permissions) {
        this.policy = policy;
        this.licenses = licenses;
        this.permissions = permissions;
    }

    /** The decision taking one account's access away, or null when the policy leaves it or there is nothing to do. */
    @Nullable Decision deprovision(@Nullable NativeId sourceId, UserRecord t, Deprovision how, Reason why) {
        if (how == Deprovision.LEAVE) {
            return null;
        }
        UserRef ref = sourceId != null ? UserRef.both(sourceId, t.id(), t.label()) : UserRef.target(t.id(), t.label());
        Decision d = new Decision(null, ref, Optional.of(t), t.status());
        d.deprovisioned = true;
        licenses.release(d, t, Reason.of(ReasonCode.BEING_DEPROVISIONED));
        if (how == Deprovision.DELETE) {
            d.actions.add(new PlanAction.DeleteUser(ref, List.of(why, Reason.of(ReasonCode.POLICY_DELETES))));
            d.deleted = true;
        } else if (!t.status().isDisabled()) {
            d.actions.add(new PlanAction.DeactivateUser(ref, why));
            d.finalStatus = io.rostersync.model.UserStatus.INACTIVE;
        }
        if (!d.deleted) {
            permissions.revokeLicensed(d, t);
        }
        return d.actions.isEmpty() ? null : d;
    }

    /** Linked accounts whose source user was not in a complete full read. */
    List<Decision> gone(TargetIndex index) {
        List<Decision> out = new ArrayList<>();
        for (TargetIndex.LinkedTarget gone : index.unseenLinkedTargets()) {
            add(out, deprovision(gone.link().sourceId(), gone.target(), policy.onGone(), Reason.of(ReasonCode.GONE_FROM_SOURCE)));
        }
        return out;
    }

    /** Linked accounts whose source user a change set lists as removed (and not read in it). */
    List<Decision> removed(TargetIndex index, List<NativeId> removedSources) {
        List<Decision> out = new ArrayList<>();
        for (NativeId removed : removedSources) {
            Optional<TargetIndex.LinkedTarget> linked = index.linkedTargetOf(removed);
            if (!index.markSeen(removed)) {
                continue; // read in this same run (changed, then removed), or listed twice
            }
            linked.ifPresent(l -> add(out, deprovision(removed, l.target(), policy.onGone(), Reason.of(ReasonCode.REMOVED_FROM_SOURCE))));
        }
        return out;
    }

    /** Under an authoritative policy: accounts never linked that no in-scope source user referred to. */
    List<Decision> unaccounted(TargetIndex index) {
        List<UserRecord> candidates = new ArrayList<>();
        for (UserRecord t : index.unreferencedUnlinkedTargets()) {
            if (!policy.protectedTargets().includes(t)) {
                candidates.add(t);
            }
        }
        candidates.sort(Comparator.comparing(UserRecord::id));
        List<Decision> out = new ArrayList<>();
        for (UserRecord t : candidates) {
            add(out, deprovision(null, t, policy.onGone(), Reason.of(ReasonCode.NOT_IN_AUTHORITATIVE_SOURCE)));
        }
        return out;
    }

    /**
     * Holds back the deactivation or deletion in a decision because the read had problems: the deprovisioning
     * actions are dropped (seats and permissions it gives back stay) and the user is listed as waiting.
     */
    static void defer(Decision d, List<Conflict> conflicts) {
        d.actions.removeIf(a -> a.kind().isDeprovisioning());
        d.deprovisioned = false;
        d.target.ifPresent(t -> d.finalStatus = t.status());
        conflicts.add(new Conflict(ConflictKind.DEPROVISION_DEFERRED, List.of(d.ref), DEFERRED));
    }

    /** Lists a user whose deprovision an incomplete read holds back, with nothing else planned for it. */
    static void deferOnly(UserRef ref, List<Conflict> conflicts) {
        conflicts.add(new Conflict(ConflictKind.DEPROVISION_DEFERRED, List.of(ref), DEFERRED));
    }

    private static void add(List<Decision> out, @Nullable Decision d) {
        if (d != null) {
            out.add(d);
        }
    }
}
