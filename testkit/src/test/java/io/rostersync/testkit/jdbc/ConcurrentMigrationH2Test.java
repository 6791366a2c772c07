package io.rostersync.testkit.jdbc;

import javax.sql.DataSource;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Timeout;

/** On H2 with its default one-second lock timeout, so a node that waits must retry rather than fail. */
@Timeout(300)
class ConcurrentMigrationH2Test extends ConcurrentMigrationContract {

    private static int databases;

    @Override
    DataSource freshDatabase(String name) {
        JdbcDataSource ds = new JdbcDataSource();
        synchronized (ConcurrentMigrationH2Test.class) {
            ds.setURL("jdbc:h2:mem:migrate-" + name + "-" + (databases++) + ";DB_CLOSE_DELAY=-1");
        }
        return ds;
    }

    @Override
    int rounds() {
        return 60;
    }
}
