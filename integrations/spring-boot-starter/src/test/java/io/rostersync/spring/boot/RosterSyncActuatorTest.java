package io.rostersync.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.rostersync.emulators.zendesk.ZendeskEmulator;
import io.rostersync.engine.RunOptions;
import io.rostersync.http.Secret;
import io.rostersync.jdbc.JdbcUserDirectory;
import io.rostersync.jdbc.UserTableMapping;
import io.rostersync.model.SyncId;
import io.rostersync.model.UserRecord;
import io.rostersync.policy.LicenseRule;
import io.rostersync.policy.SyncPolicy;
import io.rostersync.spi.Lease;
import io.rostersync.spi.RunStatus;
import io.rostersync.spi.ScheduleState;
import io.rostersync.spi.SyncStateStore;
import io.rostersync.spi.UserPage;
import io.rostersync.spi.UserPages;
import io.rostersync.spring.boot.actuate.RosterSyncEndpoint;
import io.rostersync.engine.NamedUsers;
import io.rostersync.spring.boot.actuate.RosterSyncEndpoint.NamedResult;
import io.rostersync.spring.boot.actuate.RosterSyncEndpoint.NamedUserView;
import io.rostersync.spring.boot.actuate.RosterSyncEndpoint.PlanResult;
import io.rostersync.spring.boot.actuate.RosterSyncEndpoint.RunResult;
import io.rostersync.spring.boot.actuate.RosterSyncEndpoint.SyncView;
import io.rostersync.spring.boot.actuate.RosterSyncHealthIndicator;
import io.rostersync.testkit.InMemoryLicensePool;
import io.rostersync.testkit.InMemoryUserDirectory;
import io.rostersync.zendesk.ZendeskDirectory;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.boot.actuate.endpoint.InvalidEndpointRequestException;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The health indicator and the endpoint against real syncs: a Zendesk emulator over loopback into a JDBC table on
 * H2 (with the API token as the secret that must never show), and testkit directories for held and waiting users.
 */
@Timeout(120)
class RosterSyncActuatorTest {

    /** The Zendesk API token: a credential that must appear in no health or endpoint output. */
    private static final String SECRET = "zd-tok-7f3a9c41e2b8-do-not-show";
    private static final String WRONG_SECRET = "zd-tok-wrong-51d0c2aa-do-not-show";
    private static final SyncId ZENDESK_TO_APP = SyncId.of("zendesk-to-app");

    private static ZendeskEmulator zendesk;
    private static long ann;
    private static long bob;

    @BeforeAll
    static void startZendesk() {
        zendesk = ZendeskEmulator.builder().apiToken(ZendeskEmulator.DEFAULT_EMAIL, SECRET).start();
        ann = zendesk.addUser("Ann Agent", "ann@acme.example", "agent");
        bob = zendesk.addUser("Bob Agent", "bob@acme.example", "agent");
        zendesk.addUser("Cy Admin", "cy@acme.example", "admin");
    }

    @AfterAll
    static void stopZendesk() {
        zendesk.close();
    }

    private final ApplicationContextRunner runner = Fixtures.runner()
            .withUserConfiguration(ZendeskIntoApp.class)
            .withPropertyValues("rostersync.syncs.zendesk-to-app.source=zendesk",
                    "rostersync.syncs.zendesk-to-app.target=appUsers",
                    "rostersync.syncs.zendesk-to-app.every=1h",
                    "management.endpoints.web.exposure.include=health,rostersync");

    // ---- endpoint ------------------------------------------------------------------------------------------

    @Test
    void runNowAppliesTheSyncAndTheListingShowsTheRun() {
        runner.run(context -> {
            RosterSyncEndpoint endpoint = context.getBean(RosterSyncEndpoint.class);
            RunResult run = (RunResult) endpoint.operate("zendesk-to-app", "run", null);
            assertThat(run.outcome()).isEqualTo("SUCCEEDED");
            assertThat(run.run().applied()).isPositive();
            assertThat(emails(context.getBean(JdbcUserDirectory.class))).contains("ann@acme.example", "bob@acme.example");

            RosterSyncEndpoint.SyncsView all = endpoint.syncs();
            assertThat(all.node()).isEqualTo(context.getBean(RosterSyncs.class).owner());
            assertThat(all.syncs()).singleElement().satisfies(sync -> {
                assertThat(sync.id()).isEqualTo("zendesk-to-app");
                assertThat(sync.source()).isEqualTo(context.getBean("zendesk", ZendeskDirectory.class).name());
                assertThat(sync.target()).isEqualTo("app-users");
                assertThat(sync.schedule()).isEqualTo("every PT1H");
                assertThat(sync.lastRuns()).singleElement().satisfies(r -> {
                    assertThat(r.status()).isEqualTo("SUCCEEDED");
                    assertThat(r.mode()).isEqualTo("FULL");
                    assertThat(r.planned()).containsKey("CREATE");
                });
                assertThat(sync.error()).isNull();
            });
            assertThat(all.toString()).doesNotContain(SECRET);
        });
    }

