package io.rostersync.testkit.jdbc;

import io.rostersync.spi.UserDirectory;
import io.rostersync.testkit.UserDirectoryContract;
import java.util.UUID;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Timeout;

class JdbcUserDirectoryTest {

    @Nested
    class OnH2 extends UserDirectoryContract {
        @Override
        protected UserDirectory directory() {
            JdbcDataSource ds = new JdbcDataSource();
            ds.setURL("jdbc:h2:mem:host-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
            return JdbcUserDirectory.create("host-h2", ds, java.time.Clock.systemUTC(), 2).createTables();
        }

        @org.junit.jupiter.api.Test
        void aSecondAccountWithTheSameEmailIsAConflictForThatUserOnly() {
            UserDirectory dir = directory();
            io.rostersync.model.UserProfile p = io.rostersync.model.UserProfile.builder().email("dup@example.com").build();
            org.assertj.core.api.Assertions.assertThat(dir.create(p, io.rostersync.spi.CreateOptions.silent()))
                    .isInstanceOf(io.rostersync.spi.WriteResult.Stored.class);
            org.assertj.core.api.Assertions.assertThat(dir.create(p, io.rostersync.spi.CreateOptions.silent()))
                    .isInstanceOfSatisfying(io.rostersync.spi.WriteResult.Failed.class, f -> org.assertj.core.api.Assertions
                            .assertThat(f.failure().kind()).isEqualTo(io.rostersync.spi.FailureKind.CONFLICT));
        }
    }

    @Nested
    @Timeout(120)
    class OnPostgres extends UserDirectoryContract {
        @Override
        protected UserDirectory directory() {
            return JdbcUserDirectory.create("host-pg", PostgresTestServer.dataSource(), java.time.Clock.systemUTC(), 2).createTables();
        }
    }
}
