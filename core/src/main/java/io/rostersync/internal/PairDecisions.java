package io.rostersync.internal;

import io.rostersync.spi.ReasonCode;
import io.rostersync.spi.Reason;
import io.rostersync.model.UserProfile;
import io.rostersync.model.UserRecord;
import io.rostersync.model.UserStatus;
import io.rostersync.plan.PlanAction;
import io.rostersync.policy.Reactivation;
import io.rostersync.policy.SyncPolicy;
import io.rostersync.policy.UnmatchedAction;
import io.rostersync.spi.Link;
import io.rostersync.spi.MatchKey;
import io.rostersync.spi.UserRef;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The decisions that act for a source user: bring a linked or matched account in line with it (fields,
 * status, seats, permissions), or create its account. Each returns the decision when it has anything to do.
 */
final class PairDecisions {

    private final SyncPolicy policy;
    private final List<MatchKey> keys;
    private final FieldDiff fields;
    private final LicenseAllocation licenses;
    private final PermissionPlanning permissions;

    PairDecisions(SyncPolicy policy, List<MatchKey> keys, FieldDiff fields, LicenseAllocation licenses,
                  PermissionPlanning permissions) {
        this.policy = policy;
        this.keys = keys;
        this.fields = fields;
        this.licenses = licenses;
        this.permissions = permissions;
    }

    private enum StatusChange { NONE, DEACTIVATE, REACTIVATE }

    /**
     * Whether a linked pair needs no decision at all: fields and status agree and nothing is licensed. Most
     * users of a run, so checked without garbage beyond the desired profile.
     */
    boolean inSync(Situation.Pair pair) {
        return inSync(pair.source(), pair.target(), pair.link());
    }

    /** {@link #inSync(Situation.Pair)} without making the pair, which only a pair out of sync needs. */
    boolean inSync(UserRecord source, UserRecord target, @Nullable Link link) {
        if (!policy.licenseRules().isEmpty() || policy.permissionMapper().isPresent()
                || statusChange(source, target, link) != StatusChange.NONE) {
            return false;
        }
        UserProfile desired = policy.profileMapper().map(source, Optional.of(target));
        return !fields.mayDiffer(desired, target.profile());
    }

    /** Brings the account in line with the source user; {@code matchedVia} is present when the pair is new. */
    @Nullable Decision sync(Situation.Pair pair, Optional<String> matchedVia) {
        UserRecord s = pair.source();
        UserRecord t = pair.target();
        UserProfile desired = policy.profileMapper().map(s, Optional.of(t));
        StatusChange statusChange = statusChange(s, t, pair.link());
        if (matchedVia.isEmpty() && statusChange == StatusChange.NONE && !fields.mayDiffer(desired, t.profile())
                && policy.licenseRules().isEmpty() && policy.permissionMapper().isEmpty()) {
            return null;
        }
        UserRef ref = UserRef.both(s.id(), t.id(), s.label());
        Decision d = new Decision(s, ref, Optional.of(t), t.status());
        matchedVia.ifPresent(via -> d.actions.add(new PlanAction.LinkUser(ref, Reason.of(ReasonCode.MATCHED_BY, "via", via))));
        FieldDiff.Diff diff = fields.diff(desired, t.profile());
        if (!diff.patch().isEmpty()) {
            d.actions.add(new PlanAction.UpdateUser(ref, diff.patch(), diff.notes()));
        }
        decideStatus(d, statusChange, s.status(), pair.link());
        licenses.evaluate(d);
        return finish(d);
    }

    /** Creates the account of an unmatched user, active or pending as the policy and the source say. */
    @Nullable Decision create(UserRecord s) {
        UserProfile desired = policy.profileMapper().map(s, Optional.empty());
        UserStatus status = policy.onUnmatched() == UnmatchedAction.CREATE_PENDING || s.status() == UserStatus.PENDING
                ? UserStatus.PENDING : UserStatus.ACTIVE;
        UserProfile profile = fields.creationProfile(desired, status);
        UserRef ref = UserRef.source(s.id(), s.label());
        Decision d = new Decision(s, ref, Optional.empty(), status);
        d.actions.add(new PlanAction.CreateUser(ref, profile, policy.notifyOnCreate(),
                Reason.of(ReasonCode.UNMATCHED_CREATED, "keys", describeMatcher(), "status", status.name()), s));
        licenses.evaluate(d);
        return finish(d);
    }

    private StatusChange statusChange(UserRecord s, UserRecord t, @Nullable Link link) {
        if (s.status().isDisabled()) {
            return t.status().isDisabled() ? StatusChange.NONE : StatusChange.DEACTIVATE;
        }
        if (t.status().isDisabled()) {
            boolean ours = link != null && link.deactivatedBySync();
            Reactivation r = policy.reactivation();
            if (r == Reactivation.ALWAYS || (r == Reactivation.IF_DEACTIVATED_BY_SYNC && ours)) {
                return StatusChange.REACTIVATE;
            }
        }
        // A pending target stays pending while the source is active: activation is the host admin's call.
        return StatusChange.NONE;
    }

    private void decideStatus(Decision d, StatusChange change, UserStatus src, @Nullable Link link) {
        if (change == StatusChange.DEACTIVATE) {
            d.actions.add(new PlanAction.DeactivateUser(d.ref, Reason.of(ReasonCode.STATUS_IN_SOURCE, "status", src.name())));
            d.finalStatus = UserStatus.INACTIVE;
            d.deprovisioned = true;
        } else if (change == StatusChange.REACTIVATE) {
            boolean ours = link != null && link.deactivatedBySync();
            d.actions.add(new PlanAction.ReactivateUser(d.ref, Reason.of(ours ? ReasonCode.STATUS_IN_SOURCE_AGAIN_AFTER_SYNC_DEACTIVATION
                    : ReasonCode.STATUS_IN_SOURCE_AGAIN, "status", src.name())));
            d.finalStatus = UserStatus.ACTIVE;
        }
    }

    private String describeMatcher() {
        List<String> names = new ArrayList<>();
        keys.forEach(k -> names.add(k.name()));
        return Reason.listOf(names);
    }

    /** Keeps a decision that acts, wants a seat or has permissions to review; decides its permissions now unless it waits for a seat. */
    private @Nullable Decision finish(Decision d) {
        if (!d.actions.isEmpty() || !d.wantsLicense.isEmpty() || permissions.needsReview(d)) {
            if (d.wantsLicense.isEmpty()) {
                permissions.decide(d);
            }
            return d;
        }
        return null;
    }
}
