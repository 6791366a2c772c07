package io.rostersync.scim;

import static org.assertj.core.api.Assertions.assertThat;

import io.rostersync.model.UserProfile;
import io.rostersync.model.UserRecord;
import io.rostersync.spi.CreateOptions;
import io.rostersync.spi.FailureKind;
import io.rostersync.spi.UserDirectory;
import io.rostersync.spi.WriteResult;
import java.net.URI;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Interoperability: the directory contract against an independent SCIM server, scimmy 1.3.5 with
 * scimmy-routers 1.3.2 on express 4 ({@code src/test/scim-server}), started here on 127.0.0.1.
 *
 * <p>scimmy's quirks, which the client is deliberately not bent to: its filter compares
 * {@code userName} case-sensitively although RFC 7643 makes it case-insensitive (the 409 lookup still
 * works because it searches the exact userName it sent), and a create answers 201 without a
 * {@code Location} header (the client reads the id from the body, never from that header).
 *
 * <p>Skipped when node or npm is missing, except under {@code CI=true}, where that is a failure (see {@link ScimmyServer}).
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class ScimmyInteropContractTest extends ScimUserContract {

    private static URI base;

    @BeforeAll
    static void startScimmy() throws Exception {
        base = ScimmyServer.base();
    }

    private ScimUserDirectory scimmy() {
        return scimDirectory("scimmy", base, ScimmyServer.TOKEN);
    }

    @Override
    protected UserDirectory directory() {
        return scimmy();
    }


    @Test
    void secondCreateOfTheSameUserIsAlreadyExistsAndFindExistingNamesTheFirst() {
        ScimUserDirectory dir = scimmy();
        UserProfile profile = newProfile(UUID.randomUUID().toString().substring(0, 8));
        WriteResult first = dir.create(profile, CreateOptions.silent());
        WriteResult second = dir.create(profile, CreateOptions.silent());
        assertThat(first).isInstanceOf(WriteResult.Stored.class);
        assertThat(second).isInstanceOfSatisfying(WriteResult.Failed.class,
                f -> assertThat(f.failure().kind()).isEqualTo(FailureKind.ALREADY_EXISTS));
        UserRecord a = ((WriteResult.Stored) first).record();
        assertThat(dir.findExisting(profile)).extracting(UserRecord::id).containsExactly(a.id());
        assertThat(dir.findByUserName(profile.username().orElseThrow().value())).hasSize(1);
    }
}
