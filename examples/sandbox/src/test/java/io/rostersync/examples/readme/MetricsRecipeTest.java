package io.rostersync.examples.readme;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.rostersync.emulators.zendesk.ZendeskEmulator;
import io.rostersync.engine.RunOptions;
import io.rostersync.engine.SyncRunner;
import io.rostersync.http.HttpSettings;
import io.rostersync.micrometer.RosterSyncMetrics;
import io.rostersync.model.SyncId;
import io.rostersync.policy.SyncPolicy;
import io.rostersync.spi.RunStatus;
import io.rostersync.spi.SyncReport;
import io.rostersync.testkit.InMemorySyncStateStore;
import io.rostersync.testkit.InMemoryUserDirectory;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The README's metrics recipe, run as written against the Zendesk emulator. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class MetricsRecipeTest {

    @Test
    void aZendeskSyncShowsItsRunActionsAndVendorRequestsAsMeters() {
        MeterRegistry meterRegistry = new SimpleMeterRegistry();
        try (ZendeskEmulator emulator = ZendeskEmulator.start()) {
            emulator.addUser("Ann Lee", "ann.lee@abc-energy.example", "agent");
            emulator.addUser("Ben Ng", "ben.ng@abc-energy.example", "admin");
            InMemoryUserDirectory hostUsers = InMemoryUserDirectory.create("host-users");
            SyncId syncId = SyncId.of("zendesk-to-host");

            // tag::metrics[]
            RosterSyncMetrics metrics = RosterSyncMetrics.of(meterRegistry);    // your application's registry
            HttpSettings http = metrics.instrument(HttpSettings.defaults());     // vendor requests, 429s, waits
            SyncRunner runner = SyncRunner.builder().syncId(syncId)
                    .source(emulator.directory().http(http).build())             // ZendeskDirectory.builder()... in production
                    .target(hostUsers).policy(SyncPolicy.defaults())
                    .stateStore(new InMemorySyncStateStore())
                    .listener(metrics.listener(syncId))                          // or metrics.listener(syncId, yourListener)
                    .build();
            // end::metrics[]

            SyncReport report = runner.run(RunOptions.defaults());

            assertThat(report.status()).as(report.summary()).isEqualTo(RunStatus.SUCCEEDED);
            assertThat(meterRegistry.get(RosterSyncMetrics.RUNS).tags("status", "succeeded").timer().count()).isEqualTo(1);
            assertThat(meterRegistry.get(RosterSyncMetrics.ACTIONS).tags("kind", "create", "outcome", "applied").counter().count())
                    .isEqualTo(hostUsers.all().size()).isPositive();
            assertThat(meterRegistry.find(RosterSyncMetrics.VENDOR_REQUESTS).tags("vendor", "zendesk", "outcome", "success")
                    .counters()).isNotEmpty();
            assertThat(meterRegistry.getMeters()).allSatisfy(m -> assertThat(m.getId().getTag("sync")).isNull());
        }
    }
}
