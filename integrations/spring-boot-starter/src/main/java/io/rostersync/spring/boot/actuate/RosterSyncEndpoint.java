package io.rostersync.spring.boot.actuate;

import io.rostersync.engine.NamedSyncReport;
import io.rostersync.engine.NamedUserResult;
import io.rostersync.engine.NamedUsers;
import io.rostersync.engine.RunOptions;
import io.rostersync.model.EmailAddress;
import io.rostersync.model.NativeId;
import io.rostersync.model.SyncId;
import io.rostersync.plan.Plan;
import io.rostersync.plan.UserDecision;
import io.rostersync.spi.HeldDeprovision;
import io.rostersync.spi.ScheduleState;
import io.rostersync.spi.SyncReport;
import io.rostersync.spi.SyncStateStore;
import io.rostersync.spi.WaitingUser;
import io.rostersync.spring.boot.RosterSyncs;
import io.rostersync.spring.boot.SyncDefinition;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.actuate.endpoint.InvalidEndpointRequestException;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.Selector;
import org.springframework.boot.actuate.endpoint.annotation.WriteOperation;

/**
 * The {@code rostersync} Actuator endpoint.
 *
 * <ul>
 *   <li>{@code GET /actuator/rostersync}: every sync with its last runs (from the store's run history), next due
 *       time, users waiting for a licence seat and deprovisions the deletion guard holds;</li>
 *   <li>{@code GET /actuator/rostersync/{sync}}: one sync (404 for an unknown id);</li>
 *   <li>{@code POST /actuator/rostersync/{sync}/run}: runs the sync now and returns the run's report; a sync
 *       another node is running answers {@code BUSY}, with nothing done;</li>
 *   <li>{@code POST /actuator/rostersync/{sync}/plan}: reads both sides and returns the plan (each user's actions
 *       and their reasons) without applying anything and without the lease;</li>
 *   <li>{@code POST /actuator/rostersync/{sync}/release}, body {@code {"targetIds": "42,57"}} (comma-separated
 *       target ids) or {@code {}} for all: runs the sync with those held deprovisions released;</li>
 *   <li>{@code POST /actuator/rostersync/{sync}/named}, body {@code {"ids": "12345,67890"}} (source ids) and/or
 *       {@code {"emails": "kate@example.com"}} (comma-separated): syncs just those source users now
 *       ({@link io.rostersync.engine.SyncRunner#syncNamed}) and returns each one's outcome and steps; nobody
 *       else is written, and nobody is deprovisioned for being absent. None, or more than
 *       {@link NamedUsers#MAX_NAMES} names, is a 400 with the reason; a sync another run holds answers
 *       {@code BUSY}, with nothing done.</li>
 * </ul>
 * Actuator's write operations take a JSON body ({@code Content-Type: application/json}; {@code {}} when there
 * are no parameters).
 * An unknown sync id or operation on a write answers 400 with a reason that says what exists. Nothing shown is a
 * credential: sync ids, directory names, statuses, times, counts, user labels and the engine's messages.
 *
 * @since 0.2.0
 */
@Endpoint(id = "rostersync")
public final class RosterSyncEndpoint {

    /** The operations {@link #operate} knows. */
    public static final List<String> OPERATIONS = List.of("run", "plan", "release", "named");

    private final RosterSyncs syncs;
    private final int runs;

    /**
     * @param syncs the application's syncs
     * @param runs  how many of each sync's latest runs to list, at least 1
     */
    public RosterSyncEndpoint(RosterSyncs syncs, int runs) {
        this.syncs = Objects.requireNonNull(syncs, "syncs");
        if (runs < 1) {
            throw new IllegalArgumentException("rostersync.endpoint.runs must be at least 1, was " + runs);
        }
        this.runs = runs;
    }

    /**
     * Every sync.
     *
     * @return the syncs, in declaration order
     */
    @ReadOperation
    public SyncsView syncs() {
        List<SyncView> out = new ArrayList<>();
        for (SyncDefinition sync : syncs.definitions()) {
            out.add(view(sync));
        }
        return new SyncsView(syncs.owner(), out);
    }

    /**
     * One sync.
     *
     * @param sync the sync id
     * @return the sync, or null (404) when there is no such sync
     */
    @ReadOperation
    public @Nullable SyncView sync(@Selector String sync) {
        return find(sync).map(this::view).orElse(null);
    }

