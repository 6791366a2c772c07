package io.rostersync.jdbc;

import javax.sql.DataSource;
import org.junit.jupiter.api.Timeout;

@Timeout(300)
class StoreStartupPostgresTest extends StoreStartupContract {

    @Override
    DataSource freshDatabase(String name) throws Exception {
        return ConcurrentMigrationPostgresTest.freshSchema(name.replace('-', '_'));
    }

    @Override
    String dialect() {
        return "postgresql";
    }
}
