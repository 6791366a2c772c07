package io.rostersync.spi;

import io.rostersync.model.Cursor;
import io.rostersync.model.NativeId;
import io.rostersync.model.UserRecord;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One page of a read.
 *
 * @param users       accounts on this page (created or changed ones, for an incremental read)
 * @param removed     ids of accounts removed from the directory (incremental reads only)
 * @param problems    records on this page that could not be read; any problem makes the read incomplete
 * @param cursorAfter where an incremental read resumes once this page has been applied; a full read
 *                    gives it on its last page when the directory supports incremental reads
 * @since 0.1.0
 */
public record UserPage(List<UserRecord> users, List<NativeId> removed, List<ReadProblem> problems, Optional<Cursor> cursorAfter) {

    /**
     * Copies the lists.
     *
     * @param users       accounts on this page (created or changed ones, for an incremental read)
     * @param removed     ids of accounts removed from the directory (incremental reads only)
     * @param problems    records on this page that could not be read; any problem makes the read incomplete
     * @param cursorAfter where an incremental read resumes once this page has been applied; a full read gives it on its last page when the directory supports incremental reads
     * @throws NullPointerException if a list, an element or {@code cursorAfter} is null
     */
    public UserPage {
        users = List.copyOf(users);
        removed = List.copyOf(removed);
        problems = List.copyOf(problems);
        Objects.requireNonNull(cursorAfter, "cursorAfter");
    }

    /**
     * A page of a full read without problems or cursor.
     *
     * @param users the accounts on this page
     * @return the page
     */
    public static UserPage of(List<UserRecord> users) {
        return new UserPage(users, List.of(), List.of(), Optional.empty());
    }

    /**
     * A page of a full read.
     *
     * @param users       the accounts on this page
     * @param problems    records that could not be read
     * @param cursorAfter the cursor for a later incremental read, on a last page
     * @return the page
     */
    public static UserPage of(List<UserRecord> users, List<ReadProblem> problems, Optional<Cursor> cursorAfter) {
        return new UserPage(users, List.of(), problems, cursorAfter);
    }
}
