package io.rostersync.internal;

import io.rostersync.model.EmailAddress;
import io.rostersync.model.NativeId;
import io.rostersync.model.UserPatch;
import io.rostersync.model.UserProfile;
import io.rostersync.model.UserRecord;
import io.rostersync.model.UserStatus;
import io.rostersync.model.Username;
import io.rostersync.model.Cursor;
import io.rostersync.model.SyncId;
import io.rostersync.model.internal.IdentityText;
import io.rostersync.spi.Conflict;
import io.rostersync.spi.ConflictKind;
import io.rostersync.plan.Plan;
import io.rostersync.plan.PlanAction;
import io.rostersync.spi.PlanMode;
import io.rostersync.plan.PlanStats;
import io.rostersync.spi.UserRef;
import io.rostersync.policy.Deprovision;
import io.rostersync.policy.Field;
import io.rostersync.policy.LicenseRule;
import io.rostersync.policy.Ownership;
import io.rostersync.policy.Reactivation;
import io.rostersync.policy.SyncPolicy;
import io.rostersync.policy.UnmatchedAction;
import io.rostersync.spi.IdentityMatcher;
import io.rostersync.spi.LicenseSnapshot;
import io.rostersync.spi.Link;
import io.rostersync.spi.Links;
import io.rostersync.spi.MatchContext;
import io.rostersync.spi.MatchKey;
import io.rostersync.spi.MatchResult;
import io.rostersync.spi.PermissionApplication;
import io.rostersync.spi.PermissionDecision;
import io.rostersync.spi.ReadProblem;
import io.rostersync.spi.Reason;
import io.rostersync.spi.ReasonCode;
import io.rostersync.spi.ReasonExplainer;
import io.rostersync.spi.RoleToPermissionMapper;
import io.rostersync.spi.UserPage;
import io.rostersync.spi.UserPages;
import io.rostersync.spi.internal.LinkIndex;
import io.rostersync.spi.internal.LinksAccess;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * One reconciliation: a linear hash join of a streamed source against an indexed target. Single use.
 *
 * <p>Memory is the target index plus one source page: whatever the run must remember about a source
 * user (seen, claimed a key value) is marked on the target entry or key entry it found, so the only
 * per-source state kept is for the few source users that no target entry stands for (new people,
 * dangling links) and for users who change.
 */
public final class Planner {

    private static final String DEFAULT_PRODUCT = "default";

    private final SyncPolicy policy;
    private final Input input;
    private final IdentityMatcher matcher;
    private final List<MatchKey> keys;
    private final Links links;
    /** The stored links by position, so per-link data here can sit in arrays. */
    private final LinkIndex linkIndex;
    private final Instant now;

    /** Every target account, with what this run learnt about it. */
    private final TargetTable targets;
    /** Per key (in {@link #keys} order): who holds each normalised value. */
    private final List<KeyTable> keyIndex = new ArrayList<>();
    private final Map<String, Integer> keyPositions = new HashMap<>();
    /**
     * Per key: the values some source user holds other than through its linked target's own value (new
     * people, changed values, unlinked users), the only places a value shared by two source users can be.
     */
    private final List<List<KeyTable.Holders>> otherHeldValues = new ArrayList<>();
    /**
     * Source ids seen that no target entry can carry the mark for: unlinked users and links to a missing
     * target. Linked users are marked on their target's entry instead, so this stays small in steady state.
     */
    private final Set<NativeId> seenWithoutTarget = new HashSet<>();

    private final Map<NativeId, Decision> decisions = new LinkedHashMap<>();
    private final List<Decision> targetOnly = new ArrayList<>();
    /** target id -> the first source user that matched it by key (linked users never get here). */
    private final Map<NativeId, NativeId> claims = new HashMap<>();
    private final Set<NativeId> conflicted = new HashSet<>();
    private final Set<NativeId> duplicated = new HashSet<>();
    private final List<Conflict> conflicts = new ArrayList<>();
    private final List<NativeId> removedSources = new ArrayList<>();
    private final List<ReadProblem> problems = new ArrayList<>();
    /** Per key, made when first needed: target entries by the lookalike form of their value, where it differs. */
    private final List<@Nullable Map<String, List<Integer>>> lookalikeIndex = new ArrayList<>();
    /**
     * Per key: source users about to be created whose value is not its own lookalike form (few: values
     * outside ASCII, or with upper case where the key keeps it), by that form.
     */
    private final List<Map<String, List<PendingKey>>> createdKeys = new ArrayList<>();

    private int sourceCount;
    private boolean targetRead;
    private int inScope;
    private int ignored;
    private Optional<Cursor> lastCursor = Optional.empty();

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
        this.matcher = policy.matcher();
        Map<String, MatchKey> distinct = new LinkedHashMap<>();
        matcher.keys().forEach(k -> distinct.putIfAbsent(k.name(), k));
        this.keys = List.copyOf(distinct.values());
        for (MatchKey key : keys) {
            keyPositions.put(key.name(), keyPositions.size());
        }
        this.links = input.links();
        this.linkIndex = LinksAccess.index(links);
        this.now = input.now();
        // In a steady state nearly every target is linked: sizing the key indexes from the links (with room
        // for the unlinked and for source values) saves growing them while a million values go in.
        int expectedTargets = links.size() + links.size() / 4;
        this.targets = new TargetTable(links);
        for (int k = 0; k < keys.size(); k++) {
            keyIndex.add(new KeyTable(expectedTargets));
            otherHeldValues.add(new ArrayList<>());
            lookalikeIndex.add(null);
            createdKeys.add(new HashMap<>());
        }
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

