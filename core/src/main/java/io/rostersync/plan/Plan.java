package io.rostersync.plan;

import io.rostersync.model.Cursor;
import io.rostersync.model.SyncId;
import io.rostersync.spi.ActionKind;
import io.rostersync.spi.Conflict;
import io.rostersync.spi.PlanMode;
import io.rostersync.spi.ReadProblem;
import io.rostersync.spi.UserRef;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The outcome of reconciliation: ordered actions, conflicts and counts. A plan is a value: it can be
 * shown for approval, serialised with {@code io.rostersync.json.PlanJson} and applied later.
 *
 * @param mode       whether the source read was a full snapshot or a change set
 * @param plannedAt  the time the plan was made for (an input, never read from a clock by the engine)
 * @param source     the source directory's name
 * @param target     the target directory's name
 * @param actions    actions in execution order
 * @param conflicts  users the engine refused to decide, sorted
 * @param stats      input counts
 * @param nextCursor where the next incremental read starts once this plan is applied
 * @param readProblems source records that could not be read; when there are any, the plan deprovisions
 *                   nobody for being absent and the cursor is not advanced
 * @param syncId     the sync the plan was made for; a stored plan is applied only to that sync (empty for a
 *                   plan made outside a sync, which {@code SyncRunner.apply} refuses)
 * @param digest     an HMAC-SHA256 over the plan's content made with the host's key by
 *                   {@link PlanDigest#sign}, so an edited plan can be refused; empty when unsigned
 * @since 0.1.0
 */
public record Plan(
        PlanMode mode,
        Instant plannedAt,
        String source,
        String target,
        List<PlanAction> actions,
        List<Conflict> conflicts,
        PlanStats stats,
        Optional<Cursor> nextCursor,
        List<ReadProblem> readProblems,
        Optional<SyncId> syncId,
        Optional<String> digest) {

    /** Version of the JSON format; bumped on any incompatible change (3: reasons as codes). */
    public static final int FORMAT_VERSION = 3;

    /**
     * Copies the lists and checks the order of the actions.
     *
     * @param mode         whether the source read was a full snapshot or a change set
     * @param plannedAt    the time the plan was made for (an input, never read from a clock by the engine)
     * @param source       the source directory's name
     * @param target       the target directory's name
     * @param actions      actions in execution order
     * @param conflicts    users the engine refused to decide, sorted
     * @param stats        input counts
     * @param nextCursor   where the next incremental read starts once this plan is applied
     * @param readProblems source records that could not be read; when there are any, the plan deprovisions nobody for being absent and the cursor is not advanced
     * @param syncId       the sync the plan was made for; a stored plan is applied only to that sync (empty for a plan made outside a sync, which {@code SyncRunner.apply} refuses)
     * @param digest       an HMAC-SHA256 over the plan's content made with the host's key by {@link PlanDigest#sign}, so an edited plan can be refused; empty when unsigned
     * @throws IllegalArgumentException if the actions are not in execution order ({@link ActionKind} order) or
     *                                  the digest is blank
     * @throws NullPointerException if a part is null
     */
    public Plan {
        Objects.requireNonNull(mode, "mode");
        Objects.requireNonNull(plannedAt, "plannedAt");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(target, "target");
        actions = List.copyOf(actions);
        conflicts = List.copyOf(conflicts);
        Objects.requireNonNull(stats, "stats");
        Objects.requireNonNull(nextCursor, "nextCursor");
        readProblems = List.copyOf(readProblems);
        Objects.requireNonNull(syncId, "syncId");
        Objects.requireNonNull(digest, "digest");
        if (digest.isPresent() && digest.get().isBlank()) {
            throw new IllegalArgumentException("a digest must not be blank");
        }
        for (int i = 1; i < actions.size(); i++) {
            if (actions.get(i).kind().compareTo(actions.get(i - 1).kind()) < 0) {
                throw new IllegalArgumentException("plan actions must be in execution order (" + actions.get(i - 1).kind()
                        + " before " + actions.get(i).kind() + ")");
            }
        }
    }

    /**
     * A plan made outside any sync and not signed.
     *
     * @param mode         whether the source read was a full snapshot or a change set
     * @param plannedAt    the time the plan was made for
     * @param source       the source directory's name
     * @param target       the target directory's name
     * @param actions      actions in execution order
     * @param conflicts    users the engine refused to decide
     * @param stats        input counts
     * @param nextCursor   where the next incremental read starts once this plan is applied
     * @param readProblems source records that could not be read
     */
    public Plan(PlanMode mode, Instant plannedAt, String source, String target, List<PlanAction> actions,
                List<Conflict> conflicts, PlanStats stats, Optional<Cursor> nextCursor, List<ReadProblem> readProblems) {
        this(mode, plannedAt, source, target, actions, conflicts, stats, nextCursor, readProblems, Optional.empty(), Optional.empty());
    }

    /**
     * This plan carrying {@code value} as its digest (see {@link PlanDigest#sign}).
     *
     * @param value the digest, not blank
     * @return a new plan; this one is unchanged
     */
    public Plan withDigest(String value) {
        return new Plan(mode, plannedAt, source, target, actions, conflicts, stats, nextCursor, readProblems, syncId,
                Optional.of(value));
    }

    /**
     * This plan without a digest.
     *
     * @return a new plan; this one is unchanged
     */
    public Plan withoutDigest() {
        return new Plan(mode, plannedAt, source, target, actions, conflicts, stats, nextCursor, readProblems, syncId,
                Optional.empty());
    }

    /**
     * This plan with other counts (a stored plan's counts are replaced by the current ones before the guard).
     *
     * @param value the counts
     * @return a new plan; this one is unchanged
     */
    public Plan withStats(PlanStats value) {
        return new Plan(mode, plannedAt, source, target, actions, conflicts, value, nextCursor, readProblems, syncId, digest);
    }

    /**
     * Whether every source record could be read.
     *
     * @return {@code true} when there are no read problems
     */
    public boolean sourceComplete() {
        return readProblems.isEmpty();
    }

    /**
     * Whether applying the plan would change nothing.
     *
     * @return {@code true} when there are no actions (conflicts may remain)
     */
    public boolean isEmpty() {
        return actions.isEmpty();
    }

    /**
     * Number of actions per kind; kinds with none are absent.
     *
     * @return a new mutable map from kind to count
     */
    public Map<ActionKind, Integer> counts() {
        Map<ActionKind, Integer> counts = new EnumMap<>(ActionKind.class);
        for (PlanAction a : actions) {
            counts.merge(a.kind(), 1, Integer::sum);
        }
        return counts;
    }

    /**
     * Number of deactivations and deletions: what the deletion guard weighs.
     *
     * @return the number of {@link ActionKind#DEACTIVATE} and {@link ActionKind#DELETE} actions
     */
    public int deprovisionCount() {
        int n = 0;
        for (PlanAction a : actions) {
            if (a.kind().isDeprovisioning()) {
                n++;
            }
        }
        return n;
    }

    /**
     * Each affected user's decisions and why, sorted by label. Users with no action and no conflict are
     * not listed; {@link PlanStats#unchanged()} counts them. {@link UserDecision#decisions(PlanExplainer)}
     * shows them in words.
     *
     * @return one decision per affected user
     */
    public List<UserDecision> explain() {
        Map<String, UserRef> refs = new LinkedHashMap<>();
        Map<String, List<PlanAction>> actionsOf = new LinkedHashMap<>();
        Map<String, List<Conflict>> conflictsOf = new LinkedHashMap<>();
        for (PlanAction a : actions) {
            String key = personKey(a.user());
            refs.merge(key, a.user(), (old, add) -> old.targetId().isPresent() ? old : add);
            actionsOf.computeIfAbsent(key, k -> new ArrayList<>()).add(a);
        }
        for (Conflict c : conflicts) {
            for (UserRef u : c.users()) {
                String key = personKey(u);
                refs.putIfAbsent(key, u);
                conflictsOf.computeIfAbsent(key, k -> new ArrayList<>()).add(c);
            }
        }
        List<UserDecision> out = new ArrayList<>(refs.size());
        refs.forEach((key, ref) -> out.add(new UserDecision(ref, actionsOf.getOrDefault(key, List.of()),
                conflictsOf.getOrDefault(key, List.of()))));
        out.sort(Comparator.comparing(UserDecision::user));
        return out;
    }

    private static String personKey(UserRef ref) {
        return ref.sourceId().map(id -> "s:" + id.value()).orElseGet(() -> "t:" + ref.targetId().orElseThrow().value());
    }

    /**
     * One-line description of an action in English: what, then why ({@link PlanExplainer#action} of
     * {@link PlanExplainer#english()}).
     *
     * @param action the action
     * @return for example {@code "link to t1: matched an existing account by email"}
     */
    public static String describe(PlanAction action) {
        return PlanExplainer.english().action(action);
    }
}