    /**
     * Runs an operation on a sync: {@code run}, {@code plan} or {@code release} (without names).
     *
     * @param sync      the sync id
     * @param operation the operation
     * @param targetIds for {@code release}: the held accounts to release, target ids separated by commas; all when
     *                  absent or blank
     * @return a {@link RunResult} for run and release, a {@link PlanResult} for plan
     * @throws InvalidEndpointRequestException for an unknown sync or operation (a 400 with the reason)
     */
    public Object operate(String sync, String operation, @Nullable String targetIds) {
        return operate(sync, operation, targetIds, null, null);
    }

    /**
     * Runs an operation on a sync: {@code run}, {@code plan}, {@code release} or {@code named}.
     *
     * @param sync      the sync id
     * @param operation the operation
     * @param targetIds for {@code release}: the held accounts to release, target ids separated by commas; all when
     *                  absent or blank
     * @param ids       for {@code named}: source user ids separated by commas
     * @param emails    for {@code named}: source users' emails separated by commas
     * @return a {@link RunResult} for run and release, a {@link PlanResult} for plan, a {@link NamedResult} for
     *         named
     * @throws InvalidEndpointRequestException for an unknown sync or operation, or names that are not valid, none
     *                                         or too many for {@code named} (a 400 with the reason)
     */
    @WriteOperation
    public Object operate(@Selector String sync, @Selector String operation, @Nullable String targetIds,
                          @Nullable String ids, @Nullable String emails) {
        SyncDefinition definition = find(sync).orElseThrow(() -> new InvalidEndpointRequestException(
                "no sync '" + sync + "'; the syncs are " + ids(), "Unknown sync '" + sync + "'"));
        SyncId id = definition.id();
        return switch (operation) {
            case "run" -> RunResult.of(syncs.runnerFor(id).run(RunOptions.defaults()));
            case "release" -> RunResult.of(syncs.runnerFor(id).run(targetIds == null || targetIds.isBlank()
                    ? RunOptions.defaults().withHeldReleased()
                    : RunOptions.defaults().withHeldReleased(targetIds(targetIds))));
            case "plan" -> plan(id);
            case "named" -> NamedResult.of(syncs.runnerFor(id).syncNamed(names(ids, emails)));
            default -> throw new InvalidEndpointRequestException("no operation '" + operation + "'; the operations are "
                    + OPERATIONS, "Unknown operation '" + operation + "'");
        };
    }

    private static NamedUsers names(@Nullable String ids, @Nullable String emails) {
        List<String> rawIds = split(ids);
        List<String> rawEmails = split(emails);
        int count = rawIds.size() + rawEmails.size();
        if (count == 0) {
            throw new InvalidEndpointRequestException("name at least one source user: {\"ids\": \"12345,67890\"} and/or"
                    + " {\"emails\": \"kate@example.com\"}, comma-separated", "No user named");
        }
        if (count > NamedUsers.MAX_NAMES) {
            throw new InvalidEndpointRequestException(count + " users were named, more than the " + NamedUsers.MAX_NAMES
                    + " a named sync takes; run the sync instead (POST .../run), which reads every change", "Too many users named");
        }
        Set<NativeId> idSet = new LinkedHashSet<>();
        for (String v : rawIds) {
            try {
                idSet.add(NativeId.of(v));
            } catch (IllegalArgumentException e) {
                throw new InvalidEndpointRequestException("'" + v + "' is not a source id", "Invalid source id");
            }
        }
        Set<EmailAddress> emailSet = new LinkedHashSet<>();
        for (String v : rawEmails) {
            try {
                emailSet.add(EmailAddress.of(v));
            } catch (IllegalArgumentException e) {
                throw new InvalidEndpointRequestException("'" + v + "' is not an email address", "Invalid email");
            }
        }
        try {
            return new NamedUsers(idSet, emailSet, Set.of());
        } catch (IllegalArgumentException e) {
            throw new InvalidEndpointRequestException(String.valueOf(e.getMessage()), "Invalid names");
        }
    }

    private static List<String> split(@Nullable String values) {
        if (values == null) {
            return List.of();
        }
        List<String> out = new ArrayList<>();
        for (String raw : values.split(",", -1)) {
            String v = raw.strip();
            if (!v.isEmpty()) {
                out.add(v);
            }
        }
        return out;
    }

    private PlanResult plan(SyncId id) {
        try {
            return PlanResult.of(id, syncs.runnerFor(id).plan(RunOptions.defaults()));
        } catch (RuntimeException e) {
            return PlanResult.failed(id, e);
        }
    }

