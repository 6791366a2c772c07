package io.rostersync.benchmarks.tenants;

import io.rostersync.spi.RunStatus;
import io.rostersync.spi.SyncReport;
import io.rostersync.spi.SyncStateStore;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Every tenant's run history, as the state store keeps it, and what it shows for a window of time. */
final class RunHistory {

    /**
     * What the history shows for a window.
     *
     * @param runs           runs that started in the window
     * @param emptySucceeded of them, SUCCEEDED with nothing planned
     * @param due            firings due per tenant in the window (its length over the interval)
     * @param minRuns        fewest runs of one tenant
     * @param maxRuns        most runs of one tenant
     * @param closeRuns      tenants with a run that started less than half an interval after the one before
     * @param longestGap     the longest time a tenant went without a run starting (window edges included)
     * @param starved        tenants whose longest gap exceeds two intervals (a firing more than one interval late)
     */
    record Window(int runs, int emptySucceeded, double due, int minRuns, int maxRuns, int closeRuns, Duration longestGap, int starved) {
    }

    private final Map<String, List<SyncReport>> bySync;

    private RunHistory(Map<String, List<SyncReport>> bySync) {
        this.bySync = bySync;
    }

    static RunHistory read(SyncStateStore store, int tenants) {
        Map<String, List<SyncReport>> all = new HashMap<>();
        for (int t = 0; t < tenants; t++) {
            all.put(Tenants.syncId(t).value(), store.reports(Tenants.syncId(t), 100_000));
        }
        return of(all);
    }

    /** A history of these reports per sync id, in any order. */
    static RunHistory of(Map<String, List<SyncReport>> reports) {
        Map<String, List<SyncReport>> sorted = new HashMap<>();
        reports.forEach((id, list) -> {
            List<SyncReport> copy = new ArrayList<>(list);
            copy.sort(Comparator.comparing(SyncReport::startedAt));
            sorted.put(id, copy);
        });
        return new RunHistory(sorted);
    }

    /** When the sync's first SUCCEEDED run after {@code after} started. */
    Optional<Instant> firstSucceededAfter(String syncId, Instant after) {
        for (SyncReport r : bySync.getOrDefault(syncId, List.of())) {
            if (r.startedAt().isAfter(after) && r.status() == RunStatus.SUCCEEDED) {
                return Optional.of(r.startedAt());
            }
        }
        return Optional.empty();
    }

    /** The sync's last three runs: start, status, mode, planned. */
    String describe(String syncId) {
        List<SyncReport> all = bySync.getOrDefault(syncId, List.of());
        StringBuilder b = new StringBuilder();
        for (SyncReport r : all.subList(Math.max(0, all.size() - 3), all.size())) {
            b.append('[').append(r.startedAt()).append(' ').append(r.status()).append(' ').append(r.mode()).append(" planned ")
                    .append(r.plannedTotal()).append("] ");
        }
        return b.toString().strip();
    }

    /** Runs that started in [from, to), per tenant, against the firings due at {@code interval}. */
    Window window(Instant from, Instant to, Duration interval) {
        int runs = 0;
        int empty = 0;
        int min = Integer.MAX_VALUE;
        int max = 0;
        int close = 0;
        int starved = 0;
        Duration longest = Duration.ZERO;
        for (List<SyncReport> reports : bySync.values()) {
            int n = 0;
            Optional<Instant> last = Optional.empty();
            Duration tenantLongest = Duration.ZERO;
            boolean closeHere = false;
            for (SyncReport r : reports) {
                Instant start = r.startedAt();
                if (start.isBefore(from)) {
                    last = Optional.of(start);
                    continue;
                }
                if (!start.isBefore(to)) {
                    break;
                }
                n++;
                if (r.status() == RunStatus.SUCCEEDED && r.plannedTotal() == 0) {
                    empty++;
                }
                if (last.isPresent() && Duration.between(last.get(), start).compareTo(interval.dividedBy(2)) < 0) {
                    closeHere = true;
                }
                Duration gap = Duration.between(last.orElse(from), start);
                tenantLongest = gap.compareTo(tenantLongest) > 0 ? gap : tenantLongest;
                last = Optional.of(start);
            }
            Duration tail = Duration.between(last.orElse(from), to);
            tenantLongest = tail.compareTo(tenantLongest) > 0 ? tail : tenantLongest;
            if (tenantLongest.compareTo(interval.multipliedBy(2)) > 0) {
                starved++;
            }
            longest = tenantLongest.compareTo(longest) > 0 ? tenantLongest : longest;
            if (closeHere) {
                close++;
            }
            runs += n;
            min = Math.min(min, n);
            max = Math.max(max, n);
        }
        double due = (double) Duration.between(from, to).toMillis() / interval.toMillis();
        return new Window(runs, empty, due, min == Integer.MAX_VALUE ? 0 : min, max, close, longest, starved);
    }
}
