package io.rostersync.internal;

import io.rostersync.spi.ReasonCode;
import io.rostersync.spi.Reason;
import io.rostersync.internal.index.TargetIndex;
import io.rostersync.model.Cursor;
import io.rostersync.model.NativeId;
import io.rostersync.model.SyncId;
import io.rostersync.model.UserRecord;
import io.rostersync.plan.Plan;
import io.rostersync.plan.PlanStats;
import io.rostersync.policy.SyncPolicy;
import io.rostersync.spi.Conflict;
import io.rostersync.spi.ConflictKind;
import io.rostersync.spi.LicenseSnapshot;
import io.rostersync.spi.Link;
import io.rostersync.spi.Links;
import io.rostersync.spi.MatchKey;
import io.rostersync.spi.PlanMode;
import io.rostersync.spi.UserPage;
import io.rostersync.spi.UserPages;
import io.rostersync.spi.UserRef;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * One reconciliation, in three steps: classify each source user into its {@link Situation} as the source
 * streams against the {@link TargetIndex} (a linear hash join), settle the situations that involve several
 * users once the read is complete ({@link SharedKeys}), then decide each situation ({@link #decide}) and
 * allocate what the decisions share (license seats, then the permissions that wait for them). Single use.
 */
public final class Planner {

    private final SyncPolicy policy;
    private final Input input;
    private final List<MatchKey> keys;
    private final TargetIndex index;
    private final LicenseAllocation licenses;
    private final PermissionPlanning permissions;
    private final PairDecisions pairs;
    private final Deprovisioning deprovisioning;
    private final SourcePass pass;

    /** The in-scope source users' decisions that act (or wait for a seat or a permission review). */
    private final List<Decision> decisions = new ArrayList<>();
    /** Decisions about accounts with no source user in scope: gone, removed, out of scope, unaccounted. */
    private final List<Decision> ofAccounts = new ArrayList<>();
    private final List<Conflict> conflicts = new ArrayList<>();
    private boolean targetRead;
    private boolean readIncomplete;

    /**
     * What one plan is made from: the engine's {@code PlanInput}, unpacked so this package needs nothing
     * from the engine. The reads are single use; {@code licenses} is asked only when a target is decided.
     */
    public record Input(PlanMode mode, UserPages source, UserPages target, Links links,
                        Supplier<Map<String, LicenseSnapshot>> licenses, Instant now, String sourceName,
                        String targetName, Optional<SyncId> syncId) {
    }

    public Planner(SyncPolicy policy, Input input) {
        this.policy = policy;
        this.input = input;
        Map<String, MatchKey> distinct = new LinkedHashMap<>();
        policy.matcher().keys().forEach(k -> distinct.putIfAbsent(k.name(), k));
        this.keys = List.copyOf(distinct.values());
        this.index = new TargetIndex(input.links(), keys);
        this.licenses = new LicenseAllocation(policy, input.licenses(), input.now());
        this.permissions = new PermissionPlanning(policy);
        this.pairs = new PairDecisions(policy, keys, new FieldDiff(policy), licenses, permissions);
        this.deprovisioning = new Deprovisioning(policy, licenses, permissions);
        this.pass = new SourcePass(policy, keys, input.links(), index, pairs);
    }

    /**
     * What this planner decides for one source user and one target account linked to it, as a plan of its
     * own: the owned fields diffed, the status rules (including "kept inactive" and pending) applied, the
     * licenses and permissions decided, exactly as a full plan decides for a linked pair. The executor uses it
     * for an account it adopted mid-run, so the adopted account is brought up to date in the same run by the
     * same rules, not by a copy of them.
     *
     * @param link     the link just made between the two (not deactivated by the sync)
     * @param licenses one snapshot per license rule of the policy, as the pair should see the pool
     */
    public static Plan planLinkedPair(SyncPolicy policy, UserRecord source, UserRecord target, Link link,
                                      List<LicenseSnapshot> licenses, Instant now) {
        if (!link.sourceId().equals(source.id()) || !link.targetId().equals(target.id())) {
            throw new IllegalArgumentException("the link " + link + " does not join " + source.id() + " and " + target.id());
        }
        Map<String, LicenseSnapshot> byLicense = new LinkedHashMap<>();
        licenses.forEach(snapshot -> byLicense.put(snapshot.licenseId(), snapshot));
        Map<String, LicenseSnapshot> snapshots = Map.copyOf(byLicense);
        Input input = new Input(PlanMode.FULL, UserPages.of(List.of(UserPage.of(List.of(source)))),
                UserPages.of(List.of(UserPage.of(List.of(target)))), Links.of(List.of(link)), () -> snapshots, now,
                "source", "target", Optional.empty());
        return new Planner(policy, input).plan();
    }

    public Plan plan() {
        if (input.mode() == PlanMode.INCREMENTAL) {
            List<UserRecord> changed = pass.readChangeSet(input.source());
            // Nothing changed: nothing to decide, so the target is not read at all. A scheduled run
            // over a quiet source then costs one source request, not a full read of the target.
            if (!changed.isEmpty() || !pass.removedSources.isEmpty()) {
                readTarget();
                pass.classify(changed);
                pass.finish();
            }
        } else {
            readTarget();
            pass.stream(input.source());
            pass.finish();
        }
        // An incomplete read says nothing about who is absent, and a read that may have moved under us
        // is no ground for taking access away at all: deprovision nobody, for any reason, this run.
        readIncomplete = !pass.problems.isEmpty();
        Set<NativeId> conflicted = new SharedKeys(keys, input.links(), index).settle(pass, conflicts);
        pass.situations().forEach(u -> u.accept(decide));
        if (!readIncomplete && input.mode() == PlanMode.FULL) {
            ofAccounts.addAll(deprovisioning.gone(index));
            if (policy.authoritative()) {
                ofAccounts.addAll(deprovisioning.unaccounted(index));
            }
        } else if (!readIncomplete) {
            ofAccounts.addAll(deprovisioning.removed(index, pass.removedSources));
        }
        if (targetRead) {
            List<Decision> all = new ArrayList<>(decisions);
            all.addAll(ofAccounts);
            licenses.allocate(all, conflicts); // an empty change set has no snapshots to decide with, nor anyone to decide for
        }
        for (Decision d : decisions) {
            if (!d.wantsLicense.isEmpty()) {
                permissions.decide(d);
            }
        }
        return assemble(conflicted);
    }

    private void readTarget() {
        licenses.requireSnapshots();
        targetRead = true;
        try (UserPages pages = input.target()) {
            for (Optional<UserPage> page = pages.next(); page.isPresent(); page = pages.next()) {
                index.addTargets(page.get().users());
            }
        }
    }

    /** The README's planning table, one method per row; rows that end in a group's conflict add nothing here. */
    private final Situation.Decider decide = new Situation.Decider() {
        @Override
        public void outOfScope(Situation.OutOfScope u) { // deactivate (or delete / leave, per policy)
            u.linked().ifPresent(pair -> deprovisionOutOfScope(pair));
        }

        @Override
        public void danglingLink(Situation.DanglingLink u) { // conflict, no action
            UserRecord s = u.source();
            conflict(ConflictKind.LINKED_TARGET_MISSING, List.of(UserRef.both(s.id(), u.link().targetId(), s.label())),
                    Reason.of(ReasonCode.DANGLING_LINK, "targetId", u.link().targetId().value()));
        }

        @Override
        public void linked(Situation.Linked u) { // update the fields the source owns; follow status
            keep(pairs.sync(u.pair(), Optional.empty()));
        }

        @Override
        public void matched(Situation.Matched u) { // link, then update
            keep(pairs.sync(u.pair(), Optional.of(u.via())));
        }

        @Override
        public void ambiguous(Situation.Ambiguous u) { // conflict, no action
            conflict(ConflictKind.AMBIGUOUS_MATCH, List.of(UserRef.source(u.source().id(), u.source().label())),
                    Reason.of(ReasonCode.AMBIGUOUS_MATCH, "count", String.valueOf(u.candidates().size()), "via", u.via(),
                            "candidates", Reason.listOf(u.candidates())));
        }

        @Override
        public void lookalikeKey(Situation.LookalikeKey u) { // conflict for review, no action
            if (!u.twins().isEmpty()) { // new users alike among themselves: their group's conflict is raised
                lookalikeOfTarget(u);
            }
        }

        @Override
        public void linkedElsewhere(Situation.LinkedElsewhere u) { // conflict, no action
            UserRecord s = u.source();
            UserRecord t = u.target();
            conflict(ConflictKind.CANDIDATE_LINKED_ELSEWHERE, List.of(UserRef.source(s.id(), s.label())),
                    Reason.of(ReasonCode.CANDIDATE_LINKED_ELSEWHERE, "candidate", t.label(), "candidateId", t.id().value(),
                            "via", u.via(), "linkedSourceId", u.linkedSource().value()));
        }

        @Override
        public void claimedTwice(Situation.ClaimedTwice u) { // conflict (raised for each later claimer), no action
            if (u.firstClaim()) {
                deferIfDeactivating(u.pair());
            }
        }

        @Override
        public void duplicateSourceKey(Situation.DuplicateSourceKey u) { // conflict for all of them (raised), no action
            Situation shadowed = u.shadowed();
            if (shadowed instanceof Situation.Linked l) {
                deferIfDeactivating(l.pair());
            } else if (shadowed instanceof Situation.Matched m) {
                deferIfDeactivating(m.pair());
            } else if (shadowed instanceof Situation.ClaimedTwice c && c.firstClaim()) {
                deferIfDeactivating(c.pair());
            }
        }

        @Override
        public void unmatched(Situation.Unmatched u) { // create (active or pending per policy) and link, or ignore
            if (pass.wouldCreate(u.source())) {
                keep(pairs.create(u.source()));
            }
        }
    };

    private void keep(@Nullable Decision d) {
        if (d == null) {
            return;
        }
        if (readIncomplete && d.deprovisioned) {
            Deprovisioning.defer(d, conflicts);
        }
        decisions.add(d);
    }

    /**
     * An incomplete read lists every deactivation it holds back, including that of a linked or first-matched
     * pair whose user ends in a conflict.
     */
    private void deferIfDeactivating(Situation.Pair pair) {
        if (readIncomplete && pair.wouldDeactivate()) {
            UserRecord s = pair.source();
            Deprovisioning.deferOnly(UserRef.both(s.id(), pair.target().id(), s.label()), conflicts);
        }
    }

    private void deprovisionOutOfScope(Situation.Pair pair) {
        Decision d = deprovisioning.deprovision(pair.source().id(), pair.target(), policy.onOutOfScope(),
                Reason.of(ReasonCode.NO_LONGER_IN_SCOPE, "scope", policy.scope().description()));
        if (d == null) {
            return;
        }
        if (!readIncomplete) {
            ofAccounts.add(d);
        } else if (d.actions.stream().anyMatch(a -> a.kind().isDeprovisioning())) {
            Deprovisioning.deferOnly(d.ref, conflicts);
        }
    }

    private void lookalikeOfTarget(Situation.LookalikeKey u) {
        UserRecord s = u.source();
        List<UserRef> users = new ArrayList<>();
        users.add(UserRef.source(s.id(), s.label()));
        List<String> labels = new ArrayList<>();
        List<String> ids = new ArrayList<>();
        List<String> values = new ArrayList<>();
        for (TargetIndex.Twin twin : u.twins()) {
            UserRecord t = twin.target();
            users.add(UserRef.target(t.id(), t.label()));
            labels.add(t.label());
            ids.add(t.id().value());
            values.add(twin.value());
        }
        conflict(ConflictKind.LOOKALIKE_KEY, users, Reason.of(ReasonCode.LOOKALIKE_OF_TARGET, "key", u.key().name(),
                "value", u.value(), "targetLabels", Reason.listOf(labels), "targetIds", Reason.listOf(ids),
                "targetValues", Reason.listOf(values)));
    }

    private void conflict(ConflictKind kind, List<UserRef> users, Reason reason) {
        conflicts.add(new Conflict(kind, users, reason));
    }

    private Plan assemble(Set<NativeId> conflicted) {
        PlanAssembly.Actions actions = PlanAssembly.actions(decisions, ofAccounts, conflicted);
        PlanAssembly.order(conflicts);
        // Every conflicted id is an in-scope source user of this read: conflicts are only raised for one.
        int unchanged = Math.max(0, pass.inScope - pass.ignored - conflicted.size() - actions.changedInScope());
        // An unread target (an empty change set) is still managed: count what the links say of it.
        int managed = !targetRead ? input.links().size() : policy.authoritative() ? index.size() : index.linkedCount();
        PlanStats stats = new PlanStats(pass.sourceCount, index.size(), pass.inScope, unchanged, pass.ignored, managed);
        Optional<Cursor> cursor = pass.lastCursor;
        return new Plan(input.mode(), input.now(), input.sourceName(), input.targetName(), actions.actions(), conflicts, stats,
                cursor, pass.problems, input.syncId(), Optional.empty());
    }
}
