package io.rostersync.quartz.cluster;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import javax.sql.DataSource;
import org.quartz.impl.jdbcjobstore.JobStoreSupport;

/**
 * Quartz's own PostgreSQL schema, {@code tables_postgres.sql} as it ships in the Quartz jar, applied to a test
 * database (it drops and creates the {@code QRTZ_*} tables).
 */
public final class QuartzTables {

    /** Where the script lies in the Quartz jar. */
    public static final String SCRIPT = "org/quartz/impl/jdbcjobstore/tables_postgres.sql";

    private static final Pattern STATEMENT_END = Pattern.compile(";");

    private QuartzTables() {
    }

    /**
     * Runs the script statement by statement.
     *
     * @param dataSource the database
     * @throws SQLException if a statement fails
     */
    public static void create(DataSource dataSource) throws SQLException {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            for (String statement : statements(script())) {
                s.execute(statement);
            }
        }
    }

    private static String script() {
        try (InputStream in = JobStoreSupport.class.getClassLoader().getResourceAsStream(SCRIPT)) {
            if (in == null) {
                throw new IllegalStateException(SCRIPT + " is not in the Quartz jar on the class path");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The script's statements without comment lines; its closing COMMIT is left out (auto-commit is on). */
    static List<String> statements(String script) {
        StringBuilder text = new StringBuilder();
        for (String line : script.lines().toList()) {
            if (!line.strip().startsWith("--")) {
                text.append(line).append('\n');
            }
        }
        List<String> statements = new ArrayList<>();
        for (String statement : STATEMENT_END.split(text)) {
            String s = statement.strip();
            if (!s.isEmpty() && !s.equalsIgnoreCase("commit")) {
                statements.add(s);
            }
        }
        return statements;
    }
}