    /** Every license rule needs its pool's snapshot whenever there is a target to decide about. */
    private void requireLicenseSnapshots() {
        for (LicenseRule rule : policy.licenseRules()) {
            if (!input.licenses().get().containsKey(rule.licenseId())) {
                throw new IllegalArgumentException("no snapshot of license '" + rule.licenseId() + "' in the plan input");
            }
        }
    }

    public Plan plan() {
        if (input.mode() == PlanMode.INCREMENTAL) {
            List<UserRecord> changed = readChangeSet();
            // Nothing changed: nothing to decide, so the target is not read at all. A scheduled run
            // over a quiet source then costs one source request, not a full read of the target.
            if (!changed.isEmpty() || !removedSources.isEmpty()) {
                indexTarget();
                changed.forEach(s -> visit(s, linkIndex.positionOfSource(s.id())));
            }
        } else {
            indexTarget();
            streamSource();
        }
        if (!problems.isEmpty()) {
            // An incomplete read says nothing about who is absent, and a read that may have moved under us
            // is no ground for taking access away at all: deprovision nobody, for any reason, this run.
            deferDeprovisions();
        } else if (input.mode() == PlanMode.FULL) {
            deprovisionGone();
            if (policy.authoritative()) {
                deprovisionUnaccounted();
            }
        } else {
            deprovisionRemoved();
        }
        resolveLookalikeCreates();
        resolveDuplicateKeys();
        if (targetRead) {
            decideLicenses(); // an empty change set has no snapshots to decide with, nor anyone to decide for
        }
        decideDeferredPermissions();
        return assemble();
    }

    // ---- target index ---------------------------------------------------------------------------

    private void indexTarget() {
        requireLicenseSnapshots();
        targetRead = true;
        try (UserPages pages = input.target()) {
            for (Optional<UserPage> page = pages.next(); page.isPresent(); page = pages.next()) {
                List<UserRecord> users = page.get().users();
                int[] positions = linkPositions(users, false);
                for (int i = 0; i < positions.length; i++) {
                    UserRecord t = users.get(i);
                    int entry = targets.add(t, positions[i]);
                    if (entry < 0) {
                        continue; // a page repeated by the directory; the first copy stands
                    }
                    for (int k = 0; k < keys.size(); k++) {
                        Optional<String> value = keys.get(k).targetValue(t);
                        if (value.isPresent()) {
                            keyIndex.get(k).addTarget(entry, value.get());
                        }
                    }
                }
            }
        }
    }

    private final MatchContext context = new MatchContext() {
        @Override
        public Optional<UserRecord> linkedTarget(NativeId sourceId) {
            int entry = targets.findLinked(sourceId);
            return entry < 0 ? Optional.empty() : Optional.of(targets.record(entry));
        }

        @Override
        public List<UserRecord> lookup(MatchKey key, String normalizedValue) {
            // By name: a matcher may hold its own instance of a key that another matcher also declared.
            Integer k = keyPositions.get(key.name());
            if (k == null) {
                throw new IllegalStateException("matcher looked up key '" + key.name() + "' it did not declare in keys()");
            }
            int[] found = keyIndex.get(k).targetsHolding(normalizedValue);
            if (found.length == 1) {
                return List.of(targets.record(found[0]));
            }
            List<UserRecord> records = new ArrayList<>(found.length);
            for (int entry : found) {
                records.add(targets.record(entry));
            }
            records.sort(Comparator.comparing(UserRecord::id));
            return records;
        }
    };

    // ---- source pass ----------------------------------------------------------------------------

    /**
     * The stored link positions of a page of users, looked up in a loop of their own: the lookups are
     * independent, so the processor overlaps their cache misses, which one lookup per user amid the
     * rest of the work does not allow (at a million users, most of the engine's time is such misses).
     */
    private int[] linkPositions(List<UserRecord> users, boolean ofSources) {
        int[] positions = new int[users.size()];
        for (int i = 0; i < positions.length; i++) {
            NativeId id = users.get(i).id();
            positions[i] = ofSources ? linkIndex.positionOfSource(id) : linkIndex.positionOfTarget(id);
        }
        return positions;
    }

    /** A full snapshot is streamed against the target index; the first copy of an account stands. */
    private void streamSource() {
        try (UserPages pages = input.source()) {
            for (Optional<UserPage> page = pages.next(); page.isPresent(); page = pages.next()) {
                List<UserRecord> users = page.get().users();
                int[] positions = linkPositions(users, true);
                for (int i = 0; i < positions.length; i++) {
                    visit(users.get(i), positions[i]);
                }
                removedSources.addAll(page.get().removed());
                notePage(page.get());
            }
        }
    }

    /**
     * Reads a change set whole before the target: it may mention one account several times and the
     * latest mention is the truth (change sets are small), and an empty one needs no target at all.
     * Leaves the removed accounts in {@link #removedSources} and returns the changed ones in read order.
     */
    private List<UserRecord> readChangeSet() {
        Map<NativeId, UserRecord> latest = new LinkedHashMap<>();
        Set<NativeId> removedLatest = new java.util.LinkedHashSet<>();
        try (UserPages pages = input.source()) {
            for (Optional<UserPage> page = pages.next(); page.isPresent(); page = pages.next()) {
                for (UserRecord s : page.get().users()) {
                    latest.remove(s.id());
                    latest.put(s.id(), s);
                    removedLatest.remove(s.id());
                }
                for (NativeId gone : page.get().removed()) {
                    latest.remove(gone);
                    removedLatest.add(gone);
                }
                notePage(page.get());
            }
        }
        removedSources.addAll(removedLatest);
        return new ArrayList<>(latest.values());
    }

    private void notePage(UserPage page) {
        problems.addAll(page.problems());
        if (page.cursorAfter().isPresent()) {
            lastCursor = page.cursorAfter();
        }
    }

