package io.rostersync.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;

import io.rostersync.engine.RunOptions;
import io.rostersync.jdbc.JdbcSyncStateStore;
import io.rostersync.jdbc.StateSchemaMissingException;
import io.rostersync.model.SyncId;
import io.rostersync.policy.SyncPolicy;
import io.rostersync.spi.InvalidConfigurationException;
import io.rostersync.spi.RunStatus;
import io.rostersync.spi.SyncStateStore;
import io.rostersync.testkit.InMemorySyncStateStore;
import io.rostersync.testkit.InMemoryUserDirectory;
import java.time.Duration;
import java.util.List;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.annotation.ImportCandidates;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

class RosterSyncAutoConfigurationTest {

    @Test
    void autoConfigurationsAreRegisteredForSpringBoot() {
        List<String> imports = ImportCandidates.load(AutoConfiguration.class, getClass().getClassLoader()).getCandidates();
        assertThat(imports).contains(RosterSyncAutoConfiguration.class.getName(),
                RosterSyncSchedulingAutoConfiguration.class.getName(), RosterSyncMetricsAutoConfiguration.class.getName(),
                io.rostersync.spring.boot.actuate.RosterSyncActuatorAutoConfiguration.class.getName());
    }

    @Test
    void aDataSourceGetsAMigratedJdbcStore() {
        Fixtures.runner().withUserConfiguration(Fixtures.Database.class).run(context -> {
            assertThat(context).hasSingleBean(JdbcSyncStateStore.class);
            JdbcSyncStateStore store = context.getBean(JdbcSyncStateStore.class);
            // migrated at start-up: migrating again finds the latest version in place
            assertThat(store.migrate()).isEqualTo(JdbcSyncStateStore.LATEST_VERSION);
            assertThat(store.scheduleState(SyncId.of("any")).nextDue()).isEmpty();
        });
    }

    @Test
    void bootsOwnDataSourceIsUsedWhatever_theOrderOfAutoConfigurations() {
        Fixtures.runner().withConfiguration(AutoConfigurations.of(DataSourceAutoConfiguration.class))
                .withUserConfiguration(Fixtures.OneSync.class).run(context -> {
                    assertThat(context).hasNotFailed().hasSingleBean(JdbcSyncStateStore.class);
                    RosterSyncs syncs = context.getBean(RosterSyncs.class);
                    assertThat(syncs.runnerFor(SyncId.of("hr-to-app")).run(RunOptions.defaults()).status())
                            .isEqualTo(RunStatus.SUCCEEDED);
                    assertThat(context.getBean("app", InMemoryUserDirectory.class).size()).isEqualTo(3);
                });
    }

    @Test
    void withoutADataSourceAndWithoutSyncsTheStarterStaysOutOfTheWay() {
        Fixtures.runner().run(context -> {
            assertThat(context).hasNotFailed().doesNotHaveBean(SyncStateStore.class);
            assertThat(context.getBean(RosterSyncs.class).ids()).isEmpty();
            assertThat(context.getBean(RosterSyncs.class).stateStore()).isEmpty();
        });
    }

    @Test
    void syncsWithoutAStoreFailStartUpSayingWhatToAdd() {
        Fixtures.runner().withUserConfiguration(Fixtures.OneSync.class).run(context -> {
            assertThat(context).hasFailed();
            assertThat(context.getStartupFailure()).rootCause().isInstanceOf(InvalidConfigurationException.class)
                    .hasMessageContaining("[hr-to-app]").hasMessageContaining("need a SyncStateStore")
                    .hasMessageContaining("DataSource");
        });
    }

    @Test
    void withMigrationOffAnEmptyDatabaseFailsStartUpWithTheTypedError() {
        Fixtures.runner().withUserConfiguration(Fixtures.Database.class)
                .withPropertyValues("rostersync.store.migrate=false").run(context -> {
                    assertThat(context).hasFailed();
                    StateSchemaMissingException missing = find(context.getStartupFailure(), StateSchemaMissingException.class);
                    assertThat(missing.foundVersion()).isZero();
                    assertThat(missing.requiredVersion()).isEqualTo(JdbcSyncStateStore.LATEST_VERSION);
                });
    }

