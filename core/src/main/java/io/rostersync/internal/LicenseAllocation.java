package io.rostersync.internal;

import io.rostersync.spi.ReasonCode;
import io.rostersync.spi.Reason;
import io.rostersync.model.NativeId;
import io.rostersync.model.UserRecord;
import io.rostersync.plan.PlanAction;
import io.rostersync.policy.LicenseRule;
import io.rostersync.policy.SyncPolicy;
import io.rostersync.spi.Conflict;
import io.rostersync.spi.ConflictKind;
import io.rostersync.spi.LicenseSnapshot;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * License seats: each decision is first evaluated on its own (holds a seat it keeps, wants one, or gives one
 * back), then the seats wanted are allocated across the plan, rule by rule, in the rule's priority order: never
 * beyond the free seats plus those the plan releases, nothing on an expired license, each shortfall a conflict.
 */
final class LicenseAllocation {

    private final SyncPolicy policy;
    private final Supplier<Map<String, LicenseSnapshot>> licenses;
    private final Instant now;

    LicenseAllocation(SyncPolicy policy, Supplier<Map<String, LicenseSnapshot>> licenses, Instant now) {
        this.policy = policy;
        this.licenses = licenses;
        this.now = now;
    }

    /**
     * Every license rule needs its pool's snapshot whenever there is a target to decide about.
     *
     * @throws IllegalArgumentException naming the first license without one
     */
    void requireSnapshots() {
        for (LicenseRule rule : policy.licenseRules()) {
            if (!licenses.get().containsKey(rule.licenseId())) {
                throw new IllegalArgumentException("no snapshot of license '" + rule.licenseId() + "' in the plan input");
            }
        }
    }

    /** Decides, for one person on its own, which seats it keeps, which it wants and which it gives back. */
    void evaluate(Decision d) {
        NativeId targetId = d.target.map(UserRecord::id).orElse(null);
        for (LicenseRule rule : policy.licenseRules()) {
            LicenseSnapshot snapshot = snapshot(rule.licenseId());
            boolean holds = targetId != null && snapshot.assignees().contains(targetId);
            boolean wants = !d.deprovisioned && d.finalStatus.holdsSeat() && rule.eligible().test(d.source);
            if (wants && holds) {
                d.holdsLicense.add(rule.licenseId());
            } else if (wants) {
                d.wantsLicense.add(rule);
            } else if (holds) {
                Reason why = !d.finalStatus.holdsSeat()
                        ? Reason.of(ReasonCode.STATUS_USES_NO_SEAT, "status", d.finalStatus.name())
                        : Reason.of(ReasonCode.NO_LONGER_ELIGIBLE, "rule", rule.description());
                d.actions.add(new PlanAction.RevokeLicense(d.ref, rule.licenseId(), why));
            }
        }
    }

    /** Gives back every seat a deprovisioned account holds. */
    void release(Decision d, UserRecord t, Reason why) {
        for (LicenseRule rule : policy.licenseRules()) {
            if (snapshot(rule.licenseId()).assignees().contains(t.id())) {
                d.actions.add(new PlanAction.RevokeLicense(d.ref, rule.licenseId(), why));
            }
        }
    }

    /** Assigns the seats wanted across every decision of the plan; shortfalls and expiries go to {@code conflicts}. */
    void allocate(List<Decision> all, List<Conflict> conflicts) {
        for (LicenseRule rule : policy.licenseRules()) {
            LicenseSnapshot snapshot = snapshot(rule.licenseId());
            int releases = 0;
            List<Decision> candidates = new ArrayList<>();
            for (Decision d : all) {
                for (PlanAction a : d.actions) {
                    if (a instanceof PlanAction.RevokeLicense r && r.licenseId().equals(rule.licenseId())) {
                        releases++;
                    }
                }
                if (d.wantsLicense.contains(rule)) {
                    candidates.add(d);
                }
            }
            Comparator<UserRecord> order = rule.priority().thenComparing(UserRecord::id);
            candidates.sort((a, b) -> order.compare(a.source, b.source));
            if (snapshot.isExpiredAt(now)) {
                for (Decision d : candidates) {
                    conflicts.add(new Conflict(ConflictKind.LICENSE_EXPIRED, List.of(d.ref),
                            Reason.of(ReasonCode.LICENSE_EXPIRED, "license", rule.licenseId(),
                                    "expiredAt", snapshot.expiresAt().orElseThrow().toString())));
                }
                continue;
            }
            int free = snapshot.free() + releases;
            for (Decision d : candidates) {
                if (free > 0) {
                    free--;
                    d.actions.add(new PlanAction.AssignLicense(d.ref, rule.licenseId(),
                            Reason.of(ReasonCode.ELIGIBLE_FOR_LICENSE, "rule", rule.description())));
                    d.holdsLicense.add(rule.licenseId());
                } else {
                    conflicts.add(new Conflict(ConflictKind.LICENSE_SHORTFALL, List.of(d.ref),
                            Reason.of(ReasonCode.SEAT_SHORTFALL, "license", rule.licenseId(), "entitled", String.valueOf(snapshot.entitlement()),
                                    "consumed", String.valueOf(snapshot.consumed()), "released", String.valueOf(releases))));
                }
            }
        }
    }

    /** The snapshot of a license the policy names: {@link #requireSnapshots} checked each has one. */
    private LicenseSnapshot snapshot(String licenseId) {
        LicenseSnapshot snapshot = licenses.get().get(licenseId);
        if (snapshot == null) {
            throw new IllegalStateException("no snapshot of license '" + licenseId + "' in the plan input");
        }
        return snapshot;
    }
}
