package io.rostersync.salesforce;

import io.rostersync.model.NativeId;
import io.rostersync.model.UserProfile;
import io.rostersync.spi.LicensePool;
import io.rostersync.testkit.LicensePoolContract;
import io.rostersync.emulators.salesforce.SalesforceEmulator;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 30, unit = TimeUnit.SECONDS)
class SalesforceLicensePoolContractTest extends LicensePoolContract {

    private static SalesforceEmulator org;
    private static SalesforceConnection connection;
    private static final List<String> users = new ArrayList<>();
    private static int pools;

    @BeforeAll
    static void startOrg() {
        org = SalesforceEmulator.start();
        connection = Orgs.connection(org);
        for (int i = 0; i < 3; i++) {
            users.add(org.addUser(UserProfile.builder().email("seat" + i + "@example.com").lastName("Seat " + i).build()));
        }
    }

    @AfterAll
    static void stopOrg() {
        org.close();
    }

    @Override
    protected LicensePool pool(int seats) {
        String name = "Contract_License_" + (++pools);
        org.addPermissionSetLicense(name, "Contract license " + pools, seats, Optional.empty());
        return SalesforceLicensePool.builder(connection, name).build();
    }

    @Override
    protected NativeId user(int n) {
        return NativeId.of(users.get(n));
    }
}
