package io.rostersync.csv.internal;

import io.rostersync.model.UserRecord;
import io.rostersync.spi.ReadProblem;
import io.rostersync.spi.UserPage;
import io.rostersync.spi.UserPages;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Pages streamed from an open {@link CsvRowReader}; at most {@code pageSize} rows (users and problems) per page. */
public final class StreamedPages implements UserPages {

    private final CsvRowReader reader;
    private final int pageSize;
    private boolean closed;

    public StreamedPages(CsvRowReader reader, int pageSize) {
        this.reader = reader;
        this.pageSize = pageSize;
    }

    @Override
    public Optional<UserPage> next() {
        if (closed) {
            return Optional.empty();
        }
        List<UserRecord> users = new ArrayList<>();
        List<ReadProblem> problems = new ArrayList<>();
        try {
            while (users.size() + problems.size() < pageSize) {
                Optional<CsvRowReader.Row> row = reader.next();
                if (row.isEmpty()) {
                    close();
                    break;
                }
                if (row.get() instanceof CsvRowReader.Read read) {
                    users.add(read.record());
                } else {
                    problems.add(((CsvRowReader.Problem) row.get()).problem());
                }
            }
        } catch (RuntimeException e) {
            close();
            throw e;
        }
        if (users.isEmpty() && problems.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(UserPage.of(users, problems, Optional.empty()));
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            reader.close();
        }
    }
}
