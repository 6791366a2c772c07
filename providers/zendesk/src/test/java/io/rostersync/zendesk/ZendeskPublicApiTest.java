package io.rostersync.zendesk;

import static org.assertj.core.api.Assertions.assertThat;

import io.rostersync.http.PublicSignatures;
import org.junit.jupiter.api.Test;

/**
 * The JSON library and the shared HTTP machinery are internal choices: no public signature of this
 * provider (outside its {@code internal} package) names a Jackson type or {@code io.rostersync.http.internal}.
 */
class ZendeskPublicApiTest {

    @Test
    void noPublicSignatureNamesAJacksonType() {
        assertThat(PublicSignatures.mentioning(ZendeskDirectory.class, "io.rostersync.zendesk", "com.fasterxml")).isEmpty();
    }

    @Test
    void noPublicSignatureNamesTheInternalHttpMachinery() {
        assertThat(PublicSignatures.mentioning(ZendeskDirectory.class, "io.rostersync.zendesk", "io.rostersync.http.internal")).isEmpty();
    }
}