    /**
     * Marks a source id as read; false when it was already. A linked user's mark lives on its target's
     * entry (links are one-to-one, so the entry stands for exactly this source id).
     */
    private boolean markSeen(NativeId sourceId, int linkedEntry) {
        if (linkedEntry < 0) {
            return seenWithoutTarget.add(sourceId);
        }
        if (targets.linkedSourceSeen(linkedEntry)) {
            return false;
        }
        targets.markLinkedSourceSeen(linkedEntry);
        return true;
    }

    private void markReferenced(NativeId targetId) {
        int entry = targets.find(targetId);
        if (entry >= 0) {
            targets.markReferenced(entry);
        }
    }

    /** One source user; {@code position} is that of its stored link, -1 when it has none. */
    private void visit(UserRecord s, int position) {
        sourceCount++;
        if (beyondLimits(s)) {
            return; // a read problem: nothing is planned for this user, and nobody is deprovisioned this run
        }
        Link link = position < 0 ? null : linkIndex.at(position);
        int linkedEntry = position < 0 ? -1 : targets.entryOfLink(position); // -1 too if the linked account is gone
        if (!markSeen(s.id(), linkedEntry)) {
            return; // the same account twice in one read: the first copy stands
        }
        if (!policy.scope().includes(s)) {
            if (linkedEntry >= 0) {
                targets.markReferenced(linkedEntry);
                deprovision(s.id(), link, targets.record(linkedEntry), policy.onOutOfScope(),
                        Reason.of(ReasonCode.NO_LONGER_IN_SCOPE, "scope", policy.scope().description()));
            }
            return;
        }
        inScope++;
        registerSourceKeys(s, linkedEntry);
        if (link != null) {
            if (linkedEntry < 0) {
                conflict(ConflictKind.LINKED_TARGET_MISSING,
                        List.of(UserRef.both(s.id(), link.targetId(), s.label())),
                        Reason.of(ReasonCode.DANGLING_LINK, "targetId", link.targetId().value()), s.id());
                return;
            }
            targets.markReferenced(linkedEntry);
            syncExisting(s, targets.record(linkedEntry), link, Optional.empty());
            return;
        }
        MatchResult result = matcher.match(s, context);
        boolean wouldAct = result instanceof MatchResult.Matched
                || (result instanceof MatchResult.Unmatched && !s.status().isDisabled() && policy.onUnmatched() != UnmatchedAction.IGNORE);
        if (wouldAct && lookalikeOfTarget(s)) {
            return;
        }
        if (result instanceof MatchResult.Ambiguous a) {
            a.candidates().forEach(this::markReferenced);
            List<UserRef> users = new ArrayList<>();
            users.add(UserRef.source(s.id(), s.label()));
            conflict(ConflictKind.AMBIGUOUS_MATCH, users,
                    Reason.of(ReasonCode.AMBIGUOUS_MATCH, "count", String.valueOf(a.candidates().size()), "via", a.via(),
                            "candidates", Reason.listOf(a.candidates())), s.id());
        } else if (result instanceof MatchResult.Matched m) {
            UserRecord t = m.target();
            markReferenced(t.id());
            Optional<Link> other = links.byTarget(t.id());
            if (other.isPresent() && !other.get().sourceId().equals(s.id())) {
                conflict(ConflictKind.CANDIDATE_LINKED_ELSEWHERE, List.of(UserRef.source(s.id(), s.label())),
                        Reason.of(ReasonCode.CANDIDATE_LINKED_ELSEWHERE, "candidate", t.label(), "candidateId", t.id().value(),
                                "via", m.via(), "linkedSourceId", other.get().sourceId().value()), s.id());
                return;
            }
            NativeId firstClaim = claims.putIfAbsent(t.id(), s.id());
            if (firstClaim != null) {
                conflicted.add(firstClaim);
                Decision first = decisions.get(firstClaim);
                String firstLabel = first != null ? first.ref.label() : firstClaim.value();
                conflict(ConflictKind.CANDIDATE_CLAIMED_TWICE,
                        List.of(UserRef.source(firstClaim, firstLabel), UserRef.source(s.id(), s.label())),
                        Reason.of(ReasonCode.CANDIDATE_CLAIMED_TWICE, "candidate", t.label(), "candidateId", t.id().value()), s.id());
                return;
            }
            syncExisting(s, t, null, Optional.of(m.via()));
        } else if (s.status().isDisabled()) {
            ignored++;
        } else if (policy.onUnmatched() == UnmatchedAction.IGNORE) {
            ignored++;
        } else {
            noteCreatedKeys(s);
            create(s);
        }
    }

    // ---- record bounds and lookalike keys ---------------------------------------------------------

    /**
     * Whether the record is beyond the policy's bounds, which makes it a read problem. Checked before
     * anything else looks at the record: only sizes are read, so a 2-million-character name costs nothing.
     */
    private boolean beyondLimits(UserRecord s) {
        Optional<String> violation = policy.recordLimits().violation(s);
        if (violation.isEmpty()) {
            return false;
        }
        problems.add(new ReadProblem("user " + s.id(), "the record is beyond the policy's bounds (SyncPolicy.recordLimits): "
                + violation.get() + "; nothing is planned for this user"));
        return true;
    }

