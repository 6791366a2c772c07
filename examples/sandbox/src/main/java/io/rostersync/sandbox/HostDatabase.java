package io.rostersync.sandbox;

import io.rostersync.jdbc.JdbcUserDirectory;
import io.rostersync.jdbc.UserTableMapping;
import org.h2.jdbcx.JdbcDataSource;

/** The host app's user table for a scenario: a fresh, private in-memory H2 database. */
final class HostDatabase {

    private HostDatabase() {
    }

    static JdbcUserDirectory usersTable(String name) {
        JdbcDataSource ds = new JdbcDataSource();
        ds.setURL("jdbc:h2:mem:" + name + "-" + System.nanoTime() + ";DB_CLOSE_DELAY=-1");
        JdbcUserDirectory.createDefaultTables(ds);
        return JdbcUserDirectory.create(name, ds, UserTableMapping.defaultTables());
    }
}
