package io.rostersync.jdbc;

import javax.sql.DataSource;
import org.junit.jupiter.api.Timeout;

@Timeout(120)
class SchemaToolsH2Test extends SchemaToolsContract {

    private final ConcurrentMigrationH2Test databases = new ConcurrentMigrationH2Test();

    @Override
    DataSource freshDatabase(String name) {
        return databases.freshDatabase("tools-" + name);
    }

    @Override
    String dialect() {
        return "h2";
    }
}