    @Test
    void theListingShowsTheLatestRunsNewestFirstAndTheNextDueTime() {
        runner.withPropertyValues("rostersync.endpoint.runs=2").run(context -> {
            RosterSyncs syncs = context.getBean(RosterSyncs.class);
            syncs.runnerFor(ZENDESK_TO_APP).run(RunOptions.defaults());
            syncs.runnerFor(ZENDESK_TO_APP).run(RunOptions.defaults().withForceFull());
            SyncDefinition def = syncs.definition(ZENDESK_TO_APP).orElseThrow();
            syncs.runnerFor(ZENDESK_TO_APP).runScheduled(def.schedule());
            SyncView sync = context.getBean(RosterSyncEndpoint.class).sync("zendesk-to-app");
            assertThat(sync).isNotNull();
            assertThat(sync.lastRuns()).hasSize(2);
            assertThat(sync.lastRuns().get(0).startedAt()).isAfterOrEqualTo(sync.lastRuns().get(1).startedAt());
            Instant due = context.getBean(SyncStateStore.class).scheduleState(ZENDESK_TO_APP).nextDue().orElseThrow();
            assertThat(sync.nextDue()).isEqualTo(due);
            assertThat(sync.lastFullRun()).isNotNull();
        });
    }

    @Test
    void anUnknownSyncIsNotFoundOnReadAndABadRequestOnWrite() {
        runner.run(context -> {
            RosterSyncEndpoint endpoint = context.getBean(RosterSyncEndpoint.class);
            assertThat(endpoint.sync("nope")).isNull();
            assertThat(endpoint.sync("not a sync id!")).isNull();
            assertThatThrownBy(() -> endpoint.operate("nope", "run", null))
                    .isInstanceOf(InvalidEndpointRequestException.class)
                    .hasMessageContaining("no sync 'nope'; the syncs are [zendesk-to-app]")
                    .extracting(e -> ((InvalidEndpointRequestException) e).getReason()).isEqualTo("Unknown sync 'nope'");
            assertThatThrownBy(() -> endpoint.operate("zendesk-to-app", "explode", null))
                    .isInstanceOf(InvalidEndpointRequestException.class)
                    .hasMessageContaining("the operations are [run, plan, release, named]");
        });
    }

    @Test
    void runNowWhileAnotherNodeHoldsTheLeaseAnswersBusyAndDoesNothing() {
        runner.run(context -> {
            SyncStateStore store = context.getBean(SyncStateStore.class);
            Optional<Lease> other = store.tryAcquire(ZENDESK_TO_APP, "node-b", Duration.ofMinutes(10), Instant.now());
            assertThat(other).isPresent();
            RunResult run = (RunResult) context.getBean(RosterSyncEndpoint.class).operate("zendesk-to-app", "run", null);
            assertThat(run.outcome()).isEqualTo("BUSY");
            assertThat(run.message()).contains("another runner holds the lease");
            assertThat(emails(context.getBean(JdbcUserDirectory.class))).isEmpty();
        });
    }

    @Test
    void aDryRunPlanShowsEachUsersActionsWithReasonsAndAppliesNothing() {
        runner.run(context -> {
            PlanResult plan = (PlanResult) context.getBean(RosterSyncEndpoint.class).operate("zendesk-to-app", "plan", null);
            assertThat(plan.outcome()).isEqualTo("PLANNED");
            assertThat(plan.counts()).containsKey("CREATE");
            assertThat(plan.users()).anySatisfy(u -> {
                assertThat(u.user()).isEqualTo("ann@acme.example");
                assertThat(u.decisions()).isNotEmpty().allSatisfy(line -> assertThat(line).contains(":"));
            });
            assertThat(emails(context.getBean(JdbcUserDirectory.class))).isEmpty();
            assertThat(context.getBean(SyncStateStore.class).lastReport(ZENDESK_TO_APP)).isEmpty();
            assertThat(plan.toString()).doesNotContain(SECRET);
        });
    }