    @Test
    void withMigrationOffASchemaWithoutEventPositionsFailsStartUpNamingItsVersion() throws Exception {
        DataSource db = Fixtures.h2();
        try (java.sql.Connection c = db.getConnection(); java.sql.Statement s = c.createStatement()) {
            for (String script : List.of("V1__links_and_leases.sql", "V2__report_history.sql",
                    "V3__fingerprint_held_and_waiting.sql", "V4__schedule_state.sql")) {
                String sql;
                try (java.io.InputStream in = JdbcSyncStateStore.class.getResourceAsStream("/io/rostersync/jdbc/schema/h2/" + script)) {
                    sql = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
                }
                for (String statement : sql.replaceAll("(?m)^--.*$", "").split(";")) {
                    if (!statement.isBlank()) {
                        s.execute(statement);
                    }
                }
            }
        }
        Fixtures.runner().withBean(DataSource.class, () -> db).withPropertyValues("rostersync.store.migrate=false")
                .run(context -> {
                    assertThat(context).hasFailed();
                    StateSchemaMissingException old = find(context.getStartupFailure(), StateSchemaMissingException.class);
                    assertThat(old.foundVersion()).isEqualTo(4);
                    assertThat(old.requiredVersion()).isEqualTo(5);
                });
    }

    @Test
    void withMigrationOffAMigratedDatabaseStartsAndIsNotTouched() {
        DataSource db = Fixtures.h2();
        JdbcSyncStateStore.create(db).migrate();
        Fixtures.runner().withBean(DataSource.class, () -> db).withPropertyValues("rostersync.store.migrate=false")
                .run(context -> assertThat(context).hasNotFailed().hasSingleBean(JdbcSyncStateStore.class));
    }

    @Test
    void reportHistoryPropertyBoundsTheStoredRuns() {
        Fixtures.runner().withUserConfiguration(Fixtures.Database.class, Fixtures.OneSync.class)
                .withPropertyValues("rostersync.store.report-history=2").run(context -> {
                    RosterSyncs syncs = context.getBean(RosterSyncs.class);
                    SyncId id = SyncId.of("hr-to-app");
                    for (int i = 0; i < 4; i++) {
                        syncs.runnerFor(id).run(RunOptions.defaults());
                    }
                    assertThat(context.getBean(SyncStateStore.class).reports(id, 10)).hasSize(2);
                });
    }

    @Test
    void theHostsOwnStoreWinsOverTheJdbcOne() {
        InMemorySyncStateStore own = new InMemorySyncStateStore();
        Fixtures.runner().withUserConfiguration(Fixtures.Database.class, Fixtures.OneSync.class)
                .withBean(SyncStateStore.class, () -> own).run(context -> {
                    assertThat(context).doesNotHaveBean(JdbcSyncStateStore.class);
                    RosterSyncs syncs = context.getBean(RosterSyncs.class);
                    assertThat(syncs.stateStore()).containsSame(own);
                    syncs.runnerFor(SyncId.of("hr-to-app")).run(RunOptions.defaults());
                    assertThat(own.lastReport(SyncId.of("hr-to-app"))).isPresent();
                });
    }

    @Test
    void syncsFromPropertiesNameTheirBeans() {
        Fixtures.runner().withUserConfiguration(Fixtures.Database.class, Directories.class)
                .withPropertyValues("rostersync.syncs.crm-to-app.source=crm", "rostersync.syncs.crm-to-app.target=portal",
                        "rostersync.syncs.crm-to-app.policy=strictPolicy", "rostersync.syncs.crm-to-app.every=15m",
                        "rostersync.syncs.crm-to-app.full-every-runs=3")
                .run(context -> {
                    RosterSyncs syncs = context.getBean(RosterSyncs.class);
                    SyncDefinition sync = syncs.definition(SyncId.of("crm-to-app")).orElseThrow();
                    assertThat(sync.source()).isSameAs(context.getBean("crm"));
                    assertThat(sync.target()).isSameAs(context.getBean("portal"));
                    assertThat(sync.policy()).isSameAs(context.getBean("strictPolicy"));
                    assertThat(sync.schedule().interval()).isEqualTo(Duration.ofMinutes(15));
                    assertThat(sync.schedule().fullEveryRuns()).isEqualTo(3);
                    assertThat(syncs.runnerFor(sync.id()).run(RunOptions.defaults()).status()).isEqualTo(RunStatus.SUCCEEDED);
                    assertThat(context.getBean("portal", InMemoryUserDirectory.class).size()).isEqualTo(2);
                });
    }

