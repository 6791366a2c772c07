package io.rostersync.micrometer.internal;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.rostersync.engine.ActionOutcome;
import io.rostersync.http.HttpListener;
import io.rostersync.model.SyncId;
import io.rostersync.spi.Conflict;
import io.rostersync.spi.ConflictKind;
import io.rostersync.spi.LicensePool;
import io.rostersync.spi.RunStatus;
import io.rostersync.spi.SyncReport;
import java.lang.ref.WeakReference;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * Every meter of one binder and the state its gauges read. Tags are built from enums and from names the host
 * or a provider chose (licence ids, vendor names, the opt-in sync tag); nothing from a user record reaches
 * them. Thread-safe.
 */
public final class Meters {

    public static final String RUNS = "rostersync.runs";
    public static final String USERS_READ = "rostersync.users.read";
    public static final String ACTIONS = "rostersync.actions";
    public static final String CONFLICTS = "rostersync.conflicts";
    public static final String HELD = "rostersync.deprovisions.held";
    public static final String SEATS = "rostersync.license.seats";
    public static final String VENDOR_REQUESTS = "rostersync.vendor.requests";
    public static final String VENDOR_WAIT = "rostersync.vendor.wait";
    public static final String SYNC_TAG = "sync";

    /** Kinds the conflicts gauge shows; held deprovisions have a gauge of their own. */
    private static final List<ConflictKind> CONFLICT_KINDS = Arrays.stream(ConflictKind.values())
            .filter(k -> k != ConflictKind.DEPROVISION_HELD).toList();

    private final MeterRegistry registry;
    private final @Nullable Function<SyncId, String> syncTag;
    /** The latest report's conflict counts of each sync, per tag set (one set when there is no sync tag). */
    private final Map<Tags, RunGroup> runs = new ConcurrentHashMap<>();
    /** The pools of each licence, per tag set. */
    private final Map<Tags, SeatGroup> seats = new ConcurrentHashMap<>();

    public Meters(MeterRegistry registry, @Nullable Function<SyncId, String> syncTag) {
        this.registry = Objects.requireNonNull(registry, "registry");
        this.syncTag = syncTag;
    }

    public MeterRegistry registry() {
        return registry;
    }

