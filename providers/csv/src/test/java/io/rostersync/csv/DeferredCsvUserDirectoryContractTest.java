package io.rostersync.csv;

import io.rostersync.spi.UserDirectory;
import io.rostersync.testkit.UserDirectoryContract;
import java.nio.file.Path;
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
                .build();
    }
}