    @Test
    void aPlanThatCannotReadSaysWhyWithoutTheCredential() {
        runner.withPropertyValues("rostersync.syncs.zendesk-to-app.source=wrongZendesk").run(context -> {
            PlanResult plan = (PlanResult) context.getBean(RosterSyncEndpoint.class).operate("zendesk-to-app", "plan", null);
            assertThat(plan.outcome()).isEqualTo("FAILED");
            assertThat(plan.message()).startsWith("could not plan: ");
            assertThat(plan.toString()).doesNotContain(WRONG_SECRET).doesNotContain(SECRET);
        });
    }

    @Test
    void heldDeprovisionsAreListedAndReleasedOneByOneOrAll() {
        InMemoryUserDirectory hr = Fixtures.directory("hr", 20);
        InMemoryUserDirectory app = Fixtures.directory("app", 0);
        Fixtures.runner().withUserConfiguration(Fixtures.Database.class)
                .withPropertyValues("management.endpoints.web.exposure.include=rostersync")
                .withBean(SyncDefinition.class, () -> SyncDefinition.builder("hr-to-app").source(hr).target(app).build())
                .run(context -> {
                    RosterSyncEndpoint endpoint = context.getBean(RosterSyncEndpoint.class);
                    assertThat(((RunResult) endpoint.operate("hr-to-app", "run", null)).outcome()).isEqualTo("SUCCEEDED");
                    List<UserRecord> people = hr.all();
                    for (int i = 0; i < 15; i++) {
                        hr.remove(people.get(i).id());
                    }
                    RunResult held = (RunResult) endpoint.operate("hr-to-app", "run", null);
                    assertThat(held.outcome()).isEqualTo("HELD");
                    SyncView view = endpoint.sync("hr-to-app");
                    assertThat(view).isNotNull();
                    assertThat(view.heldDeprovisions()).isNotEmpty()
                            .allSatisfy(h -> assertThat(h.action()).isEqualTo("DEACTIVATE"));
                    int before = view.heldDeprovisions().size();
                    String first = view.heldDeprovisions().get(0).targetId();

                    endpoint.operate("hr-to-app", "release", " " + first + " ,");
                    SyncView afterOne = endpoint.sync("hr-to-app");
                    assertThat(afterOne.heldDeprovisions()).hasSize(before - 1)
                            .noneSatisfy(h -> assertThat(h.targetId()).isEqualTo(first));
                    assertThat(app.get(io.rostersync.model.NativeId.of(first)).orElseThrow().status())
                            .isEqualTo(io.rostersync.model.UserStatus.INACTIVE);

                    endpoint.operate("hr-to-app", "release", null);
                    assertThat(endpoint.sync("hr-to-app").heldDeprovisions()).isEmpty();
                });
    }

    @Test
    void usersWaitingForASeatAreListed() {
        Fixtures.runner().withUserConfiguration(Fixtures.Database.class)
                .withPropertyValues("management.endpoints.web.exposure.include=rostersync")
                .withBean(SyncDefinition.class, () -> SyncDefinition.builder("seats").source(Fixtures.directory("hr", 3))
                        .target(Fixtures.directory("app", 0)).policy(SyncPolicy.builder().license(LicenseRule.everyone("agent")).build())
                        .licensePool(InMemoryLicensePool.of("agent", 1)).build())
                .run(context -> {
                    RosterSyncEndpoint endpoint = context.getBean(RosterSyncEndpoint.class);
                    endpoint.operate("seats", "run", null);
                    SyncView view = endpoint.sync("seats");
                    assertThat(view).isNotNull();
                    assertThat(view.waitingForSeat()).hasSize(2).allSatisfy(w -> assertThat(w.reason()).isNotBlank());
                });
    }

    @Test
    void theEndpointIsOnlyThereWhenExposedAndTheHostsOwnWins() {
        Fixtures.runner().withUserConfiguration(Fixtures.Database.class, Fixtures.OneSync.class)
                .run(context -> assertThat(context).doesNotHaveBean(RosterSyncEndpoint.class));
        RosterSyncEndpoint own = new RosterSyncEndpoint(RosterSyncs.builder().build(), 1);
        runner.withBean(RosterSyncEndpoint.class, () -> own)
                .run(context -> assertThat(context.getBean(RosterSyncEndpoint.class)).isSameAs(own));
    }

