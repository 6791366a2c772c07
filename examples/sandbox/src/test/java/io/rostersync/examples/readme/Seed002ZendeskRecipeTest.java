package io.rostersync.examples.readme;

import static org.assertj.core.api.Assertions.assertThat;

import io.rostersync.emulators.zendesk.ZendeskEmulator;
import io.rostersync.spi.RunStatus;
import io.rostersync.engine.Schedule;
import io.rostersync.spi.SyncReport;
import io.rostersync.engine.SyncRunner;
import io.rostersync.engine.SyncScheduler;
import io.rostersync.http.Secret;
import io.rostersync.model.SyncId;
import io.rostersync.model.UserRecord;
import io.rostersync.model.UserStatus;
import io.rostersync.policy.IdentityMatchers;
import io.rostersync.policy.Scope;
import io.rostersync.policy.SyncPolicy;
import io.rostersync.policy.UnmatchedAction;
import io.rostersync.spi.SyncStateStore;
import io.rostersync.testkit.InMemorySyncStateStore;
import io.rostersync.testkit.InMemoryUserDirectory;
import io.rostersync.zendesk.ZendeskDirectory;
import io.rostersync.zendesk.ZendeskRole;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The README's seed 002 recipe (Zendesk users into your app), run as written against the Zendesk emulator. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class Seed002ZendeskRecipeTest {

    private static final Logger log = LoggerFactory.getLogger(Seed002ZendeskRecipeTest.class);

    @Test
    void importsAgentsAndAdminsButNoEndUserAsPendingThenFollowsARenameIncrementally() throws Exception {
        String accessToken = "oauth-access-token";
        try (ZendeskEmulator emulator = ZendeskEmulator.builder().oauthToken(accessToken).start()) {
            emulator.addUser("Ann Lee", "ann.lee@abc-energy.example", "agent");
            long ben = emulator.addUser("Ben Ng", "ben.ng@abc-energy.example", "admin");
            emulator.addAgentWithCustomRole("Cat Roy", "cat.roy@abc-energy.example", "QA Lead");
            emulator.addAgentWithCustomRole("Dan Wu", "dan.wu@abc-energy.example", "Light Agent");
            emulator.addUser("Eve Customer", "eve@customer.example", "end-user");
            String tenantId = "abc-energy";
            String column = "";                                 // the host's "primary identifier" setting
            InMemoryUserDirectory hostUsers = InMemoryUserDirectory.create("host-users");
            SyncStateStore stateStore = new InMemorySyncStateStore();

            // tag::seed-002[]
            // yours: accessToken, tenantId, column, hostUsers, stateStore, log; emulator is ZendeskEmulator, offline only
            ZendeskDirectory zendesk = ZendeskDirectory.builder()
                    .subdomain("abc-energy")                               // from https://abc-energy.zendesk.com
                    .oauthToken(Secret.of(accessToken))                    // or .apiToken(adminEmail, Secret.of(apiToken))
                    .baseUriForTesting(emulator.baseUri())                 // offline only: the emulator on 127.0.0.1
                    .onlyRoles(Set.of(ZendeskRole.AGENT, ZendeskRole.ADMIN))
                    .readOnly()                                            // Zendesk is the source of truth
                    .build();
            SyncPolicy policy = SyncPolicy.builder()
                    .scope(Scope.roles(Set.of("agent", "admin", "QA Lead")))   // role types and named custom roles
                    .matcher(IdentityMatchers.primaryIdentifier(column))       // blank: email, then username
                    .onUnmatched(UnmatchedAction.CREATE_PENDING)
                    .build();
            SyncRunner runner = SyncRunner.builder()
                    .syncId(SyncId.of("zendesk-" + tenantId))
                    .source(zendesk).target(hostUsers).policy(policy)
                    .stateStore(stateStore)                                // JdbcSyncStateStore in production
                    .build();
            SyncScheduler scheduler = SyncScheduler.create();              // one per application; close() at shutdown
            scheduler.schedule(runner, Schedule.everySixHours(), report -> log.info(report.summary()));
            // end::seed-002[]

            try {
                SyncReport first = scheduler.runNow(runner.syncId()).orElseThrow();
                assertThat(first.status()).as(first.summary()).isEqualTo(RunStatus.SUCCEEDED);
                assertThat(hostUsers.all()).extracting(UserRecord::label).containsExactlyInAnyOrder(
                        "ann.lee@abc-energy.example", "ben.ng@abc-energy.example", "cat.roy@abc-energy.example",
                        "dan.wu@abc-energy.example");
                assertThat(hostUsers.all()).extracting(UserRecord::status).containsOnly(UserStatus.PENDING);

                emulator.rename(ben, "Benjamin Ng");
                SyncReport second = scheduler.runNow(runner.syncId()).orElseThrow();
                assertThat(second.summary()).contains("incremental read");
                assertThat(hostUsers.findByEmail("ben.ng@abc-energy.example").orElseThrow().firstName()).isEqualTo("Benjamin");
                assertThat(emulator.requests()).filteredOn(r -> ZendeskEmulator.LIST_USERS.matches(r.method(), r.path()))
                        .as("the full read happened once").hasSize(1);
            } finally {
                scheduler.close(Duration.ofSeconds(10));
            }
        }
    }
}
