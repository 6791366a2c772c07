package io.rostersync.scim;

import static org.assertj.core.api.Assertions.assertThat;

import io.rostersync.model.UserPatch;
import io.rostersync.model.UserProfile;
import io.rostersync.model.UserRecord;
import io.rostersync.spi.CreateOptions;
import io.rostersync.spi.FailureKind;
import io.rostersync.spi.UserDirectory;
import io.rostersync.spi.WriteResult;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Interoperability: the directory contract against an independent, strict SCIM server built on
 * {@code de.captaingoldfish:scim-sdk-server} 1.30.0 ({@link ScimSdkServer}), started here on 127.0.0.1. The
 * SDK refuses bodies that are not {@code application/scim+json}, validates every resource against the
 * RFC 7643 schema, applies PATCH itself (value filter paths included) and checks {@code If-Match}.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class ScimSdkInteropContractTest extends ScimUserContract {

    private static final String TOKEN = "scim-sdk-interop-" + UUID.randomUUID();
    private static ScimSdkServer server;

    @BeforeAll
    static void startServer() {
        server = ScimSdkServer.start(TOKEN, true);
    }

    @AfterAll
    static void stopServer() {
        server.close();
    }

    private ScimUserDirectory sdk() {
        return scimDirectory("scim-sdk", server.baseUri(), TOKEN);
    }

    @Override
    protected UserDirectory directory() {
        return sdk();
    }


    @Test
    void secondCreateOfTheSameUserIsAlreadyExistsAndFindExistingNamesTheFirst() {
        ScimUserDirectory dir = sdk();
        UserProfile profile = newProfile(UUID.randomUUID().toString().substring(0, 8));
        UserRecord first = ((WriteResult.Stored) dir.create(profile, CreateOptions.silent())).record();
        assertThat(dir.create(profile, CreateOptions.silent())).isInstanceOfSatisfying(WriteResult.Failed.class,
                f -> assertThat(f.failure().kind()).isEqualTo(FailureKind.ALREADY_EXISTS));
        assertThat(dir.findExisting(profile)).extracting(UserRecord::id).containsExactly(first.id());
    }

    @Test
    void theDefaultApplicationJsonOfOtherClientsIsRefusedByTheSdkSoScimJsonIsNeeded() {
        ScimUserDirectory plainJson = ScimFixtures.directory("scim-sdk", server.baseUri(), TOKEN)
                .mediaType("application/json").build();
        WriteResult r = plainJson.create(newProfile(UUID.randomUUID().toString().substring(0, 8)), CreateOptions.silent());
        assertThat(r).isInstanceOfSatisfying(WriteResult.Failed.class, f -> assertThat(f.failure().message()).contains("400"));
        UserRecord made = ((WriteResult.Stored) sdk().create(newProfile(UUID.randomUUID().toString().substring(0, 8)),
                CreateOptions.silent())).record();
        assertThat(sdk().update(made.id(), UserPatch.builder().lastName("Scim-Json").build())).isInstanceOf(WriteResult.Stored.class);
    }

    @Test
    void aUserChangedOnTheSdkServerSinceTheReadIsA412ConflictAndKeepsTheOtherEdit() {
        ScimUserDirectory dir = sdk();
        UserRecord made = ((WriteResult.Stored) dir.create(newProfile(UUID.randomUUID().toString().substring(0, 8)),
                CreateOptions.silent())).record();
        assertThat(dir.get(made.id())).isPresent();
        server.edit(made.id().value(), u -> u.setNickName("edited by an admin"));
        WriteResult r = dir.update(made.id(), UserPatch.builder().lastName("Ours").build());
        assertThat(r).isInstanceOfSatisfying(WriteResult.Failed.class, f -> {
            assertThat(f.failure().kind()).isEqualTo(FailureKind.CONFLICT);
            assertThat(f.failure().vendorCode()).contains("precondition_failed");
        });
        assertThat(server.user(made.id().value()).getName().flatMap(n -> n.getFamilyName())).contains(made.lastName());
        // Read again, the write goes through.
        assertThat(dir.get(made.id())).isPresent();
        assertThat(dir.update(made.id(), UserPatch.builder().lastName("Ours").build())).isInstanceOf(WriteResult.Stored.class);
        assertThat(server.user(made.id().value()).getNickName()).contains("edited by an admin");
    }
}
