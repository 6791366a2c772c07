package io.rostersync.csv;

import io.rostersync.model.UserProfile;
import io.rostersync.spi.UserDirectory;
import io.rostersync.testkit.UserDirectoryContract;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.io.TempDir;

/** The shared directory contract on a writable CSV file with an id column, written back only on flush. */
class DeferredCsvUserDirectoryContractTest extends UserDirectoryContract {

    @TempDir
    Path dir;

    @Override
    protected UserDirectory directory() {
        return CsvUserDirectory.builder()
                .file(dir.resolve("team.csv"))
                .columns(CsvColumns.builder().header(CsvField.ID, "Id").build())
                .writable(CsvUserDirectory.WriteBack.ON_FLUSH)
                .pageSize(pageSize())
                .build();
    }

    /** The default columns have no username and no attribute: a CSV file keeps only the fields it has columns for. */
    @Override
    protected UserProfile newProfile(String unique) {
        return super.newProfile(unique).toBuilder().username(Optional.empty()).attributes(Map.of()).build();
    }
}
