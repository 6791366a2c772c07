package io.rostersync.salesforce;

import io.rostersync.spi.UserDirectory;
import io.rostersync.testkit.RosterGenerator;
import io.rostersync.testkit.UserDirectoryContract;
import io.rostersync.emulators.EmulatorExtension;
import io.rostersync.emulators.salesforce.SalesforceEmulator;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

@Timeout(value = 30, unit = TimeUnit.SECONDS)
class SalesforceUserDirectoryContractTest extends UserDirectoryContract {

    @RegisterExtension
    static final EmulatorExtension<SalesforceEmulator> EMULATOR = SalesforceEmulator.extension();

    private static SalesforceEmulator org;

    @BeforeAll
    static void startOrg() {
        org = EMULATOR.emulator();
        new RosterGenerator(5).profiles(30).forEach(org::addUser);
    }

    /** The directory the emulator hands out, as a host's test would use it. */
    @Override
    protected UserDirectory directory() {
        return org.directory().build();
    }
}
