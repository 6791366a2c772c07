package io.rostersync.spring.boot.actuate;

import io.rostersync.model.SyncId;
import io.rostersync.spi.RunStatus;
import io.rostersync.spi.ScheduleState;
import io.rostersync.spi.SyncReport;
import io.rostersync.spi.SyncStateStore;
import io.rostersync.spring.boot.RosterSyncs;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.springframework.boot.health.actuate.endpoint.StatusAggregator;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;

/**
 * Health of the application's syncs, from the state store: a sync whose last run FAILED reports the configured
 * failed status ({@code rostersync.health.failed-status}, DOWN by default), and a scheduled sync whose stored next
 * due time plus {@code rostersync.health.overdue-grace} lies before now (no node has run it: the scheduler is
 * stuck or stopped) reports the configured overdue status ({@code rostersync.health.overdue-status}). Otherwise
 * UP, including a sync that never ran and is not yet due. The indicator's status is the worst of its syncs'.
 *
 * <p>Details per sync: its status, the last run's status and times, the next due time, whether it is overdue.
 * Never a credential, a user or an error text.
 *
 * @since 0.2.0
 */
public final class RosterSyncHealthIndicator implements HealthIndicator {

    private final RosterSyncs syncs;
    private final Status failedStatus;
    private final Status overdueStatus;
    private final Duration overdueGrace;
    private final boolean scheduled;
    private final Clock clock;

    /**
     * @param syncs         the application's syncs
     * @param failedStatus  the status of a sync whose last run failed
     * @param overdueStatus the status of an overdue sync
     * @param overdueGrace  how long after its next due time a sync counts as overdue, not negative
     * @param scheduled     whether the syncs are scheduled (an unscheduled sync is never overdue)
     * @param clock         the time "now" is read from
     */
    public RosterSyncHealthIndicator(RosterSyncs syncs, Status failedStatus, Status overdueStatus, Duration overdueGrace,
                                     boolean scheduled, Clock clock) {
        this.syncs = Objects.requireNonNull(syncs, "syncs");
        this.failedStatus = Objects.requireNonNull(failedStatus, "failedStatus");
        this.overdueStatus = Objects.requireNonNull(overdueStatus, "overdueStatus");
        if (overdueGrace.isNegative()) {
            throw new IllegalArgumentException("rostersync.health.overdue-grace must not be negative, was " + overdueGrace);
        }
        this.overdueGrace = overdueGrace;
        this.scheduled = scheduled;
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    @Override
    public Health health() {
        Optional<SyncStateStore> store = syncs.stateStore();
        if (syncs.ids().isEmpty() || store.isEmpty()) {
            return Health.up().withDetail("syncs", Map.of()).build();
        }
        Instant now = clock.instant();
        Map<String, Object> details = new LinkedHashMap<>();
        List<Status> statuses = new ArrayList<>();
        for (SyncId id : syncs.ids()) {
            Map<String, Object> sync = new LinkedHashMap<>();
            Status status;
            try {
                status = check(store.get(), id, now, sync);
            } catch (RuntimeException e) {
                // the store's own error types never carry credentials; the class name is enough to go on
                status = Status.DOWN;
                sync.put("error", "the state store could not be read (" + e.getClass().getSimpleName() + ")");
            }
            sync.put("status", status.getCode());
            statuses.add(status);
            details.put(id.value(), sync);
        }
        Status overall = StatusAggregator.getDefault().getAggregateStatus(statuses.toArray(Status[]::new));
        return Health.status(overall).withDetail("syncs", details).build();
    }

    private Status check(SyncStateStore store, SyncId id, Instant now, Map<String, Object> sync) {
        Status status = Status.UP;
        Optional<SyncReport> last = store.lastReport(id);
        if (last.isPresent()) {
            SyncReport report = last.get();
            Map<String, Object> run = new LinkedHashMap<>();
            run.put("status", report.status().name());
            run.put("startedAt", report.startedAt().toString());
            run.put("finishedAt", report.finishedAt().toString());
            sync.put("lastRun", run);
            if (report.status() == RunStatus.FAILED) {
                status = failedStatus;
            }
        } else {
            sync.put("lastRun", "never");
        }
        ScheduleState state = store.scheduleState(id);
        state.nextDue().ifPresent(due -> sync.put("nextDue", due.toString()));
        boolean overdue = scheduled && state.nextDue().isPresent() && state.nextDue().get().plus(overdueGrace).isBefore(now);
        sync.put("overdue", overdue);
        if (overdue) {
            status = worse(status, overdueStatus);
        }
        return status;
    }

    private static Status worse(Status a, Status b) {
        return StatusAggregator.getDefault().getAggregateStatus(a, b);
    }
}
