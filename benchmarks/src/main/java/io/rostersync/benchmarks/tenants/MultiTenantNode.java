package io.rostersync.benchmarks.tenants;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.rostersync.engine.Schedule;
import io.rostersync.engine.SyncRunner;
import io.rostersync.http.HttpSettings;
import io.rostersync.jdbc.JdbcSyncStateStore;
import io.rostersync.spi.RunStatus;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * One node of the multi-tenant benchmark, in its own JVM: a connection pool on the shared PostgreSQL, the
 * JDBC state store, one HTTP client for every tenant's Zendesk directory, and a scheduler that fires the
 * tenants' syncs. Started by {@link MultiTenantBenchmark}; talks to it over stdin/stdout: it prints
 * {@code READY} once connected, starts firing on {@code GO <epoch-ms>} (the threads engine spreads the
 * tenants' first firings over one interval from then), answers {@code STATS} with one {@code STATS key=value...} line, and
 * stops on {@code STOP} (or end of input).
 *
 * <p>Engines: {@code threads}, each node firing its share of the tenants ({@code t % nodes == index}) from
 * a thread pool at a fixed rate (the in-process path: no failover); {@code quartz}, the clustered Quartz
 * job store (every node may fire any tenant).
 */
public final class MultiTenantNode {

    private MultiTenantNode() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> a = Args.parse(args);
        String name = Args.required(a, "name");
        int index = Integer.parseInt(Args.required(a, "index"));
        int nodes = Integer.parseInt(Args.required(a, "nodes"));
        int tenants = Integer.parseInt(Args.required(a, "tenants"));
        int threads = Integer.parseInt(Args.required(a, "threads"));
        Duration interval = Duration.ofMillis(Long.parseLong(Args.required(a, "interval-ms")));
        Duration leaseTtl = Duration.ofMillis(Long.parseLong(Args.required(a, "lease-ttl-ms")));
        String engine = Args.required(a, "engine");

        HikariConfig pool = new HikariConfig();
        pool.setJdbcUrl(Args.required(a, "jdbc"));
        pool.setMaximumPoolSize(threads + 4);
        pool.setMinimumIdle(2);
        pool.setPoolName(name);
        HikariDataSource db = new HikariDataSource(pool);
        JdbcSyncStateStore store = JdbcSyncStateStore.builder(db).reportHistory(100_000).migrateOnFirstUse(false).build();
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();
        HttpSettings http = HttpSettings.builder().httpClient(client).requestTimeout(Duration.ofSeconds(10)).build();
        TenantSyncs syncs = new TenantSyncs(tenants, db, store, URI.create(Args.required(a, "zendesk")), http, name, leaseTtl);
        Schedule schedule = Schedule.every(interval);

        System.out.println("READY " + name);
        System.out.flush();
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        String go = in.readLine();
        if (go == null || !go.startsWith("GO ")) {
            System.exit(2);
        }
        long startAt = Long.parseLong(go.substring(3).strip());

        Runnable stop;
        switch (engine) {
            case "threads" -> {
                ScheduledExecutorService pooled = Executors.newScheduledThreadPool(threads, r -> {
                    Thread th = new Thread(r, name + "-sync");
                    th.setDaemon(true);
                    return th;
                });
                for (int t = index; t < tenants; t += nodes) {
                    fireAt(pooled, syncs, t, schedule, startAt + t * interval.toMillis() / tenants);
                }
                stop = () -> {
                    pooled.shutdownNow();
                    try {
                        pooled.awaitTermination(30, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                };
            }
            case "quartz" -> {
                org.quartz.Scheduler quartz = QuartzEngine.scheduler(name, db, threads, Long.parseLong(a.getOrDefault("fire-ahead-ms", "1000")));
                // rostersync-quartz's own SyncJob runs the firings; the factory counts them for the summary
                io.rostersync.quartz.QuartzSyncs.install(quartz, syncId -> {
                    SyncRunner runner = syncs.runnerFor(syncId, new io.rostersync.engine.SyncListener() {
                        @Override
                        public void finished(io.rostersync.spi.SyncReport report) {
                            syncs.ended();
                        }
                    });
                    syncs.started();
                    return runner;
                });
                quartz.start();
                stop = () -> {
                    try {
                        quartz.shutdown(true);
                    } catch (org.quartz.SchedulerException e) {
                        System.err.println("quartz shutdown: " + e);
                    }
                };
            }
            default -> throw new IllegalArgumentException("unknown engine " + engine + ": threads or quartz");
        }
        System.out.println("STARTED " + name);
        System.out.flush();
        for (String line = in.readLine(); line != null && !line.equals("STOP"); line = in.readLine()) {
            if (line.equals("STATS")) {
                System.out.println("STATS " + stats(name, syncs));
                System.out.flush();
            }
        }
        stop.run();
        db.close();
        System.out.println("STOPPED " + name);
        System.out.flush();
        System.exit(0);
    }

    /**
     * Fires the tenant at {@code due} (epoch ms), then at every interval after; a firing that comes late fires
     * once, at once, and the missed ones are dropped (as Quartz's fire-now misfire policy does), so a backlog
     * never turns into a burst of back-to-back runs of one tenant.
     */
    private static void fireAt(ScheduledExecutorService pool, TenantSyncs syncs, int tenant, Schedule schedule, long due) {
        long delay = Math.max(0, due - System.currentTimeMillis());
        pool.schedule(() -> {
            long interval = schedule.interval().toMillis();
            fire(syncs, tenant, schedule, java.time.Instant.ofEpochMilli(due + interval));
            long next = due + interval;
            long now = System.currentTimeMillis();
            if (next < now) {
                // The next firing is late: it fires now, and whole intervals past it are dropped.
                syncs.late((now - next) / interval);
                next = now;
            }
            fireAt(pool, syncs, tenant, schedule, next);
        }, delay, TimeUnit.MILLISECONDS);
    }

    /** One firing of a tenant's sync on this node: the one place the engines call the runner. */
    static void fire(TenantSyncs syncs, int tenant, Schedule schedule, java.time.Instant nextDue) {
        syncs.started();
        try {
            SyncRunner runner = syncs.runnerFor(Tenants.syncId(tenant));
            Scheduled.run(runner, schedule, nextDue);
        } catch (RuntimeException e) {
            System.err.println("tenant " + tenant + ": " + e);
        } finally {
            syncs.ended();
        }
    }

    private static String stats(String name, TenantSyncs syncs) {
        com.sun.management.OperatingSystemMXBean os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long gcCount = 0;
        long gcMillis = 0;
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            gcCount += Math.max(0, gc.getCollectionCount());
            gcMillis += Math.max(0, gc.getCollectionTime());
        }
        Map<String, Object> s = new HashMap<>();
        s.put("name", name);
        s.put("cpuNanos", os.getProcessCpuTime());
        s.put("allocated", threads.getTotalThreadAllocatedBytes());
        s.put("heapUsed", ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed());
        s.put("gcCount", gcCount);
        s.put("gcMillis", gcMillis);
        s.put("runs", syncs.finishedTotal());
        for (RunStatus st : RunStatus.values()) {
            s.put(st.name().toLowerCase(Locale.ROOT), syncs.finished(st));
        }
        s.put("mostRunning", syncs.mostRunning());
        s.put("fired", syncs.fired());
        s.put("late", syncs.late());
        s.put("missed", syncs.missed());
        StringBuilder b = new StringBuilder();
        s.forEach((k, v) -> b.append(k).append('=').append(v).append(' '));
        return b.toString().strip();
    }
}
