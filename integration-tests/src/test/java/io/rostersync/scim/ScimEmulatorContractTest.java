package io.rostersync.scim;

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
        emulator = emulatorConfig().build();
        URI base = emulator.start();
        return ScimFixtures.directory("scim-emulator", base, ScimFixtures.TOKEN).pageSize(2).build();
    }

    @AfterEach
    void stop() {
        emulator.close();
    }
}