    @Test
    void withoutActuatorThereIsNoEndpointOrHealthAndTheSyncsStillWork() {
        runner.withClassLoader(new FilteredClassLoader("org.springframework.boot.actuate", "org.springframework.boot.health"))
                .run(context -> {
                    assertThat(context).hasNotFailed().doesNotHaveBean("rosterSyncEndpoint")
                            .doesNotHaveBean("rostersyncHealthIndicator");
                    assertThat(context.getBean(RosterSyncs.class).runnerFor(ZENDESK_TO_APP).run(RunOptions.defaults()).status())
                            .isEqualTo(RunStatus.SUCCEEDED);
                });
    }

    @Test
    void namedSyncsOnlyTheNamedUsersAndShowsEachOnesSteps() {
        runner.run(context -> {
            RosterSyncEndpoint endpoint = context.getBean(RosterSyncEndpoint.class);
            NamedResult named = (NamedResult) endpoint.operate("zendesk-to-app", "named", null, " " + ann + " ,", "cy@acme.example");
            assertThat(named.outcome()).isEqualTo("SUCCEEDED");
            assertThat(named.users()).hasSize(2).allSatisfy(u -> {
                assertThat(u.outcome()).isEqualTo("APPLIED");
                assertThat(u.steps()).isNotEmpty();
                assertThat(u.sourceId()).isNotNull();
            });
            assertThat(named.users()).extracting(NamedUserView::asked).containsExactlyInAnyOrder("id " + ann, "email cy@acme.example");
            // Bob was not named: not created
            assertThat(emails(context.getBean(JdbcUserDirectory.class))).containsExactlyInAnyOrder("ann@acme.example", "cy@acme.example");
            assertThat(named.toString()).doesNotContain(SECRET);
        });
    }

    @Test
    void namedChangesNothingAboutAUserNotNamed() {
        runner.run(context -> {
            RosterSyncEndpoint endpoint = context.getBean(RosterSyncEndpoint.class);
            assertThat(((RunResult) endpoint.operate("zendesk-to-app", "run", null)).outcome()).isEqualTo("SUCCEEDED");
            JdbcUserDirectory app = context.getBean(JdbcUserDirectory.class);
            String bobBefore = record(app, "bob@acme.example").profile().displayName();
            String annBefore = record(app, "ann@acme.example").profile().displayName();
            zendesk.rename(ann, "Ann Renamed " + System.nanoTime());
            zendesk.rename(bob, "Bob Renamed " + System.nanoTime());
            try {
                NamedResult named = (NamedResult) endpoint.operate("zendesk-to-app", "named", null, String.valueOf(ann), null);
                assertThat(named.users()).singleElement().satisfies(u -> assertThat(u.outcome()).isEqualTo("APPLIED"));
                assertThat(record(app, "ann@acme.example").profile().displayName()).startsWith("Ann Renamed").isNotEqualTo(annBefore);
                assertThat(record(app, "bob@acme.example").profile().displayName()).isEqualTo(bobBefore);
            } finally {
                zendesk.rename(ann, "Ann Agent");
                zendesk.rename(bob, "Bob Agent");
            }
        });
    }

    @Test
    void namedWithNoNameOrTooManyIsABadRequestWithTheReason() {
        runner.run(context -> {
            RosterSyncEndpoint endpoint = context.getBean(RosterSyncEndpoint.class);
            assertThatThrownBy(() -> endpoint.operate("zendesk-to-app", "named", null, null, null))
                    .isInstanceOf(InvalidEndpointRequestException.class).hasMessageContaining("name at least one source user")
                    .extracting(e -> ((InvalidEndpointRequestException) e).getReason()).isEqualTo("No user named");
            assertThatThrownBy(() -> endpoint.operate("zendesk-to-app", "named", null, " , ", ""))
                    .isInstanceOf(InvalidEndpointRequestException.class).hasMessageContaining("name at least one source user");
            StringBuilder many = new StringBuilder();
            for (int i = 1; i <= NamedUsers.MAX_NAMES; i++) {
                many.append(i).append(',');
            }
            assertThatThrownBy(() -> endpoint.operate("zendesk-to-app", "named", null, many.toString(), "kate@acme.example"))
                    .isInstanceOf(InvalidEndpointRequestException.class)
                    .hasMessageContaining((NamedUsers.MAX_NAMES + 1) + " users were named, more than the " + NamedUsers.MAX_NAMES)
                    .extracting(e -> ((InvalidEndpointRequestException) e).getReason()).isEqualTo("Too many users named");
            assertThatThrownBy(() -> endpoint.operate("zendesk-to-app", "named", null, null, "not-an-email"))
                    .isInstanceOf(InvalidEndpointRequestException.class).hasMessageContaining("'not-an-email' is not an email address");
            assertThat(emails(context.getBean(JdbcUserDirectory.class))).isEmpty();
        });
    }

