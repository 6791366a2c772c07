package io.rostersync.salesforce;

import io.rostersync.emulators.EmulatorExtension;
import io.rostersync.emulators.salesforce.SalesforceEmulator;
import io.rostersync.model.UserPatch;
import io.rostersync.model.UserProfile;
import io.rostersync.model.UserStatus;
import io.rostersync.spi.UserDirectory;
import io.rostersync.testkit.RosterGenerator;
import io.rostersync.testkit.UserDirectoryContract;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
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
        // The contract's roles are permission sets, which must exist in the org.
        for (String label : List.of("Contract Agent", "contract-viewer", "Contract Lead")) {
            org.addPermissionSet(label.replaceAll("[^A-Za-z]", "_"), label);
        }
    }

    /**
     * Salesforce has no groups here, a username in the form of an email, free attributes only as the mapped
     * User fields (the federation id among them), and a user is active or inactive.
     */
    @Override
    protected UserProfile newProfile(String unique) {
        return super.newProfile(unique).toBuilder().groups(List.of()).username("Contract.User-" + unique + "@example.com")
                .attributes(Map.of(SalesforceAttributes.FEDERATION_ID, "Fed-" + unique)).build();
    }

    @Override
    protected Set<UserStatus> statusesOnCreate() {
        return EnumSet.of(UserStatus.ACTIVE, UserStatus.INACTIVE);
    }

    @Override
    protected UserPatch updatePatch(UserProfile before) {
        return UserPatch.builder().firstName("Renée").lastName("Renamed McPatch").addRole("Contract Lead")
                .removeRole("contract-viewer").setAttribute(SalesforceAttributes.FEDERATION_ID, "Fed-Changed-" + before.lastName().length())
                .build();
    }

    /** The directory the emulator hands out, as a host's test would use it. */
    @Override
    protected UserDirectory directory() {
        return org.directory().build();
    }
}
