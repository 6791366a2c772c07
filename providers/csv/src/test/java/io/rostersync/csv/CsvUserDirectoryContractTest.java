package io.rostersync.csv;

import io.rostersync.spi.UserDirectory;
import io.rostersync.testkit.UserDirectoryContract;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/** The shared directory contract on a writable CSV file written back after each write. */
class CsvUserDirectoryContractTest extends UserDirectoryContract {

    @TempDir
    Path dir;

    @Override
    protected UserDirectory directory() {
        return CsvUserDirectory.builder()
                .file(dir.resolve("team.csv"))
                .writable(CsvUserDirectory.WriteBack.EACH_WRITE)
                .build();
    }
}
