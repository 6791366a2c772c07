package io.rostersync.examples.readme;

import static org.assertj.core.api.Assertions.assertThat;

import io.rostersync.emulators.salesforce.SalesforceEmulator;
import io.rostersync.engine.RunOptions;
import io.rostersync.engine.SyncRunner;
import io.rostersync.engine.UserHints;
import io.rostersync.jdbc.nodes.Await;
import io.rostersync.model.SyncId;
import io.rostersync.model.UserProfile;
import io.rostersync.model.UserRecord;
import io.rostersync.policy.IdentityMatchers;
import io.rostersync.policy.SyncPolicy;
import io.rostersync.policy.UnmatchedAction;
import io.rostersync.salesforce.NewUserDefaults;
import io.rostersync.salesforce.SalesforceConnection;
import io.rostersync.salesforce.SalesforceUserDirectory;
import io.rostersync.salesforce.cdc.SalesforceUserChanges;
import io.rostersync.spi.RunStatus;
import io.rostersync.spi.SyncStateStore;
import io.rostersync.testkit.InMemorySyncStateStore;
import io.rostersync.testkit.InMemoryUserDirectory;
import java.util.concurrent.TimeUnit;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The README's Salesforce CDC set-up, run as written against the Salesforce emulator and its Pub/Sub API. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class SalesforceCdcRecipeTest {

    private static final Duration WAIT = Duration.ofSeconds(30);

    @Test
    void anAdminsRenameInSalesforceReachesTheHostWithoutAScheduledRun() throws Exception {
        try (SalesforceEmulator emulator = SalesforceEmulator.start()) {
            String kim = emulator.addUser(UserProfile.builder().email("kim@acme.example").firstName("Kim").lastName("Park").build());
            SalesforceConnection connection = emulator.connection().build();
            InMemoryUserDirectory hostUsers = InMemoryUserDirectory.create("host-users");
            SyncStateStore stateStore = new InMemorySyncStateStore();
            SyncRunner runner = SyncRunner.builder().syncId(SyncId.of("salesforce-to-host"))
                    .source(SalesforceUserDirectory.builder(connection)
                            .newUserDefaults(NewUserDefaults.of(emulator.defaultProfileId())).build())
                    .target(hostUsers)
                    .policy(SyncPolicy.builder().matcher(IdentityMatchers.byEmail())
                            .onUnmatched(UnmatchedAction.CREATE_ACTIVE).build())
                    .stateStore(stateStore).build();
            assertThat(runner.run(RunOptions.defaults()).status()).isEqualTo(RunStatus.SUCCEEDED);

            // tag::salesforce-cdc[]
            // yours: connection (the sync's SalesforceConnection), runner (Salesforce is its source), stateStore;
            // emulator is SalesforceEmulator, offline only
            UserHints hints = UserHints.builder().runner(runner).build();     // one per sync
            SalesforceUserChanges changes = SalesforceUserChanges.builder(connection)
                    .channel(emulator.pubSub().channel())   // offline only; by default api.pubsub.salesforce.com:7443
                    .position(stateStore, runner.syncId())  // where the replay id is kept
                    .hints(hints)
                    .build();
            changes.start();                                // at shutdown: changes.close(); hints.close();
            // end::salesforce-cdc[]

            try {
                Await.until("the subscribe stream is open", WAIT, () -> emulator.pubSub().openStreams() > 0);
                emulator.update(kim, "LastName", "Wed");
                Await.until("the rename reached the host", WAIT,
                        () -> hostUsers.findByEmail("kim@acme.example").map(UserRecord::lastName).orElse("").equals("Wed"));
                assertThat(changes.stats().usersHinted()).isPositive();
                Await.until("the replay id is stored", WAIT,
                        () -> stateStore.eventPosition(runner.syncId(), SalesforceUserChanges.DEFAULT_TOPIC).isPresent());
            } finally {
                changes.close();
                hints.close();
            }
        }
    }
}
