package io.rostersync.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.rostersync.http.internal.JsonHttpClient;
import io.rostersync.http.internal.JsonResponse;
import org.junit.jupiter.api.Test;

/**
 * The JSON library is an internal choice: no public signature outside {@code internal} packages names a
 * Jackson type, so moving to another Jackson (or away from it) breaks no host.
 */
class NoJacksonInPublicApiTest {

    @Test
    void noPublicSignatureOfTheHttpPackageNamesAJacksonType() {
        assertThat(PublicSignatures.mentioning(HttpSettings.class, "io.rostersync.http", "com.fasterxml")).isEmpty();
    }

    @Test
    void theHostFacingPackageHoldsNoJsonMachinery() {
        assertThat(PublicSignatures.publicClasses(HttpSettings.class, "io.rostersync.http"))
                .extracting(Class::getName)
                .contains("io.rostersync.http.HttpSettings", "io.rostersync.http.TokenClient", "io.rostersync.http.Secret")
                .noneMatch(name -> name.contains(".internal."))
                .noneMatch(name -> name.matches(".*\\.(JsonHttpClient|JsonRequest|JsonResponse|Paged?|PageFetcher)"));
    }

    @Test
    void theScanSeesJacksonWhereItIs() {
        // The internal client still speaks Jackson; a scan that missed it would prove nothing above.
        assertThat(PublicSignatures.of(JsonHttpClient.class)).anyMatch(s -> s.contains("com.fasterxml.jackson.databind.ObjectMapper"));
        assertThat(PublicSignatures.of(JsonResponse.class)).anyMatch(s -> s.contains("com.fasterxml.jackson.databind.JsonNode"));
        assertThat(PublicSignatures.of(JsonResponse.class))
                .anyMatch(s -> s.contains("com.fasterxml.jackson.core.type.TypeReference<T>"));
    }
}
