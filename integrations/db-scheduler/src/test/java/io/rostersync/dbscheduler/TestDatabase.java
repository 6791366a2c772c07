package io.rostersync.dbscheduler;

import io.rostersync.jdbc.JdbcSyncStateStore;
import io.rostersync.jdbc.PostgresTestServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import javax.sql.DataSource;

/** A fresh PostgreSQL database with db-scheduler's table and rostersync's state schema. */
final class TestDatabase {

    final String url;
    final DataSource dataSource;

    private TestDatabase(String url) {
        this.url = url;
        this.dataSource = PostgresTestServer.dataSource(url);
    }

    static TestDatabase fresh() {
        TestDatabase db = new TestDatabase(PostgresTestServer.newDatabase("dbsched"));
        db.exec(schedulerDdl());
        JdbcSyncStateStore.create(db.dataSource).migrate();
        return db;
    }

    private static String schedulerDdl() {
        try (InputStream in = TestDatabase.class.getResourceAsStream("scheduled_tasks_postgresql.sql")) {
            if (in == null) {
                throw new IllegalStateException("scheduled_tasks_postgresql.sql is not on the test class path");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    void exec(String sql) {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            s.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    long count(String sql) {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
