package io.rostersync.salesforce.cdc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.rostersync.emulators.EmulatorExtension;
import io.rostersync.emulators.RecordedRequest;
import io.rostersync.emulators.salesforce.SalesforceEmulator;
import io.rostersync.model.NativeId;
import io.rostersync.model.UserProfile;
import io.rostersync.salesforce.SalesforceConnection;
import io.rostersync.salesforce.SalesforceUserDirectory;
import io.rostersync.salesforce.NewUserDefaults;
import io.rostersync.spi.CreateOptions;
import io.rostersync.model.UserPatch;
import io.rostersync.spi.WriteResult;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Every REST call names our client in {@code Sforce-Call-Options}, so the change events our own writes cause carry it
 * in {@code changeOrigin} and the CDC subscriber can ignore them.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class SalesforceCdcCallOptionsTest {

    @RegisterExtension
    final EmulatorExtension<SalesforceEmulator> emulator = SalesforceEmulator.extension();

    private SalesforceUserDirectory directory(SalesforceConnection connection) {
        SalesforceEmulator org = emulator.emulator();
        return SalesforceUserDirectory.builder(connection).name("salesforce:emulator")
                .newUserDefaults(NewUserDefaults.of(org.defaultProfileId())).build();
    }

    private static void readWriteAndDeactivate(SalesforceUserDirectory directory) {
        WriteResult created = directory.create(UserProfile.builder().email("grace@acme.example").firstName("Grace").lastName("Hopper").build(),
                CreateOptions.silent());
        assertThat(created).isInstanceOf(WriteResult.Stored.class);
        NativeId id = ((WriteResult.Stored) created).record().id();
        assertThat(directory.update(id, UserPatch.builder().lastName("Hopper-Murray").build())).isInstanceOf(WriteResult.Stored.class);
        assertThat(directory.deactivate(id)).isInstanceOf(WriteResult.Stored.class);
        directory.readAll().close();
    }

    @Test
    void everyRestCallNamesTheDefaultClient() {
        SalesforceEmulator org = emulator.emulator();
        SalesforceConnection connection = org.connection().build();

        readWriteAndDeactivate(directory(connection));

        List<RecordedRequest> rest = org.requests(SalesforceEmulator.REST);
        assertThat(rest).isNotEmpty();
        assertThat(rest).allSatisfy(r -> assertThat(r.header("Sforce-Call-Options")).as(r.requestLine()).contains("client=rostersync"));
        assertThat(connection.clientName()).isEqualTo("rostersync");
    }

    @Test
    void aConfiguredClientNameIsSentInstead() {
        SalesforceEmulator org = emulator.emulator();
        SalesforceConnection connection = org.connection().clientName("acme-hr/sync.2").build();

        readWriteAndDeactivate(directory(connection));

        assertThat(org.requests(SalesforceEmulator.REST))
                .isNotEmpty()
                .allSatisfy(r -> assertThat(r.header("Sforce-Call-Options")).contains("client=acme-hr/sync.2"));
    }

    @Test
    void aClientNameThatCouldBreakTheHeaderIsRefused() {
        SalesforceConnection.Builder builder = emulator.emulator().connection();

        for (String bad : List.of("", " rostersync", "a;b", "a,b", "a=b", "naïve", "x".repeat(65), "-leading", "tab\there")) {
            assertThatThrownBy(() -> builder.clientName(bad)).as(bad)
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("clientName");
        }
    }
}
