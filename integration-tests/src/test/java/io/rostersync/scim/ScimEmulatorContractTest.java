package io.rostersync.scim;

import io.rostersync.spi.UserDirectory;
import io.rostersync.emulators.scim.ScimEmulator;
import java.net.URI;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Timeout;

/** The directory contract against the SCIM emulator with PATCH support. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class ScimEmulatorContractTest extends ScimUserContract {

    private ScimEmulator emulator;

    protected ScimEmulator.Builder emulatorConfig() {
        return ScimEmulator.builder().bearerToken(ScimFixtures.TOKEN);
    }

    @Override
    protected UserDirectory directory() {
        emulator = emulatorConfig().start();
        URI base = emulator.baseUri();
        return scimDirectory("scim-emulator", base, ScimFixtures.TOKEN);
    }


    @AfterEach
    void stop() {
        emulator.close();
    }
}