    @Test
    void namedWhileAnotherRunHoldsTheLeaseAnswersBusyAndDoesNothing() {
        runner.run(context -> {
            SyncStateStore store = context.getBean(SyncStateStore.class);
            assertThat(store.tryAcquire(ZENDESK_TO_APP, "node-b", Duration.ofMinutes(10), Instant.now())).isPresent();
            NamedResult named = (NamedResult) context.getBean(RosterSyncEndpoint.class)
                    .operate("zendesk-to-app", "named", null, String.valueOf(ann), null);
            assertThat(named.outcome()).isEqualTo("BUSY");
            assertThat(named.message()).contains("another runner holds the lease");
            assertThat(named.users()).singleElement().satisfies(u -> assertThat(u.outcome()).isEqualTo("NOT_RUN"));
            assertThat(emails(context.getBean(JdbcUserDirectory.class))).isEmpty();
        });
    }

    // ---- health --------------------------------------------------------------------------------------------

    @Test
    void healthIsUpAfterASuccessfulRunWithDetailsPerSync() {
        runner.run(context -> {
            context.getBean(RosterSyncs.class).runnerFor(ZENDESK_TO_APP).run(RunOptions.defaults());
            Health health = health(context);
            assertThat(health.getStatus()).isEqualTo(Status.UP);
            Map<String, Object> sync = syncDetails(health, "zendesk-to-app");
            assertThat(sync).containsEntry("status", "UP").containsEntry("overdue", false);
            assertThat(sync.get("lastRun")).asString().contains("SUCCEEDED");
        });
    }

    @Test
    void aSyncThatNeverRanIsUp() {
        runner.run(context -> {
            Health health = health(context);
            assertThat(health.getStatus()).isEqualTo(Status.UP);
            assertThat(syncDetails(health, "zendesk-to-app")).containsEntry("lastRun", "never");
        });
    }

    @Test
    void aFailedLastRunIsDownByDefaultAndNeverShowsTheCredential() {
        runner.withPropertyValues("rostersync.syncs.zendesk-to-app.source=wrongZendesk").run(context -> {
            assertThat(context.getBean(RosterSyncs.class).runnerFor(ZENDESK_TO_APP).run(RunOptions.defaults()).status())
                    .isEqualTo(RunStatus.FAILED);
            Health health = health(context);
            assertThat(health.getStatus()).isEqualTo(Status.DOWN);
            assertThat(syncDetails(health, "zendesk-to-app")).containsEntry("status", "DOWN");
            assertThat(health.toString()).doesNotContain(WRONG_SECRET).doesNotContain(SECRET);
            RosterSyncEndpoint endpoint = context.getBean(RosterSyncEndpoint.class);
            assertThat(endpoint.syncs().toString()).doesNotContain(WRONG_SECRET).doesNotContain(SECRET)
                    .contains("FAILED");
        });
    }

    @Test
    void aFailedLastRunReportsTheConfiguredStatus() {
        runner.withPropertyValues("rostersync.syncs.zendesk-to-app.source=wrongZendesk",
                "rostersync.health.failed-status=out_of_service").run(context -> {
                    context.getBean(RosterSyncs.class).runnerFor(ZENDESK_TO_APP).run(RunOptions.defaults());
                    assertThat(health(context).getStatus()).isEqualTo(Status.OUT_OF_SERVICE);
                });
    }

    @Test
    void anOverdueSyncIsDownByDefault() {
        scheduledLater().run(context -> {
            dueAt(context, Instant.now().minus(Duration.ofHours(2)));
            Health health = health(context);
            assertThat(health.getStatus()).isEqualTo(Status.DOWN);
            assertThat(syncDetails(health, "zendesk-to-app")).containsEntry("overdue", true).containsKey("nextDue");
        });
    }

    @Test
    void anOverdueSyncReportsTheConfiguredStatus() {
        scheduledLater().withPropertyValues("rostersync.health.overdue-status=OUT_OF_SERVICE").run(context -> {
            dueAt(context, Instant.now().minus(Duration.ofHours(2)));
            assertThat(health(context).getStatus()).isEqualTo(Status.OUT_OF_SERVICE);
        });
    }