    private static Set<NativeId> targetIds(String values) {
        Set<NativeId> ids = new LinkedHashSet<>();
        for (String raw : values.split(",", -1)) {
            String v = raw.strip();
            if (v.isEmpty()) {
                continue;
            }
            try {
                ids.add(NativeId.of(v));
            } catch (IllegalArgumentException | NullPointerException e) {
                throw new InvalidEndpointRequestException("'" + v + "' is not a target id", "Invalid target id");
            }
        }
        return ids;
    }

    private List<String> ids() {
        return syncs.ids().stream().map(SyncId::value).toList();
    }

    private Optional<SyncDefinition> find(String sync) {
        SyncId id;
        try {
            id = SyncId.of(sync);
        } catch (IllegalArgumentException | NullPointerException e) {
            return Optional.empty();
        }
        return syncs.definition(id);
    }

    private SyncView view(SyncDefinition sync) {
        SyncId id = sync.id();
        String schedule = sync.timing();
        Optional<SyncStateStore> store = syncs.stateStore();
        if (store.isEmpty()) {
            return new SyncView(id.value(), sync.source().name(), sync.target().name(), schedule, null, null,
                    List.of(), List.of(), List.of(), "no state store");
        }
        try {
            SyncStateStore s = store.get();
            ScheduleState state = s.scheduleState(id);
            List<RunView> last = s.reports(id, runs).stream().map(RunView::of).toList();
            List<WaitingView> waiting = s.waitingUsers(id).stream().map(WaitingView::of).toList();
            List<HeldView> held = s.heldDeprovisions(id).stream().map(HeldView::of).toList();
            return new SyncView(id.value(), sync.source().name(), sync.target().name(), schedule,
                    state.nextDue().orElse(null), state.lastFullRun().orElse(null), last, waiting, held, null);
        } catch (RuntimeException e) {
            return new SyncView(id.value(), sync.source().name(), sync.target().name(), schedule, null, null,
                    List.of(), List.of(), List.of(), "the state store could not be read (" + e.getClass().getSimpleName() + ")");
        }
    }

    /**
     * Every sync.
     *
     * @param node  the name this node takes leases under
     * @param syncs the syncs
     */
    public record SyncsView(String node, List<SyncView> syncs) {
    }

    /**
     * One sync.
     *
     * @param id               the sync id
     * @param source           the source directory's name
     * @param target           the target directory's name
     * @param schedule         the cadence
     * @param nextDue          when it is due next, as stored; null when no scheduled run recorded one
     * @param lastFullRun      when the last full read started; null when none
     * @param lastRuns         the latest runs, newest first
     * @param waitingForSeat   source users waiting for a licence seat
     * @param heldDeprovisions deprovisions the deletion guard holds until released
     * @param error            why the stored state could not be shown; null when it could
     */
    public record SyncView(String id, String source, String target, String schedule, @Nullable Instant nextDue,
                           @Nullable Instant lastFullRun, List<RunView> lastRuns, List<WaitingView> waitingForSeat,
                           List<HeldView> heldDeprovisions, @Nullable String error) {
    }

    /**
     * One run.
     *
     * @param status      how it ended
     * @param mode        full or incremental
     * @param startedAt   when it started
     * @param finishedAt  when it ended
     * @param sourceUsers source records read
     * @param targetUsers target records read
     * @param planned     planned actions by kind
     * @param applied     actions applied
     * @param failed      actions that failed
     * @param conflicts   conflicts, held deprovisions and waiting users included
     * @param message     the engine's sentence about the run
     */
    public record RunView(String status, String mode, Instant startedAt, Instant finishedAt, int sourceUsers,
                          int targetUsers, Map<String, Integer> planned, int applied, int failed, int conflicts,
                          String message) {

        static RunView of(SyncReport r) {
            Map<String, Integer> planned = new LinkedHashMap<>();
            r.planned().forEach((k, v) -> planned.put(k.name(), v));
            return new RunView(r.status().name(), r.mode().name(), r.startedAt(), r.finishedAt(), r.sourceUsers(),
                    r.targetUsers(), planned, r.applied(), r.failures().size(), r.conflicts().size(), r.message());
        }
    }

    /**
     * A user waiting for a licence seat.
     *
     * @param sourceId the source account
     * @param label    email, username or id
     * @param reason   why it waits
     * @param since    since when
     */
    public record WaitingView(String sourceId, String label, String reason, Instant since) {
        static WaitingView of(WaitingUser w) {
            return new WaitingView(w.sourceId().value(), w.label(), w.reason(), w.since());
        }
    }

