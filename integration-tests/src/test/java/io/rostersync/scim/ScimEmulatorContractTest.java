package io.rostersync.scim;

import java.util.Map;
import io.rostersync.model.UserPatch;
import java.util.Set;
import java.util.List;
import java.util.EnumSet;
import io.rostersync.model.UserStatus;
import io.rostersync.model.UserProfile;
import io.rostersync.spi.UserDirectory;
import io.rostersync.testkit.UserDirectoryContract;
import io.rostersync.emulators.scim.ScimEmulator;
import java.net.URI;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Timeout;

/** The directory contract against the SCIM emulator with PATCH support. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class ScimEmulatorContractTest extends UserDirectoryContract {

    private ScimEmulator emulator;

    protected ScimEmulator.Builder emulatorConfig() {
        return ScimEmulator.builder().bearerToken(ScimFixtures.TOKEN);
    }

    @Override
    protected UserDirectory directory() {
        emulator = emulatorConfig().start();
        URI base = emulator.baseUri();
        return ScimFixtures.directory("scim-emulator", base, ScimFixtures.TOKEN).pageSize(2).build();
    }

    /**
     * Without a schema extension a SCIM user keeps no groups (the core {@code groups} attribute is read-only)
     * and no free attribute but {@code externalId}, and is only {@code active} or not.
     */
    @Override
    protected UserProfile newProfile(String unique) {
        return super.newProfile(unique).toBuilder().groups(List.of()).attributes(Map.of("externalId", "Ext-" + unique)).build();
    }

    @Override
    protected UserPatch updatePatch(UserProfile before) {
        return UserPatch.builder().firstName("Renée").lastName("Renamed McPatch").addRole("Contract Lead")
                .removeRole("contract-viewer").setAttribute("externalId", "Changed-" + before.lastName().replace(' ', '-')).build();
    }

    @Override
    protected Set<UserStatus> statusesOnCreate() {
        return EnumSet.of(UserStatus.ACTIVE, UserStatus.INACTIVE);
    }

    @AfterEach
    void stop() {
        emulator.close();
    }
}
