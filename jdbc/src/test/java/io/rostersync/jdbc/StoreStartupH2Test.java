package io.rostersync.jdbc;

import javax.sql.DataSource;
import org.junit.jupiter.api.Timeout;

@Timeout(300)
class StoreStartupH2Test extends StoreStartupContract {

    private final ConcurrentMigrationH2Test databases = new ConcurrentMigrationH2Test();

    @Override
    DataSource freshDatabase(String name) {
        return databases.freshDatabase("startup-" + name);
    }

    @Override
    String dialect() {
        return "h2";
    }
}