    /**
     * A source user holding a key value that no target holds but that looks like a target's value (a
     * near-twin: see {@link IdentityText#lookalike}) is a conflict for review, whatever the matcher found by
     * its other keys: nothing is linked, updated or created for them.
     */
    private boolean lookalikeOfTarget(UserRecord s) {
        for (int k = 0; k < keys.size(); k++) {
            MatchKey key = keys.get(k);
            Optional<String> value = key.sourceValue(s);
            if (value.isEmpty() || keyIndex.get(k).targetsHolding(value.get()).length > 0) {
                continue; // no value, or a target holds exactly this one: a match, not a lookalike
            }
            String form = IdentityText.lookalike(value.get());
            List<Integer> twins = new ArrayList<>(lookalikeIndex(k).getOrDefault(form, List.of()));
            if (!form.equals(value.get()) && IdentityText.lookalike(form).equals(form)) {
                for (int entry : keyIndex.get(k).targetsHolding(form)) {
                    twins.add(entry); // targets whose value is its own lookalike form, so not in the lookalike index
                }
            }
            if (twins.isEmpty()) {
                continue;
            }
            List<UserRef> users = new ArrayList<>();
            users.add(UserRef.source(s.id(), s.label()));
            List<String> labels = new ArrayList<>();
            List<String> ids = new ArrayList<>();
            List<String> values = new ArrayList<>();
            for (int entry : twins) {
                targets.markReferenced(entry);
                UserRecord t = targets.record(entry);
                users.add(UserRef.target(t.id(), t.label()));
                labels.add(t.label());
                ids.add(t.id().value());
                values.add(Objects.requireNonNull(keyIndex.get(k).valueOf(entry), "a look-alike target holds a value"));
            }
            conflict(ConflictKind.LOOKALIKE_KEY, users, Reason.of(ReasonCode.LOOKALIKE_OF_TARGET, "key", key.name(),
                    "value", value.get(), "targetLabels", Reason.listOf(labels), "targetIds", Reason.listOf(ids),
                    "targetValues", Reason.listOf(values)), s.id());
            return true;
        }
        return false;
    }

    /** Target entries by the lookalike form of their value of key {@code k}, for values not their own form. */
    private Map<String, List<Integer>> lookalikeIndex(int k) {
        Map<String, List<Integer>> index = lookalikeIndex.get(k);
        if (index == null) {
            index = new HashMap<>();
            KeyTable table = keyIndex.get(k);
            for (int entry = 0; entry < targets.size(); entry++) {
                String value = table.valueOf(entry);
                if (value != null) {
                    String form = IdentityText.lookalike(value);
                    if (!form.equals(value)) {
                        index.computeIfAbsent(form, f -> new ArrayList<>(1)).add(entry);
                    }
                }
            }
            lookalikeIndex.set(k, index);
        }
        return index;
    }

    private record PendingKey(NativeId sourceId, String label, String value) {
    }

    /** Remembers a new user's values that are not their own lookalike form; the others are in the key index. */
    private void noteCreatedKeys(UserRecord s) {
        for (int k = 0; k < keys.size(); k++) {
            Optional<String> value = keys.get(k).sourceValue(s);
            if (value.isPresent()) {
                String form = IdentityText.lookalike(value.get());
                if (!form.equals(value.get())) {
                    createdKeys.get(k).computeIfAbsent(form, f -> new ArrayList<>(1)).add(new PendingKey(s.id(), s.label(), value.get()));
                }
            }
        }
    }

    /**
     * Source users to be created whose keys are different but look alike: a conflict for all of them. A
     * group is the new users remembered under one lookalike form plus the new users whose value is that
     * form itself (found in the key index, where every unlinked user's values are).
     */
    private void resolveLookalikeCreates() {
        for (int k = 0; k < keys.size(); k++) {
            List<String> forms = new ArrayList<>(createdKeys.get(k).keySet());
            forms.sort(null);
            for (String form : forms) {
                List<PendingKey> group = new ArrayList<>(createdKeys.get(k).get(form));
                for (NativeId id : keyIndex.get(k).sourcesHolding(form)) {
                    Decision d = decisions.get(id);
                    if (d != null && d.target.isEmpty() && !conflicted.contains(id)) {
                        group.add(new PendingKey(id, d.ref.label(), form));
                    }
                }
                if (group.size() < 2 || group.stream().map(PendingKey::value).distinct().count() < 2) {
                    continue; // one user, or the same value (a duplicate key, reported as such)
                }
                List<UserRef> users = new ArrayList<>();
                List<String> values = new ArrayList<>();
                for (PendingKey p : group) {
                    users.add(UserRef.source(p.sourceId(), p.label()));
                    values.add(p.value());
                    conflicted.add(p.sourceId());
                }
                conflicts.add(new Conflict(ConflictKind.LOOKALIKE_KEY, users, Reason.of(ReasonCode.LOOKALIKE_NEW_KEYS,
                        "count", String.valueOf(group.size()), "key", keys.get(k).name(), "values", Reason.listOf(values))));
            }
        }
    }

    /**
     * Records which source user holds each key value, to find values two source users share. A linked
     * user holding its target's own value (nearly everyone, run after run) only sets a bit on the
     * target's entry: no lookup, and nothing that outlives the page. Anyone else is added to the value's
     * entry in the key index.
     */
    private void registerSourceKeys(UserRecord s, int linkedEntry) {
        for (int k = 0; k < keys.size(); k++) {
            Optional<String> value = keys.get(k).sourceValue(s);
            if (value.isEmpty()) {
                continue;
            }
            KeyTable index = keyIndex.get(k);
            if (linkedEntry >= 0 && k < Byte.SIZE && value.get().equals(index.valueOf(linkedEntry))) {
                targets.markOwnValueHeld(linkedEntry, k);
                continue;
            }
            KeyTable.Holders holders = index.holdersOf(value.get());
            if (!holders.hasSources()) {
                otherHeldValues.get(k).add(holders);
            }
            holders.addSource(s.id());
        }
    }

    /** Every source user holding a key value: those added to its holders and those marked on its targets. */
    private List<NativeId> sourceHolders(int k, KeyTable.Holders holders) {
        List<NativeId> ids = new ArrayList<>(holders.sourceList());
        for (int i = 0; i < holders.targetCount(); i++) {
            int entry = holders.target(i);
            Link link = targets.link(entry);
            if (link != null && k < Byte.SIZE && targets.ownValueHeld(entry, k)) {
                ids.add(link.sourceId());
            }
        }
        return ids;
    }

