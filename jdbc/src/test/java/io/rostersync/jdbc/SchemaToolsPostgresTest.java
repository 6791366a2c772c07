package io.rostersync.jdbc;

import javax.sql.DataSource;
import org.junit.jupiter.api.Timeout;

@Timeout(120)
class SchemaToolsPostgresTest extends SchemaToolsContract {

    @Override
    DataSource freshDatabase(String name) throws Exception {
        return ConcurrentMigrationPostgresTest.freshSchema("tools_" + name.replace('-', '_'));
    }

    @Override
    String dialect() {
        return "postgresql";
    }
}