    @Test
    void beansAndPropertiesTogether() {
        Fixtures.runner().withUserConfiguration(Fixtures.Database.class, Fixtures.OneSync.class, Directories.class)
                .withPropertyValues("rostersync.syncs.crm-to-app.source=crm", "rostersync.syncs.crm-to-app.target=portal")
                .run(context -> assertThat(context.getBean(RosterSyncs.class).ids())
                        .containsExactly(SyncId.of("hr-to-app"), SyncId.of("crm-to-app")));
    }

    @Test
    void aDuplicateIdFailsStartUpNamingBothDeclarations() {
        Fixtures.runner().withUserConfiguration(Fixtures.Database.class, Fixtures.OneSync.class, Directories.class)
                .withPropertyValues("rostersync.syncs.hr-to-app.source=crm", "rostersync.syncs.hr-to-app.target=portal")
                .run(context -> {
                    assertThat(context).hasFailed();
                    assertThat(context.getStartupFailure()).rootCause().isInstanceOf(InvalidConfigurationException.class)
                            .hasMessageContaining("'hr-to-app' is declared twice")
                            .hasMessageContaining("SyncDefinition bean 'hrToApp'")
                            .hasMessageContaining("rostersync.syncs.hr-to-app");
                });
    }

    @Test
    void twoDefinitionBeansWithOneIdFailStartUp() {
        Fixtures.runner().withUserConfiguration(Fixtures.Database.class, Fixtures.OneSync.class)
                .withBean("again", SyncDefinition.class, () -> SyncDefinition.builder("hr-to-app")
                        .source(Fixtures.directory("x", 0)).target(Fixtures.directory("y", 0)).build())
                .run(context -> assertThat(context.getStartupFailure()).rootCause()
                        .hasMessageContaining("'hr-to-app' is declared twice").hasMessageContaining("'again'"));
    }

    @Test
    void anUnknownBeanNameFailsStartUpListingTheBeansThereAre() {
        Fixtures.runner().withUserConfiguration(Fixtures.Database.class, Directories.class)
                .withPropertyValues("rostersync.syncs.crm-to-app.source=crmm", "rostersync.syncs.crm-to-app.target=portal",
                        "rostersync.syncs.crm-to-app.policy=nope")
                .run(context -> {
                    assertThat(context).hasFailed();
                    assertThat(context.getStartupFailure()).rootCause().isInstanceOf(InvalidConfigurationException.class)
                            .hasMessageContaining("rostersync.syncs.crm-to-app.source names 'crmm', but there is no bean of that name")
                            .hasMessageContaining("the UserDirectory beans are [crm, portal]")
                            .hasMessageContaining("rostersync.syncs.crm-to-app.policy names 'nope'");
                });
    }

    @Test
    void aBeanOfTheWrongTypeOrAMissingTargetFailsStartUp() {
        Fixtures.runner().withUserConfiguration(Fixtures.Database.class, Directories.class)
                .withPropertyValues("rostersync.syncs.crm-to-app.source=strictPolicy")
                .run(context -> assertThat(context.getStartupFailure()).rootCause()
                        .hasMessageContaining("names 'strictPolicy', which is a " + SyncPolicy.class.getName() + ", not a UserDirectory")
                        .hasMessageContaining("rostersync.syncs.crm-to-app.target is not set"));
    }

