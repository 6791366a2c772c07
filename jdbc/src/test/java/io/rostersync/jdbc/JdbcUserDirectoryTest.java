package io.rostersync.jdbc;

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
            JdbcUserDirectory.createDefaultTables(ds);
            return JdbcUserDirectory.builder("host-h2", ds, UserTableMapping.defaultTables()).pageSize(2).lookUpBatch(2).build();
        }

        @org.junit.jupiter.api.Test
        void aSecondAccountWithTheSameEmailOrUsernameIsAlreadyExistsAndFindExistingNamesTheHolder() {
            UserDirectory dir = directory();
            io.rostersync.model.UserProfile p = io.rostersync.model.UserProfile.builder().email("dup@example.com").username("Dup").build();
            io.rostersync.spi.WriteResult first = dir.create(p, io.rostersync.spi.CreateOptions.silent());
            org.assertj.core.api.Assertions.assertThat(first).isInstanceOf(io.rostersync.spi.WriteResult.Stored.class);
            io.rostersync.model.UserRecord holder = ((io.rostersync.spi.WriteResult.Stored) first).record();
            io.rostersync.model.UserProfile sameUsername = io.rostersync.model.UserProfile.builder().email("other@example.com")
                    .username("dUP").build();
            for (io.rostersync.model.UserProfile again : java.util.List.of(p, sameUsername)) {
                org.assertj.core.api.Assertions.assertThat(dir.create(again, io.rostersync.spi.CreateOptions.silent()))
                        .isInstanceOfSatisfying(io.rostersync.spi.WriteResult.Failed.class, f -> org.assertj.core.api.Assertions
                                .assertThat(f.failure().kind()).isEqualTo(io.rostersync.spi.FailureKind.ALREADY_EXISTS));
                org.assertj.core.api.Assertions.assertThat(dir.findExisting(again)).containsExactly(holder);
            }
            org.assertj.core.api.Assertions.assertThat(dir.findExisting(io.rostersync.model.UserProfile.builder()
                    .email("nobody@example.com").build())).isEmpty();
        }
    }

    @Nested
    @Timeout(120)
    class OnPostgres extends UserDirectoryContract {
        @Override
        protected UserDirectory directory() {
            JdbcUserDirectory.createDefaultTables(PostgresTestServer.dataSource());
            return JdbcUserDirectory.builder("host-pg", PostgresTestServer.dataSource(), UserTableMapping.defaultTables())
                    .pageSize(2).lookUpBatch(2).build();
        }
    }
}
