package io.rostersync.testkit.contracts;

import io.rostersync.spi.UserDirectory;
import io.rostersync.testkit.UserDirectoryContract;
import java.util.function.Supplier;

/**
 * The directory contract over whatever directory {@link #use} last set (an honest one until then). Not a test of its own (its name
 * does not end in Test): {@link UserDirectoryContractCatchesBrokenDirectoriesTest} runs it through the
 * JUnit Platform's test kit, one directory at a time.
 */
public class DirectoryUnderContract extends UserDirectoryContract {

    private static volatile Supplier<UserDirectory> directories = () -> new SimpleUserDirectory(2);

    static void use(Supplier<UserDirectory> newDirectory) {
        directories = newDirectory;
    }

    @Override
    protected UserDirectory directory() {
        return directories.get();
    }

    /** The in-memory directory (and every broken one built on it) remembers what it removed. */
    @Override
    protected boolean remembersRemovedAccounts() {
        return true;
    }
}