    @Test
    void anInvalidScheduleFailsStartUp() {
        Fixtures.runner().withUserConfiguration(Fixtures.Database.class, Directories.class)
                .withPropertyValues("rostersync.syncs.crm-to-app.source=crm", "rostersync.syncs.crm-to-app.target=portal",
                        "rostersync.syncs.crm-to-app.jitter=2")
                .run(context -> assertThat(context.getStartupFailure()).rootCause()
                        .hasMessageContaining("rostersync.syncs.crm-to-app: the schedule is not valid: jitter must be within [0, 1]"));
    }

    @Test
    void nodeNameIsTheLeaseOwner() {
        Fixtures.runner().withUserConfiguration(Fixtures.Database.class, Fixtures.OneSync.class)
                .withPropertyValues("rostersync.node-name=node-7").run(context -> {
                    RosterSyncs syncs = context.getBean(RosterSyncs.class);
                    assertThat(syncs.owner()).isEqualTo("node-7");
                    SyncStateStore store = context.getBean(SyncStateStore.class);
                    var lease = store.tryAcquire(SyncId.of("hr-to-app"), "someone-else", Duration.ofMinutes(1), java.time.Instant.now());
                    assertThat(lease).isPresent();
                    assertThat(syncs.runnerFor(SyncId.of("hr-to-app")).run(RunOptions.defaults()).status()).isEqualTo(RunStatus.BUSY);
                });
    }

    @Test
    void theNodeNameDefaultsToTheHostName() {
        Fixtures.runner().run(context -> assertThat(context.getBean(RosterSyncs.class).owner()).isNotBlank());
    }

    @Test
    void hostListenersHearEveryRunAndOneThatThrowsDoesNotSilenceTheOthers() {
        Fixtures.runner().withUserConfiguration(Fixtures.Database.class, Fixtures.OneSync.class, Fixtures.Recording.class)
                .withBean("throwing", io.rostersync.engine.SyncListener.class, () -> new io.rostersync.engine.SyncListener() {
                    @Override
                    public void finished(io.rostersync.spi.SyncReport report) {
                        throw new IllegalStateException("boom");
                    }
                })
                .run(context -> {
                    context.getBean(RosterSyncs.class).runnerFor(SyncId.of("hr-to-app")).run(RunOptions.defaults());
                    assertThat(context.getBean(Fixtures.Finished.class).reports).singleElement()
                            .extracting(io.rostersync.spi.SyncReport::status).isEqualTo(RunStatus.SUCCEEDED);
                });
    }

    @Test
    void aSyncTheTargetCannotHonourFailsStartUpNamingTheSync() {
        Fixtures.runner().withUserConfiguration(Fixtures.Database.class)
                .withBean("bad", SyncDefinition.class, () -> SyncDefinition.builder("bad-sync")
                        .source(Fixtures.directory("x", 0))
                        .target(InMemoryUserDirectory.builder("ro").without(io.rostersync.spi.Capability.READ).build())
                        .build())
                .run(context -> assertThat(context.getStartupFailure()).rootCause()
                        .isInstanceOf(IllegalStateException.class).hasMessageContaining("cannot be read"));
    }

    @Test
    void theHostsOwnRegistryWins() {
        RosterSyncs own = RosterSyncs.builder().owner("mine").build();
        Fixtures.runner().withUserConfiguration(Fixtures.Database.class, Fixtures.OneSync.class)
                .withBean(RosterSyncs.class, () -> own)
                .run(context -> assertThat(context.getBean(RosterSyncs.class)).isSameAs(own));
    }

    static <T extends Throwable> T find(Throwable t, Class<T> type) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (type.isInstance(c)) {
                return type.cast(c);
            }
        }
        throw new AssertionError("no " + type.getSimpleName() + " in the causes of " + t, t);
    }

    /** Directories "crm" (2 users) and "app", and a policy bean. */
    @Configuration(proxyBeanMethods = false)
    static class Directories {
        @Bean
        InMemoryUserDirectory crm() {
            return Fixtures.directory("crm", 2);
        }

        @Bean
        InMemoryUserDirectory portal() {
            return Fixtures.directory("portal", 0);
        }

        @Bean
        SyncPolicy strictPolicy() {
            return SyncPolicy.builder().build();
        }
    }
}
