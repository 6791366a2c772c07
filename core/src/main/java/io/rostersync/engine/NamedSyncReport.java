package io.rostersync.engine;

import io.rostersync.spi.SyncReport;
import java.util.List;
import java.util.Objects;

/**
 * The outcome of a {@link SyncRunner#syncNamed named sync}: the run's {@link SyncReport} (status, counts,
 * failures and conflicts, as for any run) and one {@link NamedUserResult} per name and user asked about.
 *
 * @param report the run's report; {@link io.rostersync.spi.RunStatus#BUSY} when another run held the lease
 * @param users  one result per name asked about (and per source user a name by email or username stands
 *               for), in the order ids, emails, usernames
 * @since 0.3.0
 */
public record NamedSyncReport(SyncReport report, List<NamedUserResult> users) {

    /**
     * Copies the results.
     *
     * @param report the run's report
     * @param users  one result per name and user
     * @throws NullPointerException when a part is null
     */
    public NamedSyncReport {
        Objects.requireNonNull(report, "report");
        users = List.copyOf(users);
    }

    /**
     * The results in words, one line per step, for a console or a log.
     *
     * @return the lines
     */
    public List<String> lines() {
        List<String> out = new java.util.ArrayList<>();
        out.add(report.status() + ": " + report.message());
        for (NamedUserResult u : users) {
            out.add(u.asked() + ": " + u.outcome());
            u.steps().forEach(s -> out.add("  - " + s));
        }
        return out;
    }
}