    private void conflict(ConflictKind kind, List<UserRef> users, Reason reason, NativeId sourceId) {
        conflicts.add(new Conflict(kind, users, reason));
        conflicted.add(sourceId);
    }

    // ---- per-user decisions ---------------------------------------------------------------------

    /** What the plan does for one person; kept only while it has (or may get) actions. */
    private static final class Decision {
        /** The source user; null for an account deprovisioned without one (gone, removed, out of scope). */
        final @Nullable UserRecord source;
        final UserRef ref;
        final Optional<UserRecord> target;
        final List<PlanAction> actions = new ArrayList<>();
        UserStatus finalStatus;
        boolean deprovisioned;
        boolean deleted;
        final List<LicenseRule> wantsLicense = new ArrayList<>();
        final List<String> holdsLicense = new ArrayList<>();

        Decision(@Nullable UserRecord source, UserRef ref, Optional<UserRecord> target, UserStatus finalStatus) {
            this.source = source;
            this.ref = ref;
            this.target = target;
            this.finalStatus = finalStatus;
        }
    }

    private void syncExisting(UserRecord s, UserRecord t, @Nullable Link link, Optional<String> matchedVia) {
        UserProfile desired = policy.profileMapper().map(s, Optional.of(t));
        StatusChange statusChange = statusChange(s, t, link);
        if (matchedVia.isEmpty() && statusChange == StatusChange.NONE && !mayDiffer(desired, t.profile())
                && policy.licenseRules().isEmpty() && policy.permissionMapper().isEmpty()) {
            return; // linked and unchanged, nothing licensed: most users of a run, so decided without garbage
        }
        UserRef ref = UserRef.both(s.id(), t.id(), s.label());
        Decision d = new Decision(s, ref, Optional.of(t), t.status());
        matchedVia.ifPresent(via -> d.actions.add(new PlanAction.LinkUser(ref, Reason.of(ReasonCode.MATCHED_BY, "via", via))));
        Diff diff = diff(desired, t.profile());
        if (!diff.patch.isEmpty()) {
            d.actions.add(new PlanAction.UpdateUser(ref, diff.patch, diff.notes));
        }
        decideStatus(d, statusChange, s.status(), link);
        evaluateLicenses(d);
        finish(d);
    }

    private enum StatusChange { NONE, DEACTIVATE, REACTIVATE }

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

    private void create(UserRecord s) {
        UserProfile desired = policy.profileMapper().map(s, Optional.empty());
        UserStatus status = policy.onUnmatched() == UnmatchedAction.CREATE_PENDING || s.status() == UserStatus.PENDING
                ? UserStatus.PENDING : UserStatus.ACTIVE;
        UserProfile profile = creationProfile(desired, status);
        UserRef ref = UserRef.source(s.id(), s.label());
        Decision d = new Decision(s, ref, Optional.empty(), status);
        d.actions.add(new PlanAction.CreateUser(ref, profile, policy.notifyOnCreate(),
                Reason.of(ReasonCode.UNMATCHED_CREATED, "keys", describeMatcher(), "status", status.name()), s));
        evaluateLicenses(d);
        finish(d);
    }

    private String describeMatcher() {
        List<String> names = new ArrayList<>();
        keys.forEach(k -> names.add(k.name()));
        return Reason.listOf(names);
    }

    private UserProfile creationProfile(UserProfile desired, UserStatus status) {
        UserProfile.Builder b = UserProfile.builder()
                .email(desired.email())
                .username(desired.username())
                .firstName(desired.firstName())
                .lastName(desired.lastName())
                .status(status);
        if (policy.ownership(Field.ROLES) != Ownership.NEVER) {
            b.roles(desired.roles());
        }
        if (policy.ownership(Field.GROUPS) != Ownership.NEVER) {
            b.groups(desired.groups());
        }
        desired.attributes().forEach((name, value) -> {
            if (policy.attributeOwnership(name) != Ownership.NEVER) {
                b.attribute(name, value);
            }
        });
        return b.build();
    }

    private void finish(Decision d) {
        if (!d.actions.isEmpty() || !d.wantsLicense.isEmpty() || needsPermissionReview(d)) {
            if (d.wantsLicense.isEmpty()) {
                decidePermissions(d);
            }
            // only a source user's own decision is finished; accounts without one go to targetOnly
            decisions.put(Objects.requireNonNull(d.source, "a finished decision has a source user").id(), d);
        }
    }

    // ---- deprovisioning -------------------------------------------------------------------------

    /**
     * Withdraws every deactivation and deletion decided so far (a source user read as inactive, or out of
     * scope now) because the read had problems; each becomes a {@link ConflictKind#DEPROVISION_DEFERRED}
     * conflict so the report names who waits for the next complete read.
     */
    private void deferDeprovisions() {
        for (Decision d : decisions.values()) {
            if (!d.deprovisioned) {
                continue;
            }
            d.actions.removeIf(a -> a.kind().isDeprovisioning());
            d.deprovisioned = false;
            d.target.ifPresent(t -> d.finalStatus = t.status());
            conflicts.add(new Conflict(ConflictKind.DEPROVISION_DEFERRED, List.of(d.ref), DEFERRED));
        }
        for (Decision d : targetOnly) {
            if (d.actions.stream().anyMatch(a -> a.kind().isDeprovisioning())) {
                conflicts.add(new Conflict(ConflictKind.DEPROVISION_DEFERRED, List.of(d.ref), DEFERRED));
            }
        }
        targetOnly.clear();
    }

