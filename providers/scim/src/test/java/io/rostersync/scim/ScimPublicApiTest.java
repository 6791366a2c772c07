package io.rostersync.scim;

import static org.assertj.core.api.Assertions.assertThat;

import io.rostersync.http.PublicSignatures;
import org.junit.jupiter.api.Test;

/**
 * The JSON library and the shared HTTP machinery are internal choices: no public signature of this
 * provider (outside its {@code internal} package) names a Jackson type or {@code io.rostersync.http.internal}.
 */
class ScimPublicApiTest {

    @Test
    void noPublicSignatureNamesAJacksonType() {
        assertThat(PublicSignatures.mentioning(ScimUserDirectory.class, "io.rostersync.scim", "com.fasterxml")).isEmpty();
    }

    @Test
    void noPublicSignatureNamesTheInternalHttpMachinery() {
        assertThat(PublicSignatures.mentioning(ScimUserDirectory.class, "io.rostersync.scim", "io.rostersync.http.internal")).isEmpty();
    }
}