    @Test
    void aSyncWithinItsGraceIsUp() {
        scheduledLater().withPropertyValues("rostersync.health.overdue-grace=1h").run(context -> {
            dueAt(context, Instant.now().minus(Duration.ofMinutes(10)));
            assertThat(health(context).getStatus()).isEqualTo(Status.UP);
        });
    }

    @Test
    void withSchedulingOffNoSyncIsOverdue() {
        runner.run(context -> {
            dueAt(context, Instant.now().minus(Duration.ofHours(2)));
            assertThat(health(context).getStatus()).isEqualTo(Status.UP);
        });
    }

    @Test
    void aStoreThatCannotBeReadIsDownAndTheEndpointSaysSoPerSync() {
        runner.run(context -> {
            try (java.sql.Connection c = context.getBean(DataSource.class).getConnection();
                 java.sql.Statement s = c.createStatement()) {
                s.execute("DROP TABLE rostersync_schedule");
            }
            Health health = health(context);
            assertThat(health.getStatus()).isEqualTo(Status.DOWN);
            assertThat(syncDetails(health, "zendesk-to-app")).containsEntry("status", "DOWN")
                    .containsEntry("error", "the state store could not be read (StateSchemaMissingException)");
            SyncView view = context.getBean(RosterSyncEndpoint.class).sync("zendesk-to-app");
            assertThat(view).isNotNull();
            assertThat(view.error()).isEqualTo("the state store could not be read (StateSchemaMissingException)");
        });
    }

    @Test
    void theHealthIndicatorCanBeSwitchedOff() {
        runner.withPropertyValues("management.health.rostersync.enabled=false")
                .run(context -> assertThat(context).doesNotHaveBean(RosterSyncHealthIndicator.class));
    }

    // ---- helpers -------------------------------------------------------------------------------------------

    /** Scheduling on, the first run an hour away, so that only the test writes the schedule state. */
    private ApplicationContextRunner scheduledLater() {
        return runner.withPropertyValues("rostersync.scheduling.enabled=true", "rostersync.syncs.zendesk-to-app.first-delay=1h");
    }

    private static void dueAt(org.springframework.context.ApplicationContext context, Instant due) {
        SyncStateStore store = context.getBean(SyncStateStore.class);
        Lease lease = store.tryAcquire(ZENDESK_TO_APP, "test", Duration.ofMinutes(1), Instant.now()).orElseThrow();
        store.saveScheduleState(lease, ScheduleState.never().withNextDue(Optional.of(due)));
        store.release(lease);
    }

    private static Health health(org.springframework.context.ApplicationContext context) {
        return context.getBean("rostersyncHealthIndicator", HealthIndicator.class).health();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> syncDetails(Health health, String sync) {
        return (Map<String, Object>) ((Map<String, Object>) health.getDetails().get("syncs")).get(sync);
    }

    private static UserRecord record(JdbcUserDirectory directory, String email) {
        try (UserPages pages = directory.readAll()) {
            for (Optional<UserPage> p = pages.next(); p.isPresent(); p = pages.next()) {
                for (UserRecord u : p.get().users()) {
                    if (u.email().map(e -> e.value().equals(email)).orElse(false)) {
                        return u;
                    }
                }
            }
        }
        throw new AssertionError("no " + email + " in the host directory");
    }

    private static List<String> emails(JdbcUserDirectory directory) {
        List<String> out = new ArrayList<>();
        try (UserPages pages = directory.readAll()) {
            for (Optional<UserPage> p = pages.next(); p.isPresent(); p = pages.next()) {
                p.get().users().forEach(u -> u.email().ifPresent(e -> out.add(e.value())));
            }
        }
        return out;
    }

    /** The Zendesk emulator as "zendesk" (and "wrongZendesk" with a bad token), an H2 table as "appUsers". */
    @Configuration(proxyBeanMethods = false)
    static class ZendeskIntoApp {
        @Bean
        DataSource dataSource() {
            return Fixtures.h2();
        }

        @Bean
        ZendeskDirectory zendesk() {
            return zendesk.directory().build();
        }

        @Bean
        ZendeskDirectory wrongZendesk() {
            return zendesk.directory().apiToken(ZendeskEmulator.DEFAULT_EMAIL, Secret.of(WRONG_SECRET)).build();
        }

        @Bean
        JdbcUserDirectory appUsers(DataSource dataSource) {
            JdbcUserDirectory.createDefaultTables(dataSource);
            return JdbcUserDirectory.create("app-users", dataSource, UserTableMapping.defaultTables());
        }
    }
}
