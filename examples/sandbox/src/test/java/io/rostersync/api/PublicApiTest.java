package io.rostersync.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.rostersync.csv.CsvUserDirectory;
import io.rostersync.http.HttpSettings;
import io.rostersync.salesforce.SalesforceConnection;
import io.rostersync.scim.ScimUserDirectory;
import io.rostersync.talkdesk.TalkdeskUserDirectory;
import io.rostersync.zendesk.ZendeskDirectory;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The JSON library, the emulators' HTTP server and every module's internals are internal choices: no public
 * signature of any published module (outside its {@code internal} packages) names a Jackson, OkHttp, Okio,
 * MockWebServer or Kotlin type or an {@code internal} type, so hosts can move with any of them without
 * breaking. (JDBC types belong to rostersync-jdbc, which owns them.)
 */
class PublicApiTest {

    static Stream<Arguments> packages() {
        return Stream.of(
                Arguments.of(HttpSettings.class, "io.rostersync.http"),
                Arguments.of(ZendeskDirectory.class, "io.rostersync.zendesk"),
                Arguments.of(TalkdeskUserDirectory.class, "io.rostersync.talkdesk"),
                Arguments.of(SalesforceConnection.class, "io.rostersync.salesforce"),
                Arguments.of(ScimUserDirectory.class, "io.rostersync.scim"),
                Arguments.of(CsvUserDirectory.class, "io.rostersync.csv"),
                // core's whole jar (model, spi, policy, plan, engine), the codec, the JDBC module and the test kits
                Arguments.of(io.rostersync.engine.SyncRunner.class, "io.rostersync"),
                Arguments.of(io.rostersync.json.PlanJson.class, "io.rostersync.json"),
                Arguments.of(io.rostersync.jdbc.JdbcSyncStateStore.class, "io.rostersync.jdbc"),
                Arguments.of(io.rostersync.testkit.InMemoryUserDirectory.class, "io.rostersync.testkit"),
                Arguments.of(io.rostersync.emulators.scim.ScimEmulator.class, "io.rostersync.emulators"));
    }

    @ParameterizedTest(name = "{1}")
    @MethodSource("packages")
    void noPublicSignatureNamesAJacksonTypeOrTheInternalHttpMachinery(Class<?> anchor, String packageName) {
        List<String> leaks = new ArrayList<>(PublicSignatures.mentioning(anchor, packageName, "com.fasterxml"));
        // No internal type of any module, and no OkHttp, Okio or MockWebServer type (the emulators' engine).
        for (String fragment : List.of(".internal.", "okhttp3.", "okio.", "mockwebserver3.", "kotlin.")) {
            leaks.addAll(PublicSignatures.mentioning(anchor, packageName, fragment));
        }

        assertThat(leaks).isEmpty();
    }

    @ParameterizedTest(name = "{1}")
    @MethodSource("packages")
    void theScanSeesEachPackagesPublicClasses(Class<?> anchor, String packageName) {
        assertThat(PublicSignatures.publicClasses(anchor, packageName)).contains(anchor)
                .allSatisfy(c -> assertThat(c.getName()).doesNotContain(".internal."));
        assertThat(PublicSignatures.of(anchor)).isNotEmpty();
    }

    @Test
    void theJsonMachineryLivesOnlyInTheInternalPackage() {
        assertThat(PublicSignatures.publicClasses(HttpSettings.class, "io.rostersync.http"))
                .extracting(Class::getSimpleName)
                .doesNotContain("JsonHttpClient", "JsonRequest", "JsonResponse", "Page", "PageFetcher", "Paged");
    }

    @Test
    void theScanFindsJacksonWhereItIs() {
        // The internal client still speaks Jackson; a scan that missed it would prove nothing above.
        assertThat(PublicSignatures.of(io.rostersync.http.internal.JsonHttpClient.class))
                .anyMatch(s -> s.contains("com.fasterxml.jackson.databind.ObjectMapper"));
    }
}
