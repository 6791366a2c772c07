package io.rostersync.quartz.cluster;

import io.rostersync.quartz.QuartzSyncs;
import io.rostersync.spi.SyncReport;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;
import org.quartz.JobExecutionContext;
import org.quartz.JobExecutionException;
import org.quartz.JobListener;

/**
 * Every firing of a sync's job on every node, in table {@code node_runs} of the shared database: a row when the
 * firing starts (which node, which sync, its scheduled time, whether it is a recovery) and its end (the run's
 * status, or {@code NO_RUN} when the job ran nothing). A row without an end is a firing that is still running
 * or whose node died. The test reads the rows back with {@link #executions}.
 */
public final class RunLog implements JobListener {

    /** One firing as logged. */
    public record Execution(String fireId, String node, String syncId, Instant scheduled, Instant fired,
                            boolean recovering, Optional<Instant> finished, Optional<String> status) {

        /** The sync and its scheduled time: the firing, whichever node ran it, recoveries included. */
        public String firing() {
            return syncId + "@" + scheduled.toEpochMilli();
        }
    }

    private final DataSource dataSource;
    private final String node;

    /**
     * A listener for one node.
     *
     * @param dataSource the shared database
     * @param node       the node's name
     */
    public RunLog(DataSource dataSource, String node) {
        this.dataSource = dataSource;
        this.node = node;
    }

    /**
     * Creates the table.
     *
     * @param dataSource the shared database
     * @throws SQLException if it cannot
     */
    public static void createTable(DataSource dataSource) throws SQLException {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE node_runs (fire_id VARCHAR(200) PRIMARY KEY, node VARCHAR(50) NOT NULL,"
                    + " sync_id VARCHAR(64) NOT NULL, scheduled_ms BIGINT NOT NULL, fired_ms BIGINT NOT NULL,"
                    + " recovering BOOLEAN NOT NULL, finished_ms BIGINT, status VARCHAR(40))");
        }
    }

    /**
     * Every logged firing, oldest scheduled first.
     *
     * @param dataSource the shared database
     * @return the firings
     * @throws SQLException if they cannot be read
     */
    public static List<Execution> executions(DataSource dataSource) throws SQLException {
        List<Execution> all = new ArrayList<>();
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT fire_id, node, sync_id, scheduled_ms, fired_ms, recovering, finished_ms,"
                     + " status FROM node_runs ORDER BY scheduled_ms, fired_ms")) {
            while (rs.next()) {
                long finished = rs.getLong(7);
                boolean unfinished = rs.wasNull();
                all.add(new Execution(rs.getString(1), rs.getString(2), rs.getString(3), Instant.ofEpochMilli(rs.getLong(4)),
                        Instant.ofEpochMilli(rs.getLong(5)), rs.getBoolean(6),
                        unfinished ? Optional.empty() : Optional.of(Instant.ofEpochMilli(finished)),
                        Optional.ofNullable(rs.getString(8))));
            }
        }
        return all;
    }

    @Override
    public String getName() {
        return "rostersync-test-run-log";
    }

    @Override
    public void jobToBeExecuted(JobExecutionContext context) {
        update("INSERT INTO node_runs (fire_id, node, sync_id, scheduled_ms, fired_ms, recovering) VALUES (?, ?, ?, ?, ?, ?)",
                ps -> {
                    ps.setString(1, fireId(context));
                    ps.setString(2, node);
                    ps.setString(3, context.getJobDetail().getKey().getName());
                    ps.setLong(4, context.getScheduledFireTime().toInstant().toEpochMilli());
                    ps.setLong(5, context.getFireTime().toInstant().toEpochMilli());
                    ps.setBoolean(6, context.isRecovering());
                });
    }

    @Override
    public void jobExecutionVetoed(JobExecutionContext context) {
    }

    @Override
    public void jobWasExecuted(JobExecutionContext context, @Nullable JobExecutionException exception) {
        String status = context.getResult() instanceof SyncReport report ? report.status().name()
                : exception != null ? "JOB_EXCEPTION" : "NO_RUN";
        update("UPDATE node_runs SET finished_ms = ?, status = ? WHERE fire_id = ?", ps -> {
            ps.setLong(1, System.currentTimeMillis());
            ps.setString(2, status);
            ps.setString(3, fireId(context));
        });
    }

    private String fireId(JobExecutionContext context) {
        return node + ":" + context.getFireInstanceId();
    }

    private interface Binder {
        void bind(PreparedStatement ps) throws SQLException;
    }

    private void update(String sql, Binder binder) {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            binder.bind(ps);
            ps.executeUpdate();
        } catch (SQLException e) {
            // the test sees the missing row and fails on its counts; the node keeps running
            System.err.println("run log: " + e.getMessage());
        }
    }

    /** Only the syncs' jobs are logged. */
    static String group() {
        return QuartzSyncs.GROUP;
    }
}
