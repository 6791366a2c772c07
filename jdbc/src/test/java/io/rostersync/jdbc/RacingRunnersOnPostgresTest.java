package io.rostersync.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import io.rostersync.engine.RunOptions;
import io.rostersync.engine.SyncRunner;
import io.rostersync.model.NativeId;
import io.rostersync.model.SyncId;
import io.rostersync.model.UserRecord;
import io.rostersync.spi.Capability;
import io.rostersync.spi.RunStatus;
import io.rostersync.spi.SyncReport;
import io.rostersync.spi.UserDirectory;
import io.rostersync.spi.UserPage;
import io.rostersync.spi.UserPages;
import io.rostersync.jdbc.JdbcSyncStateStore;
import io.rostersync.testkit.InMemoryUserDirectory;
import io.rostersync.testkit.RosterGenerator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Two processes' runners racing the same sync on one PostgreSQL database: it runs exactly once. */
@Timeout(120)
class RacingRunnersOnPostgresTest {

    /** A source whose first page waits until the test lets it go, so both runs overlap for sure. */
    private static final class GatedSource implements UserDirectory {
        private final InMemoryUserDirectory real;
        private final CountDownLatch reading;
        private final CountDownLatch release;

        GatedSource(InMemoryUserDirectory real, CountDownLatch reading, CountDownLatch release) {
            this.real = real;
            this.reading = reading;
            this.release = release;
        }

        @Override
        public String name() {
            return "gated-source";
        }

        @Override
        public Set<Capability> capabilities() {
            return Set.of(Capability.READ);
        }

        @Override
        public UserPages readAll() {
            UserPages pages = real.readAll();
            return () -> {
                reading.countDown();
                try {
                    release.await(60, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return pages.next();
            };
        }

        @Override
        public Optional<UserRecord> get(NativeId id) {
            return real.get(id);
        }
    }

    @Test
    void twoRunnersOnOneDatabaseRunTheSyncExactlyOnce() throws Exception {
        JdbcSyncStateStore store = JdbcSyncStateStore.create(PostgresTestServer.dataSource());
        store.migrate();
        SyncId sync = SyncId.of("race-" + UUID.randomUUID().toString().substring(0, 8));
        InMemoryUserDirectory source = InMemoryUserDirectory.create("source");
        new RosterGenerator(11).profiles(30).forEach(source::add);
        InMemoryUserDirectory target = InMemoryUserDirectory.create("target");
        CountDownLatch reading = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        SyncRunner first = SyncRunner.builder().syncId(sync).owner("node-a").source(new GatedSource(source, reading, release))
                .target(target).stateStore(store).build();
        SyncRunner second = SyncRunner.builder().syncId(sync).owner("node-b").source(source)
                .target(target).stateStore(JdbcSyncStateStore.create(PostgresTestServer.dataSource())).build();
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            Future<SyncReport> a = pool.submit(() -> first.run(RunOptions.defaults()));
            assertThat(reading.await(30, TimeUnit.SECONDS)).isTrue();
            SyncReport b = pool.submit(() -> second.run(RunOptions.defaults())).get(30, TimeUnit.SECONDS);
            release.countDown();
            SyncReport done = a.get(60, TimeUnit.SECONDS);

            assertThat(b.status()).isEqualTo(RunStatus.BUSY);
            assertThat(done.status()).isEqualTo(RunStatus.SUCCEEDED);
            assertThat(target.size()).isEqualTo(30);
            assertThat(store.links(sync).size()).isEqualTo(30);
            assertThat(List.of(done, b)).filteredOn(r -> r.plannedTotal() > 0).hasSize(1);
        } finally {
            release.countDown();
            pool.shutdownNow();
        }
    }
}
