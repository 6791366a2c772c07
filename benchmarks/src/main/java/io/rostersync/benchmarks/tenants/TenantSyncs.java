package io.rostersync.benchmarks.tenants;

import io.rostersync.engine.SyncListener;
import io.rostersync.engine.SyncRunner;
import io.rostersync.engine.SyncRunnerFactory;
import io.rostersync.engine.UnknownSyncException;
import io.rostersync.http.HttpSettings;
import io.rostersync.http.Secret;
import io.rostersync.jdbc.JdbcUserDirectory;
import io.rostersync.model.SyncId;
import io.rostersync.spi.RunStatus;
import io.rostersync.spi.SyncReport;
import io.rostersync.spi.SyncStateStore;
import io.rostersync.zendesk.ZendeskDirectory;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import javax.sql.DataSource;

/**
 * One node's way from a tenant's sync id to a ready runner, as a host's {@link SyncRunnerFactory}:
 * the tenant's Zendesk account as the source, its slice of the host table as the target, the shared JDBC
 * state store. Directories are built once per tenant and kept; runners are built per run. Counts the runs
 * this node finished, by status, and how many ran at once.
 */
final class TenantSyncs implements SyncRunnerFactory {

    private final int tenants;
    private final DataSource host;
    private final SyncStateStore store;
    private final URI zendesk;
    private final HttpSettings http;
    private final String owner;
    private final Duration leaseTtl;
    private final Map<Integer, ZendeskDirectory> sources = new ConcurrentHashMap<>();
    private final Map<Integer, JdbcUserDirectory> targets = new ConcurrentHashMap<>();
    private final AtomicLongArray finished = new AtomicLongArray(RunStatus.values().length);
    private final AtomicInteger running = new AtomicInteger();
    private final AtomicLong fired = new AtomicLong();
    private final AtomicLong missed = new AtomicLong();
    private final AtomicLong late = new AtomicLong();
    private final AtomicInteger mostRunning = new AtomicInteger();
    private final SyncListener listener;

    TenantSyncs(int tenants, DataSource host, SyncStateStore store, URI zendesk, HttpSettings http, String owner, Duration leaseTtl) {
        this.tenants = tenants;
        this.host = host;
        this.store = store;
        this.zendesk = zendesk;
        this.http = http;
        this.owner = owner;
        this.leaseTtl = leaseTtl;
        this.listener = new SyncListener() {
            @Override
            public void finished(SyncReport report) {
                TenantSyncs.this.finished.incrementAndGet(report.status().ordinal());
            }
        };
    }

    /** The runner for one tenant's sync, with this node's listener and {@code extra} listening too. */
    SyncRunner runnerFor(SyncId syncId, SyncListener extra) {
        int t = Tenants.tenantOf(syncId).filter(i -> i < tenants).orElseThrow(() -> new UnknownSyncException(syncId));
        ZendeskDirectory source = sources.computeIfAbsent(t, i -> ZendeskDirectory.builder()
                .subdomain(String.format(java.util.Locale.ROOT, "tenant%05d", i))
                .apiToken(Tenants.email(i), Secret.of(Tenants.apiToken(i)))
                .baseUriForTesting(zendesk).http(http).build());
        JdbcUserDirectory target = targets.computeIfAbsent(t, i -> JdbcUserDirectory.create("host-" + syncId.value(), host,
                Tenants.mapping(i)));
        SyncListener both = new SyncListener() {
            @Override
            public void planned(io.rostersync.plan.Plan plan) {
                extra.planned(plan);
            }

            @Override
            public void finished(SyncReport report) {
                listener.finished(report);
                extra.finished(report);
            }
        };
        return SyncRunner.builder().syncId(syncId).source(source).target(target).policy(Tenants.policy()).stateStore(store)
                .owner(owner).leaseTtl(leaseTtl).listener(both).build();
    }

    @Override
    public SyncRunner runnerFor(SyncId syncId) {
        return runnerFor(syncId, SyncListener.none());
    }

    /** A run started on this node (for the count of runs at once); {@link #ended()} when it is over. */
    void started() {
        fired.incrementAndGet();
        int now = running.incrementAndGet();
        mostRunning.accumulateAndGet(now, Math::max);
    }

    void ended() {
        running.decrementAndGet();
    }

    long finished(RunStatus status) {
        return finished.get(status.ordinal());
    }

    long finishedTotal() {
        long sum = 0;
        for (int i = 0; i < finished.length(); i++) {
            sum += finished.get(i);
        }
        return sum;
    }

    /** A firing that comes late (fired at once) and the firings dropped behind it. */
    void late(long dropped) {
        late.incrementAndGet();
        missed.addAndGet(dropped);
    }

    long late() {
        return late.get();
    }

    long missed() {
        return missed.get();
    }

    long fired() {
        return fired.get();
    }

    int mostRunning() {
        return mostRunning.get();
    }
}
