package io.rostersync.spi;

import io.rostersync.model.SyncId;
import io.rostersync.spi.ReadProblem;
import java.time.Instant;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The record of one sync run, kept by the {@code SyncStateStore} and serialisable with
 * {@code io.rostersync.json.PlanJson}.
 *
 * @param syncId      the sync
 * @param startedAt   when the run started
 * @param finishedAt  when it ended
 * @param status      how it ended
 * @param mode        full or incremental read
 * @param sourceUsers source records read
 * @param targetUsers target records read
 * @param planned     planned actions per kind
 * @param applied     actions applied
 * @param failures    actions that failed or were skipped, in plan order
 * @param conflicts   users the plan refused to decide, users waiting for a license seat, and deprovisions the
 *                    deletion guard holds
 * @param readProblems source records that could not be read (for example malformed CSV rows), all of them
 * @param message     a sentence for people: the guard's verdict, the error, or a summary
 * @since 0.1.0
 */
public record SyncReport(
        SyncId syncId,
        Instant startedAt,
        Instant finishedAt,
        RunStatus status,
        PlanMode mode,
        int sourceUsers,
        int targetUsers,
        Map<ActionKind, Integer> planned,
        int applied,
        List<FailedAction> failures,
        List<Conflict> conflicts,
        List<ReadProblem> readProblems,
        String message) {

    /**
     * Copies the collections and checks the counts.
     *
     * @param syncId       the sync
     * @param startedAt    when the run started
     * @param finishedAt   when it ended
     * @param status       how it ended
     * @param mode         full or incremental read
     * @param sourceUsers  source records read
     * @param targetUsers  target records read
     * @param planned      planned actions per kind
     * @param applied      actions applied
     * @param failures     actions that failed or were skipped, in plan order
     * @param conflicts    users the plan refused to decide, users waiting for a license seat, and deprovisions the deletion guard holds
     * @param readProblems source records that could not be read (for example malformed CSV rows), all of them
     * @param message      a sentence for people: the guard's verdict, the error, or a summary
     * @throws IllegalArgumentException if a count is negative or the run finished before it started
     * @throws NullPointerException if a part is null
     */
    public SyncReport {
        Objects.requireNonNull(syncId, "syncId");
        Objects.requireNonNull(startedAt, "startedAt");
        Objects.requireNonNull(finishedAt, "finishedAt");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(mode, "mode");
        EnumMap<ActionKind, Integer> copy = new EnumMap<>(ActionKind.class);
        copy.putAll(planned);
        planned = Collections.unmodifiableMap(copy);
        failures = List.copyOf(failures);
        conflicts = List.copyOf(conflicts);
        readProblems = List.copyOf(readProblems);
        Objects.requireNonNull(message, "message");
        if (applied < 0 || sourceUsers < 0 || targetUsers < 0) {
            throw new IllegalArgumentException("report counts must not be negative");
        }
        if (finishedAt.isBefore(startedAt)) {
            throw new IllegalArgumentException("a run cannot finish before it starts");
        }
    }

    /**
     * Deprovisions the deletion guard holds until the host releases them, one per account; each user names
     * the target account to pass to {@code RunOptions.withHeldReleased}.
     *
     * @return deprovisions the deletion guard holds until the host releases them, one per account; each user names the target account to pass to {@code RunOptions.withHeldReleased}
     */
    public List<Conflict> held() {
        return conflicts.stream().filter(c -> c.kind() == io.rostersync.spi.ConflictKind.DEPROVISION_HELD).toList();
    }

    /**
     * Users waiting for a license seat (no seat free, or the license expired), listed on every run while they
     * wait.
     *
     * @return the waiting users, as conflicts of a kind that waits for a seat
     */
    public List<Conflict> waitingForSeat() {
        return conflicts.stream().filter(c -> c.kind().isWaitingForSeat()).toList();
    }

    /**
     * Total planned actions.
     *
     * @return the sum of {@link #planned()}
     */
    public int plannedTotal() {
        return planned.values().stream().mapToInt(Integer::intValue).sum();
    }

    /**
     * A few lines for a terminal or a log.
     *
     * @return the summary, lines separated by {@code \n}, conflicts explained in English
     */
    public String summary() {
        return summary(ReasonExplainer.english());
    }

    /**
     * A few lines for a terminal or a log, conflicts explained by {@code explainer}.
     *
     * @param explainer shows the conflicts' reasons in words
     * @return the summary, lines separated by {@code \n}
     */
    public String summary(ReasonExplainer explainer) {
        StringBuilder sb = new StringBuilder();
        sb.append("sync ").append(syncId).append(": ").append(status).append(" (").append(mode.name().toLowerCase(java.util.Locale.ROOT))
                .append(" read, ").append(sourceUsers).append(" source / ").append(targetUsers).append(" target users)\n");
        sb.append("  planned ").append(plannedTotal());
        planned.forEach((k, v) -> sb.append(", ").append(k.name().toLowerCase(java.util.Locale.ROOT)).append(' ').append(v));
        sb.append("\n  applied ").append(applied).append(", failed ").append(failures.size())
                .append(", conflicts ").append(conflicts.size()).append('\n');
        for (FailedAction f : failures) {
            sb.append("  failed ").append(f.action().name().toLowerCase(java.util.Locale.ROOT)).append(' ').append(f.user().label())
                    .append(": ").append(f.kind()).append(' ').append(f.message()).append('\n');
        }
        for (ReadProblem p : readProblems) {
            sb.append("  unreadable ").append(p.location()).append(": ").append(p.message()).append('\n');
        }
        for (Conflict c : conflicts) {
            sb.append("  conflict ").append(c.kind()).append(' ').append(c.users()).append(": ").append(explainer.reasons(c.reasons())).append('\n');
        }
        sb.append("  ").append(message);
        return sb.toString();
    }
}
