package io.rostersync.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.rostersync.model.SyncId;
import io.rostersync.spi.FailureKind;
import io.rostersync.spi.RosterSyncException;
import io.rostersync.jdbc.JdbcSyncStateStore;
import io.rostersync.jdbc.StateSchemaMissingException;
import java.lang.reflect.Proxy;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/** A database that cannot be reached is a transient store error, never mistaken for a missing schema. */
class JdbcStoreErrorsTest {

    private static DataSource failing(SQLException error) {
        return (DataSource) Proxy.newProxyInstance(DataSource.class.getClassLoader(), new Class<?>[] {DataSource.class},
                (proxy, method, args) -> {
                    if (method.getName().equals("getConnection")) {
                        throw error;
                    }
                    throw new UnsupportedOperationException(method.getName());
                });
    }

    @Test
    void anErrorWithoutSqlStateIsATransientStoreError() {
        for (SQLException error : new SQLException[] {new SQLException("refused"), new SQLException("refused", "08001")}) {
            for (boolean firstUse : new boolean[] {false, true}) {
                JdbcSyncStateStore store = JdbcSyncStateStore.builder(failing(error)).migrateOnFirstUse(firstUse).build();
                assertThatThrownBy(() -> store.tryAcquire(SyncId.of("s"), "a", Duration.ofMinutes(1), Instant.EPOCH))
                        .isInstanceOfSatisfying(RosterSyncException.class, e -> {
                            assertThat(e).isNotInstanceOf(StateSchemaMissingException.class);
                            assertThat(e.kind()).isEqualTo(FailureKind.TRANSIENT);
                        });
                assertThatThrownBy(store::migrate).isInstanceOf(RosterSyncException.class).isNotInstanceOf(StateSchemaMissingException.class);
            }
        }
    }
}