    private static final Reason DEFERRED = Reason.of(ReasonCode.DEPROVISION_DEFERRED);

    private void deprovision(@Nullable NativeId sourceId, @Nullable Link link, UserRecord t, Deprovision how, Reason why) {
        if (how == Deprovision.LEAVE) {
            return;
        }
        UserRef ref = sourceId != null ? UserRef.both(sourceId, t.id(), t.label()) : UserRef.target(t.id(), t.label());
        Decision d = new Decision(null, ref, Optional.of(t), t.status());
        d.deprovisioned = true;
        releaseLicenses(d, t, Reason.of(ReasonCode.BEING_DEPROVISIONED));
        if (how == Deprovision.DELETE) {
            d.actions.add(new PlanAction.DeleteUser(ref, List.of(why, Reason.of(ReasonCode.POLICY_DELETES))));
            d.deleted = true;
        } else if (!t.status().isDisabled()) {
            d.actions.add(new PlanAction.DeactivateUser(ref, why));
            d.finalStatus = UserStatus.INACTIVE;
        }
        if (!d.deleted) {
            revokeLicensedPermissions(d, t);
        }
        if (!d.actions.isEmpty()) {
            targetOnly.add(d);
        }
    }

    /** Linked targets whose source user was not read; a link to a missing target has nothing to deprovision. */
    private void deprovisionGone() {
        for (int entry = 0; entry < targets.size(); entry++) {
            Link link = targets.link(entry);
            if (link != null && !targets.linkedSourceSeen(entry)) {
                deprovision(link.sourceId(), link, targets.record(entry), policy.onGone(), Reason.of(ReasonCode.GONE_FROM_SOURCE));
            }
        }
    }

    private void deprovisionRemoved() {
        for (NativeId removed : removedSources) {
            int entry = targets.findLinked(removed);
            if (!markSeen(removed, entry)) {
                continue; // read in this same run (changed, then removed), or listed twice
            }
            if (entry >= 0) {
                deprovision(removed, targets.link(entry), targets.record(entry), policy.onGone(), Reason.of(ReasonCode.REMOVED_FROM_SOURCE));
            }
        }
    }

    private void deprovisionUnaccounted() {
        List<UserRecord> candidates = new ArrayList<>();
        for (int entry = 0; entry < targets.size(); entry++) {
            UserRecord t = targets.record(entry);
            if (targets.link(entry) == null && !targets.referenced(entry) && !policy.protectedTargets().includes(t)) {
                candidates.add(t);
            }
        }
        candidates.sort(Comparator.comparing(UserRecord::id));
        for (UserRecord t : candidates) {
            deprovision(null, null, t, policy.onGone(), Reason.of(ReasonCode.NOT_IN_AUTHORITATIVE_SOURCE));
        }
    }

    // ---- duplicates -----------------------------------------------------------------------------

    private void resolveDuplicateKeys() {
        for (int k = 0; k < keys.size(); k++) {
            MatchKey key = keys.get(k);
            // A value held only through targets' own values is held by linked users alone: never a conflict.
            List<KeyTable.Holders> candidates = new ArrayList<>(otherHeldValues.get(k));
            candidates.sort(Comparator.comparing((KeyTable.Holders h) -> h.value));
            for (KeyTable.Holders held : candidates) {
                String value = held.value;
                List<NativeId> ids = sourceHolders(k, held);
                if (ids.size() < 2) {
                    continue;
                }
                // Only in-scope users hold key values, so a stored link is what tells them apart.
                boolean anyUnlinked = ids.stream().anyMatch(id -> links.bySource(id).isEmpty());
                if (!anyUnlinked) {
                    continue; // every one of them is already linked: the links tell them apart
                }
                List<UserRef> users = new ArrayList<>();
                for (NativeId id : ids) {
                    users.add(UserRef.source(id, value));
                    conflicted.add(id);
                    duplicated.add(id);
                }
                conflicts.add(new Conflict(ConflictKind.DUPLICATE_SOURCE_KEY, users,
                        Reason.of(ReasonCode.DUPLICATE_SOURCE_KEY, "count", String.valueOf(ids.size()), "key", key.name(), "value", value)));
            }
        }
        // Two duplicates claiming the same target is one problem, already reported as the duplicate.
        // So is a duplicate whose match is its twin's linked account.
        conflicts.removeIf(c -> (c.kind() == ConflictKind.CANDIDATE_CLAIMED_TWICE || c.kind() == ConflictKind.CANDIDATE_LINKED_ELSEWHERE)
                && c.users().stream().allMatch(u -> u.sourceId().map(duplicated::contains).orElse(false)));
        decisions.keySet().removeAll(conflicted);
    }

    // ---- licenses -------------------------------------------------------------------------------

