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
 * The JSON library and the shared HTTP machinery are internal choices: no public signature of the http
 * module or of a provider (outside their {@code internal} packages) names a Jackson type or
 * {@code io.rostersync.http.internal}, so hosts can move with either without breaking.
 */
class ProviderPublicApiTest {

    static Stream<Arguments> packages() {
        return Stream.of(
                Arguments.of(HttpSettings.class, "io.rostersync.http"),
                Arguments.of(ZendeskDirectory.class, "io.rostersync.zendesk"),
                Arguments.of(TalkdeskUserDirectory.class, "io.rostersync.talkdesk"),
                Arguments.of(SalesforceConnection.class, "io.rostersync.salesforce"),
                Arguments.of(ScimUserDirectory.class, "io.rostersync.scim"),
                Arguments.of(CsvUserDirectory.class, "io.rostersync.csv"));
    }

    @ParameterizedTest(name = "{1}")
    @MethodSource("packages")
    void noPublicSignatureNamesAJacksonTypeOrTheInternalHttpMachinery(Class<?> anchor, String packageName) {
        List<String> leaks = new ArrayList<>(PublicSignatures.mentioning(anchor, packageName, "com.fasterxml"));
        leaks.addAll(PublicSignatures.mentioning(anchor, packageName, "io.rostersync.http.internal"));

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
    void theScanFindsJacksonWhereItIs() {
        // The internal client still speaks Jackson; a scan that missed it would prove nothing above.
        assertThat(PublicSignatures.of(io.rostersync.http.internal.JsonHttpClient.class))
                .anyMatch(s -> s.contains("com.fasterxml.jackson.databind.ObjectMapper"));
    }
}
