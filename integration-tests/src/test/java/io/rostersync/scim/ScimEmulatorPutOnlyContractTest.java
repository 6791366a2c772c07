package io.rostersync.scim;

import io.rostersync.emulators.scim.ScimEmulator;

/** The directory contract against a SCIM server without PATCH: every change goes out as PUT. */
class ScimEmulatorPutOnlyContractTest extends ScimEmulatorContractTest {

    @Override
    protected ScimEmulator.Builder emulatorConfig() {
        return super.emulatorConfig().patchSupported(false);
    }
}
