package io.rostersync.scim;

import io.rostersync.model.UserPatch;
import io.rostersync.model.UserProfile;
import io.rostersync.model.UserStatus;
import io.rostersync.testkit.UserDirectoryContract;
import java.net.URI;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The directory contract for any SCIM 2.0 server without a schema extension: a SCIM user keeps no groups
 * (the core {@code groups} attribute is read-only) and no free attribute but {@code externalId}, and is
 * only {@code active} or not. The emulator and the independent servers declare the same limits here.
 */
abstract class ScimUserContract extends UserDirectoryContract {

    /** A directory on the server at {@code base}, reading pages of the contract's {@link #pageSize()}. */
    protected ScimUserDirectory scimDirectory(String name, URI base, String token) {
        return ScimFixtures.directory(name, base, token).pageSize(pageSize()).build();
    }

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
}
