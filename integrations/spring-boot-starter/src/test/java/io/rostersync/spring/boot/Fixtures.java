package io.rostersync.spring.boot;

import io.rostersync.engine.Schedule;
import io.rostersync.engine.SyncListener;
import io.rostersync.model.UserProfile;
import io.rostersync.spi.SyncReport;
import io.rostersync.spring.boot.actuate.RosterSyncActuatorAutoConfiguration;
import io.rostersync.testkit.InMemoryUserDirectory;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.h2.jdbcx.JdbcDataSource;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Shared test wiring: the starter's auto-configurations, an H2 database, in-memory directories. */
final class Fixtures {

    private Fixtures() {
    }

    static final AutoConfigurations STARTER = AutoConfigurations.of(RosterSyncAutoConfiguration.class,
            RosterSyncSchedulingAutoConfiguration.class, RosterSyncMetricsAutoConfiguration.class,
            RosterSyncActuatorAutoConfiguration.class);

    /** The starter with scheduling off, so that nothing runs unless a test runs it. */
    static ApplicationContextRunner runner() {
        return new ApplicationContextRunner().withConfiguration(STARTER)
                .withPropertyValues("rostersync.scheduling.enabled=false");
    }

    static DataSource h2() {
        JdbcDataSource ds = new JdbcDataSource();
        ds.setURL("jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
        return ds;
    }

    static InMemoryUserDirectory directory(String name, int users) {
        InMemoryUserDirectory d = InMemoryUserDirectory.create(name);
        for (int i = 0; i < users; i++) {
            d.add(UserProfile.builder().email("user" + i + "@example.com").firstName("User").lastName("N" + i).build());
        }
        return d;
    }

    /** A DataSource bean. */
    @Configuration(proxyBeanMethods = false)
    static class Database {
        @Bean
        DataSource dataSource() {
            return h2();
        }
    }

    /** Directories "hr" (3 users) and "app" (empty), and one sync "hr-to-app" between them as a bean. */
    @Configuration(proxyBeanMethods = false)
    static class OneSync {
        @Bean
        InMemoryUserDirectory hr() {
            return directory("hr", 3);
        }

        @Bean
        InMemoryUserDirectory app() {
            return directory("app", 0);
        }

        @Bean
        SyncDefinition hrToApp(InMemoryUserDirectory hr, InMemoryUserDirectory app) {
            return SyncDefinition.builder("hr-to-app").source(hr).target(app)
                    .schedule(Schedule.every(Duration.ofHours(1))).build();
        }
    }

    /** A listener bean that records every finished run. */
    @Configuration(proxyBeanMethods = false)
    static class Recording {
        @Bean
        Finished finished() {
            return new Finished();
        }
    }

    /** Records finished runs and lets a test wait for the first. */
    static final class Finished implements SyncListener {
        final List<SyncReport> reports = new CopyOnWriteArrayList<>();
        private final CountDownLatch first = new CountDownLatch(1);

        @Override
        public void finished(SyncReport report) {
            reports.add(report);
            first.countDown();
        }

        SyncReport awaitFirst() throws InterruptedException {
            if (!first.await(60, TimeUnit.SECONDS)) {
                throw new AssertionError("no run finished within a minute");
            }
            return reports.get(0);
        }
    }
}
