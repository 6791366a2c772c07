package io.rostersync.testkit.contracts;

import io.rostersync.spi.UserDirectory;
import io.rostersync.testkit.InMemoryUserDirectory;
import io.rostersync.testkit.UserDirectoryContract;

/** The example of {@link UserDirectoryContract}'s Javadoc, word for word, so that it compiles and passes. */
class UserDirectoryContractExampleTest extends UserDirectoryContract {

    @Override
    protected UserDirectory directory() {
        // Small pages, so that the suite's reads span several of them.
        return InMemoryUserDirectory.builder("example").pageSize(pageSize()).build();
    }

    @Override
    protected int pageSize() {
        return 3;
    }
}
