package io.rostersync.csv;

import io.rostersync.model.UserRecord;
import io.rostersync.spi.ReadProblem;
import io.rostersync.spi.UserDirectory;
import io.rostersync.spi.UserPage;
import io.rostersync.spi.UserPages;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Everything one full read gave, for assertions. */
record Snapshot(List<UserRecord> users, List<ReadProblem> problems, int pages) {

    static Snapshot of(UserDirectory directory) {
        List<UserRecord> users = new ArrayList<>();
        List<ReadProblem> problems = new ArrayList<>();
        int pages = 0;
        try (UserPages p = directory.readAll()) {
            for (Optional<UserPage> page = p.next(); page.isPresent(); page = p.next()) {
                users.addAll(page.get().users());
                problems.addAll(page.get().problems());
                pages++;
            }
        }
        return new Snapshot(users, problems, pages);
    }

    static Snapshot of(String csv) {
        return of(CsvUserDirectory.readOnly(CsvInput.text(csv)));
    }

    static Snapshot of(String csv, CsvColumns columns) {
        return of(CsvUserDirectory.builder().input(CsvInput.text(csv)).columns(columns).build());
    }

    List<String> locations() {
        return problems.stream().map(ReadProblem::location).toList();
    }

    List<String> emails() {
        return users.stream().map(u -> u.email().map(Object::toString).orElse("")).toList();
    }
}
