package io.rostersync.jdbc;

import java.sql.Connection;
import java.sql.Statement;
import javax.sql.DataSource;
import org.junit.jupiter.api.Timeout;
import org.postgresql.ds.PGSimpleDataSource;

/** On PostgreSQL, each round in a schema of its own (a fresh database as far as rostersync can tell). */
@Timeout(300)
class ConcurrentMigrationPostgresTest extends ConcurrentMigrationContract {

    private static int schemas;

    @Override
    DataSource freshDatabase(String name) throws Exception {
        return freshSchema(name);
    }

    /** A new schema on the test server and a data source whose tables go there. */
    static DataSource freshSchema(String name) throws Exception {
        PGSimpleDataSource base = (PGSimpleDataSource) PostgresTestServer.dataSource();
        String schema;
        synchronized (ConcurrentMigrationPostgresTest.class) {
            schema = "m_" + name.replace('-', '_') + "_" + ProcessHandle.current().pid() + "_" + (schemas++);
        }
        try (Connection c = base.getConnection(); Statement s = c.createStatement()) {
            s.execute("CREATE SCHEMA " + schema);
        }
        PGSimpleDataSource ds = new PGSimpleDataSource();
        ds.setUrl(base.getUrl());
        ds.setUser(base.getUser());
        ds.setPassword(base.getPassword());
        ds.setCurrentSchema(schema);
        return ds;
    }

    @Override
    int rounds() {
        return 25;
    }
}
