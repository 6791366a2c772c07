package io.rostersync.salesforce;

import io.rostersync.spi.UserDirectory;
import io.rostersync.testkit.RosterGenerator;
import io.rostersync.testkit.UserDirectoryContract;
import io.rostersync.emulators.salesforce.SalesforceEmulator;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 30, unit = TimeUnit.SECONDS)
class SalesforceUserDirectoryContractTest extends UserDirectoryContract {

    private static SalesforceEmulator org;

    @BeforeAll
    static void startOrg() {
        org = SalesforceEmulator.start();
        new RosterGenerator(5).profiles(30).forEach(org::addUser);
    }

    @AfterAll
    static void stopOrg() {
        org.close();
    }

    @Override
    protected UserDirectory directory() {
        return Orgs.directory(org);
    }
}