    private void evaluateLicenses(Decision d) {
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

    /** The snapshot of a license the policy names: {@link #requireLicenseSnapshots} checked each has one. */
    private LicenseSnapshot snapshot(String licenseId) {
        LicenseSnapshot snapshot = input.licenses().get().get(licenseId);
        if (snapshot == null) {
            throw new IllegalStateException("no snapshot of license '" + licenseId + "' in the plan input");
        }
        return snapshot;
    }

    private void releaseLicenses(Decision d, UserRecord t, Reason why) {
        for (LicenseRule rule : policy.licenseRules()) {
            if (snapshot(rule.licenseId()).assignees().contains(t.id())) {
                d.actions.add(new PlanAction.RevokeLicense(d.ref, rule.licenseId(), why));
            }
        }
    }

    private void decideLicenses() {
        for (LicenseRule rule : policy.licenseRules()) {
            LicenseSnapshot snapshot = snapshot(rule.licenseId());
            int releases = 0;
            List<Decision> candidates = new ArrayList<>();
            for (Decision d : allDecisions()) {
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

    private Iterable<Decision> allDecisions() {
        List<Decision> all = new ArrayList<>(decisions.size() + targetOnly.size());
        all.addAll(decisions.values());
        all.addAll(targetOnly);
        return all;
    }

    // ---- permissions ----------------------------------------------------------------------------

    private boolean needsPermissionReview(Decision d) {
        Optional<RoleToPermissionMapper> mapper = policy.permissionMapper();
        if (mapper.isEmpty() || d.deleted) {
            return false;
        }
        if (mapper.get().application() == PermissionApplication.ENFORCED) {
            return true;
        }
        Set<String> held = heldManaged(d, mapper.get());
        return held.isEmpty() || !policy.licenseRules().isEmpty();
    }

    private void decideDeferredPermissions() {
        for (Decision d : decisions.values()) {
            if (!d.wantsLicense.isEmpty()) {
                decidePermissions(d);
            }
        }
    }

    private Set<String> heldManaged(Decision d, RoleToPermissionMapper mapper) {
        Set<String> held = new TreeSet<>();
        d.target.ifPresent(t -> {
            for (String role : t.roles()) {
                if (mapper.managedPermissions().contains(role)) {
                    held.add(role);
                }
            }
        });
        return held;
    }

    private void decidePermissions(Decision d) {
        Optional<RoleToPermissionMapper> maybe = policy.permissionMapper();
        if (maybe.isEmpty() || d.deleted) {
            return;
        }
        RoleToPermissionMapper mapper = maybe.get();
        Set<String> held = heldManaged(d, mapper);
        boolean licensed = policy.licenseRules().isEmpty() ? !d.deprovisioned : !d.holdsLicense.isEmpty();
        if (!licensed) {
            if (!policy.licenseRules().isEmpty()) {
                for (String p : held) {
                    d.actions.add(new PlanAction.RevokePermission(d.ref, p, Reason.of(ReasonCode.HOLDS_NO_LICENSE)));
                }
            }
            return;
        }
        UserRecord source = d.source;
        if (source == null) {
            return; // deprovisioned without a source user: holds no license, so there is nothing to grant
        }
        String product = policy.permissionProduct().map(f -> f.apply(source))
                .orElseGet(() -> d.holdsLicense.isEmpty() ? DEFAULT_PRODUCT : d.holdsLicense.get(0));
        PermissionDecision decision = mapper.permissionsFor(source.roles(), product);
        SortedSet<String> wanted = decision.permissions();
        if (mapper.application() == PermissionApplication.ON_PROVISIONING_ONLY && !held.isEmpty()) {
            return; // set once when provisioned; later changes are the administrator's
        }
        for (String p : wanted) {
            if (!held.contains(p)) {
                d.actions.add(new PlanAction.GrantPermission(d.ref, p, held.isEmpty()
                        ? List.of(Reason.of(ReasonCode.PERMISSION_RULE, "rule", decision.rule()), Reason.of(ReasonCode.NO_MANAGED_PERMISSION_YET))
                        : List.of(Reason.of(ReasonCode.PERMISSION_RULE, "rule", decision.rule()))));
            }
        }
        for (String p : held) {
            if (!wanted.contains(p)) {
                d.actions.add(new PlanAction.RevokePermission(d.ref, p, Reason.of(ReasonCode.ENFORCED_MAPPING, "permissions", Reason.listOf(wanted), "rule", decision.rule())));
            }
        }
    }

    private void revokeLicensedPermissions(Decision d, UserRecord t) {
        Optional<RoleToPermissionMapper> mapper = policy.permissionMapper();
        if (mapper.isEmpty() || policy.licenseRules().isEmpty()) {
            return;
        }
        for (String role : t.roles()) {
            if (mapper.get().managedPermissions().contains(role)) {
                d.actions.add(new PlanAction.RevokePermission(d.ref, role, Reason.of(ReasonCode.DEPROVISIONED_LOSES_LICENSE)));
            }
        }
    }

    // ---- assembly -------------------------------------------------------------------------------

    private Plan assemble() {
        List<PlanAction> actions = new ArrayList<>();
        int changedInScope = 0;
        for (Decision d : decisions.values()) {
            if (!d.actions.isEmpty()) {
                changedInScope++;
                actions.addAll(d.actions);
            }
        }
        for (Decision d : targetOnly) {
            if (d.ref.sourceId().isPresent() && conflicted.contains(d.ref.sourceId().get())) {
                continue;
            }
            actions.addAll(d.actions);
        }
        actions.sort(ACTION_ORDER);
        conflicts.sort(Comparator.comparing((Conflict c) -> c.kind())
                .thenComparing(c -> c.users().get(0).label())
                .thenComparing(c -> c.users().get(0).sourceId().map(NativeId::value).orElse(""))
                .thenComparing(c -> ReasonExplainer.english().reasons(c.reasons())));
        // Every conflicted id is an in-scope source user of this read: conflicts are only raised while visiting one.
        int conflictedInScope = conflicted.size();
        int unchanged = Math.max(0, inScope - ignored - conflictedInScope - changedInScope);
        // An unread target (an empty change set) is still managed: count what the links say of it.
        int managed = !targetRead ? links.size() : policy.authoritative() ? targets.size() : targets.linked();
        PlanStats stats = new PlanStats(sourceCount, targets.size(), inScope, unchanged, ignored, managed);
        return new Plan(input.mode(), now, input.sourceName(), input.targetName(), actions, conflicts, stats, lastCursor, problems,
                input.syncId(), Optional.empty());
    }

    private static final Comparator<PlanAction> ACTION_ORDER = Comparator
            .comparing(PlanAction::kind)
            .thenComparing((PlanAction a) -> a.user().label())
            .thenComparing(a -> a.user().sourceId().map(NativeId::value).orElse(""))
            .thenComparing(a -> a.user().targetId().map(NativeId::value).orElse(""))
            .thenComparing(Planner::detailOf);

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

    // ---- field diff -----------------------------------------------------------------------------

    private record Diff(UserPatch patch, List<Reason> notes) {
    }

    private static final Diff NO_DIFF = new Diff(UserPatch.builder().build(), List.of());

    /** Cheap check without allocation: most users in a run have not changed at all. */
    private boolean mayDiffer(UserProfile desired, UserProfile current) {
        if (!desired.email().equals(current.email()) || !desired.username().equals(current.username())
                || !desired.firstName().equals(current.firstName()) || !desired.lastName().equals(current.lastName())) {
            return true;
        }
        if (policy.ownership(Field.ROLES) != Ownership.NEVER && !desired.roles().equals(current.roles())) {
            return true;
        }
        if (policy.ownership(Field.GROUPS) != Ownership.NEVER && !desired.groups().equals(current.groups())) {
            return true;
        }
        Map<String, Ownership> ownedAttributes = policy.ownedAttributes();
        if (ownedAttributes.isEmpty()) {
            return false; // the usual policy; iterating the empty view would still allocate an iterator per user
        }
        for (String name : ownedAttributes.keySet()) {
            if (!java.util.Objects.equals(desired.attributes().get(name), current.attributes().get(name))) {
                return true;
            }
        }
        return false;
    }

    private Diff diff(UserProfile desired, UserProfile current) {
        if (!mayDiffer(desired, current)) {
            return NO_DIFF;
        }
        UserPatch.Builder b = UserPatch.builder();
        List<Reason> notes = new ArrayList<>();
        if (desired.email().isPresent() && !desired.email().equals(current.email())
                && writes(Field.EMAIL, current.email().isEmpty())) {
            EmailAddress e = desired.email().get();
            b.email(e);
            notes.add(Reason.of(ReasonCode.FIELD_CHANGED, "field", Field.EMAIL.name(), "from", current.email().map(EmailAddress::value).orElse(""), "to", e.value()));
        }
        if (desired.username().isPresent() && !desired.username().equals(current.username())
                && writes(Field.USERNAME, current.username().isEmpty())) {
            Username u = desired.username().get();
            b.username(u);
            notes.add(Reason.of(ReasonCode.FIELD_CHANGED, "field", Field.USERNAME.name(), "from", current.username().map(Username::value).orElse(""), "to", u.value()));
        }
        if (!desired.firstName().isEmpty() && !desired.firstName().equals(current.firstName())
                && writes(Field.FIRST_NAME, current.firstName().isEmpty())) {
            b.firstName(desired.firstName());
            notes.add(Reason.of(ReasonCode.FIELD_CHANGED, "field", Field.FIRST_NAME.name(), "from", current.firstName(), "to", desired.firstName()));
        }
        if (!desired.lastName().isEmpty() && !desired.lastName().equals(current.lastName())
                && writes(Field.LAST_NAME, current.lastName().isEmpty())) {
            b.lastName(desired.lastName());
            notes.add(Reason.of(ReasonCode.FIELD_CHANGED, "field", Field.LAST_NAME.name(), "from", current.lastName(), "to", desired.lastName()));
        }
        diffSet(Field.ROLES, desired.roles(), current.roles(), b::addRole, b::removeRole, notes);
        diffSet(Field.GROUPS, desired.groups(), current.groups(), b::addGroup, b::removeGroup, notes);
        for (Map.Entry<String, Ownership> owned : policy.ownedAttributes().entrySet()) {
            String name = owned.getKey();
            Ownership own = owned.getValue();
            Optional<String> want = desired.attribute(name);
            Optional<String> have = current.attribute(name);
            if (own == Ownership.NEVER || want.equals(have)) {
                continue;
            }
            if (want.isPresent() && (own == Ownership.ALWAYS || have.isEmpty())) {
                b.setAttribute(name, want.get());
                notes.add(Reason.of(ReasonCode.ATTRIBUTE_CHANGED, "attribute", name, "from", have.orElse(""), "to", want.get()));
            } else if (want.isEmpty() && own == Ownership.ALWAYS) {
                b.removeAttribute(name);
                notes.add(Reason.of(ReasonCode.ATTRIBUTE_REMOVED, "attribute", name, "from", have.orElseThrow()));
            }
        }
        return new Diff(b.build(), notes);
    }

    private boolean writes(Field field, boolean currentEmpty) {
        Ownership own = policy.ownership(field);
        return own == Ownership.ALWAYS || (own == Ownership.WHEN_EMPTY && currentEmpty);
    }

    private void diffSet(Field field, Set<String> want, Set<String> have,
                         java.util.function.Consumer<String> add, java.util.function.Consumer<String> remove,
                         List<Reason> notes) {
        Ownership own = policy.ownership(field);
        if (own == Ownership.NEVER || want.equals(have)) {
            return;
        }
        if (own == Ownership.WHEN_EMPTY && !have.isEmpty()) {
            return;
        }
        List<String> added = new ArrayList<>();
        List<String> removed = new ArrayList<>();
        for (String w : want) {
            if (!have.contains(w)) {
                add.accept(w);
                added.add(w);
            }
        }
        if (own == Ownership.ALWAYS) {
            for (String h : have) {
                if (!want.contains(h)) {
                    remove.accept(h);
                    removed.add(h);
                }
            }
        }
        if (!added.isEmpty() || !removed.isEmpty()) {
            notes.add(Reason.of(ReasonCode.SET_CHANGED, "field", field.name(), "added", Reason.listOf(added), "removed", Reason.listOf(removed)));
        }
    }
}