    /**
     * A deprovision the deletion guard holds.
     *
     * @param targetId  the account that would be deactivated or deleted; what {@code release} takes
     * @param label     email, username or id
     * @param action    DEACTIVATE or DELETE
     * @param reason    why the plan deprovisions it
     * @param heldSince since when
     */
    public record HeldView(String targetId, String label, String action, String reason, Instant heldSince) {
        static HeldView of(HeldDeprovision h) {
            return new HeldView(h.targetId().value(), h.label(), h.action().name(), h.reason(), h.heldSince());
        }
    }

    /**
     * The outcome of {@code run} or {@code release}.
     *
     * @param sync    the sync id
     * @param outcome the run's status (BUSY when another node holds the sync's lease: nothing was done)
     * @param message the engine's sentence about the run
     * @param run     the run
     */
    public record RunResult(String sync, String outcome, String message, RunView run) {
        static RunResult of(SyncReport r) {
            return new RunResult(r.syncId().value(), r.status().name(), r.message(), RunView.of(r));
        }
    }

    /**
     * A dry-run plan: nothing was applied.
     *
     * @param sync      the sync id
     * @param outcome   PLANNED, or FAILED when a side could not be read
     * @param message   a summary, or why it failed
     * @param mode      full or incremental read; null when it failed
     * @param plannedAt when it was made; null when it failed
     * @param counts    actions by kind
     * @param users     each user the plan decides something about, with the decisions and their reasons
     */
    public record PlanResult(String sync, String outcome, String message, @Nullable String mode, @Nullable Instant plannedAt,
                             Map<String, Integer> counts, List<UserPlan> users) {

        static PlanResult of(SyncId id, Plan plan) {
            Map<String, Integer> counts = new LinkedHashMap<>();
            plan.counts().forEach((k, v) -> counts.put(k.name(), v));
            List<UserPlan> users = new ArrayList<>();
            for (UserDecision d : plan.explain()) {
                users.add(new UserPlan(d.user().label(), d.decisions()));
            }
            String message = plan.actions().size() + " actions and " + plan.conflicts().size() + " conflicts planned; nothing applied";
            return new PlanResult(id.value(), "PLANNED", message, plan.mode().name(), plan.plannedAt(), counts, users);
        }

        static PlanResult failed(SyncId id, RuntimeException e) {
            String text = e.getMessage() == null ? e.getClass().getSimpleName() : e.getClass().getSimpleName() + ": " + e.getMessage();
            return new PlanResult(id.value(), "FAILED", "could not plan: " + text, null, null, Map.of(), List.of());
        }
    }

    /**
     * One user's part of a plan.
     *
     * @param user      the user's label
     * @param decisions one line per action and conflict, each with its reason
     */
    public record UserPlan(String user, List<String> decisions) {
    }

    /**
     * The outcome of {@code named}.
     *
     * @param sync    the sync id
     * @param outcome the run's status (BUSY when another run holds the sync's lease: nothing was done)
     * @param message the engine's sentence about the run
     * @param users   one result per name asked about
     */
    public record NamedResult(String sync, String outcome, String message, List<NamedUserView> users) {
        static NamedResult of(NamedSyncReport r) {
            List<NamedUserView> users = r.users().stream().map(NamedUserView::of).toList();
            return new NamedResult(r.report().syncId().value(), r.report().status().name(), r.report().message(), users);
        }
    }

    /**
     * What a named sync did for one name.
     *
     * @param asked    the name as asked, such as {@code "id 123"}
     * @param outcome  how it ended for this user (NOT_FOUND, IN_SYNC, APPLIED, FAILED, CONFLICT, HELD or NOT_RUN)
     * @param user     the source user's label; null when not found
     * @param sourceId the source user's id; null when not found
     * @param targetId the target account's id; null when there is none
     * @param steps    what happened, in order
     */
    public record NamedUserView(String asked, String outcome, @Nullable String user, @Nullable String sourceId,
                                @Nullable String targetId, List<String> steps) {
        static NamedUserView of(NamedUserResult u) {
            return new NamedUserView(u.asked(), u.outcome().name(), u.user().map(r -> r.label()).orElse(null),
                    u.user().flatMap(r -> r.sourceId()).map(NativeId::value).orElse(null),
                    u.user().flatMap(r -> r.targetId()).map(NativeId::value).orElse(null), u.steps());
        }
    }
}