    /** The tags every meter of {@code sync} carries: the sync tag when the host opted in, else none. */
    public Tags base(SyncId sync) {
        if (syncTag == null) {
            return Tags.empty();
        }
        String value = syncTag.apply(sync);
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("the sync tag function gave no value for sync " + sync.value()
                    + "; give every sync a non-blank tag value");
        }
        return Tags.of(SYNC_TAG, value);
    }

    static String name(Enum<?> value) {
        return value.name().toLowerCase(Locale.ROOT);
    }

    /** One action's outcome. */
    public void action(Tags base, ActionOutcome outcome) {
        Counter.builder(ACTIONS).description("Actions the executor attempted or decided, by kind and outcome")
                .tags(base).tag("kind", name(outcome.action().kind()))
                .tag("outcome", name(outcome.status())).register(registry).increment();
    }

    /** A finished run. */
    public void finished(SyncId sync, Tags base, SyncReport report) {
        Duration took = Duration.between(report.startedAt(), report.finishedAt());
        Timer.builder(RUNS).description("Sync runs by how they ended, and how long they took")
                .tags(base).tag("status", name(report.status())).tag("mode", name(report.mode()))
                .register(registry).record(took.isNegative() ? Duration.ZERO : took);
        Counter.builder(USERS_READ).description("Records read from the sync's directories")
                .tags(base).tag("side", "source").register(registry).increment(report.sourceUsers());
        Counter.builder(USERS_READ).description("Records read from the sync's directories")
                .tags(base).tag("side", "target").register(registry).increment(report.targetUsers());
        if (report.status() == RunStatus.BUSY) {
            return; // another runner ran: this report knows nothing about the sync's conflicts
        }
        Map<ConflictKind, Integer> counts = new EnumMap<>(ConflictKind.class);
        for (Conflict c : report.conflicts()) {
            counts.merge(c.kind(), 1, Integer::sum);
        }
        runs.computeIfAbsent(base, RunGroup::new).latest.put(sync, counts);
    }

    /**
     * Forgets a sync: its conflict counts and its pools leave the sums; with a sync tag, the meters of its tag
     * value are removed once no other sync shares that value.
     */
    public void forget(SyncId sync) {
        Tags base = base(sync);
        RunGroup group = runs.get(base);
        if (group != null) {
            group.latest.remove(sync);
        }
        seats.values().forEach(g -> g.forget(sync));
        Optional<Tag> tag = base.stream().findFirst();
        if (tag.isEmpty()) {
            return; // no sync tag: the meters are shared by every sync
        }
        boolean stillUsed = (group != null && !group.latest.isEmpty())
                || seats.entrySet().stream().anyMatch(e -> hasTag(e.getKey(), tag.get()) && !e.getValue().isEmpty());
        if (stillUsed) {
            return;
        }
        runs.remove(base);
        seats.keySet().removeIf(k -> hasTag(k, tag.get()));
        List<Meter> gone = new ArrayList<>();
        for (Meter m : registry.getMeters()) {
            if (m.getId().getName().startsWith("rostersync.") && tag.get().getValue().equals(m.getId().getTag(SYNC_TAG))) {
                gone.add(m);
            }
        }
        gone.forEach(registry::remove);
    }

    private static boolean hasTag(Tags tags, Tag tag) {
        return tags.stream().anyMatch(tag::equals);
    }

    /** The state of a new metered pool of {@code sync}, registering the licence's gauges on first sight. */
    public SeatState seats(SyncId sync, LicensePool pool) {
        Tags tags = base(sync).and("license", pool.licenseId());
        return seats.computeIfAbsent(tags, SeatGroup::new).join(sync, pool);
    }

    /** An HTTP attempt's answer ({@code status}), or none ({@code -1}). */
    public void request(String vendor, int status) {
        Counter.builder(VENDOR_REQUESTS).description("HTTP attempts to vendors, by outcome (rate_limited: 429)")
                .tag("vendor", vendor).tag("outcome", outcome(status)).register(registry).increment();
    }

    static String outcome(int status) {
        if (status < 0) {
            return "no_response";
        }
        if (status == 429) {
            return "rate_limited";
        }
        return switch (status / 100) {
            case 1 -> "informational";
            case 2 -> "success";
            case 3 -> "redirection";
            case 4 -> "client_error";
            case 5 -> "server_error";
            default -> "unknown";
        };
    }

    /** Time an HTTP call waited before an attempt. */
    public void waited(String vendor, HttpListener.Wait reason, Duration time) {
        Timer.builder(VENDOR_WAIT).description("Time HTTP calls waited: retry backoff and Retry-After, client-side rate-limit permits")
                .tag("vendor", vendor).tag("reason", name(reason)).register(registry)
                .record(time.isNegative() ? Duration.ZERO : time);
    }

    /** The latest conflict counts of the syncs sharing one tag set, behind their gauges. */
    private final class RunGroup {
        final Map<SyncId, Map<ConflictKind, Integer>> latest = new ConcurrentHashMap<>();

        RunGroup(Tags base) {
            for (ConflictKind kind : CONFLICT_KINDS) {
                Gauge.builder(CONFLICTS, this, g -> g.sum(kind))
                        .description("Conflicts in the latest report of each sync (users waiting for a seat included)")
                        .tags(base).tag("kind", name(kind)).strongReference(true).register(registry);
            }
            Gauge.builder(HELD, this, g -> g.sum(ConflictKind.DEPROVISION_HELD))
                    .description("Deprovisions the deletion guard holds for the host to release, as of each sync's latest report")
                    .tags(base).strongReference(true).register(registry);
        }

        double sum(ConflictKind kind) {
            long total = 0;
            for (Map<ConflictKind, Integer> counts : latest.values()) {
                total += counts.getOrDefault(kind, 0);
            }
            return total;
        }
    }

    /**
     * The pools of one licence under one tag set. Pools are held weakly: a pool the host no longer uses drops out
     * of the sum once collected; the same pool wrapped again shares its state, so it is never counted twice.
     */
    private final class SeatGroup {
        private final List<Entry> entries = new ArrayList<>();

        SeatGroup(Tags tags) {
            Gauge.builder(SEATS, this, g -> g.sum(true)).description("Licence seats in use, as of the latest snapshot and the seat changes since")
                    .tags(tags).tag("state", "used").strongReference(true).register(registry);
            Gauge.builder(SEATS, this, g -> g.sum(false)).description("Licence seats free, as of the latest snapshot and the seat changes since")
                    .tags(tags).tag("state", "free").strongReference(true).register(registry);
        }

        synchronized SeatState join(SyncId sync, LicensePool pool) {
            entries.removeIf(e -> e.pool.get() == null);
            for (Entry e : entries) {
                if (e.pool.get() == pool && e.sync.equals(sync)) {
                    return e.state;
                }
            }
            Entry entry = new Entry(sync, new WeakReference<>(pool), new SeatState());
            entries.add(entry);
            return entry.state;
        }

        synchronized boolean isEmpty() {
            entries.removeIf(e -> e.pool.get() == null);
            return entries.isEmpty();
        }

        synchronized void forget(SyncId sync) {
            entries.removeIf(e -> e.sync.equals(sync) || e.pool.get() == null);
        }

        synchronized double sum(boolean used) {
            entries.removeIf(e -> e.pool.get() == null);
            long total = 0;
            boolean any = false;
            for (Entry e : entries) {
                Optional<int[]> seen = e.state.seats();
                if (seen.isPresent()) {
                    any = true;
                    total += seen.get()[used ? 0 : 1];
                }
            }
            return any ? total : Double.NaN;
        }
    }

    private record Entry(SyncId sync, WeakReference<LicensePool> pool, SeatState state) {
    }
}
