package io.rostersync.zendesk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.rostersync.http.Secret;
import io.rostersync.spi.InvalidConfigurationException;
import java.net.URI;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** Configuration is validated without touching the network and never shows credentials. */
class ZendeskConfigurationTest {

    @ParameterizedTest
    @ValueSource(strings = {"abc-energy", "ACME", "a", "x1", "support-2"})
    void acceptsBareSubdomains(String subdomain) {
        ZendeskDirectory dir = ZendeskDirectory.builder().subdomain(subdomain).oauthToken(Secret.of("tok-123456789")).build();
        assertThat(dir.name()).isEqualTo("zendesk:" + subdomain.toLowerCase(java.util.Locale.ROOT));
    }

    @ParameterizedTest
    @ValueSource(strings = {"https://abc-energy.zendesk.com", "abc-energy.zendesk.com", "evil.com#", "abc/energy",
        "abc energy", "-abc", "abc-", "", "abc:443", "user@abc", "abc%2e", "a.b"})
    void rejectsAnythingButABareSubdomain(String subdomain) {
        assertThatThrownBy(() -> ZendeskDirectory.builder().subdomain(subdomain))
                .isInstanceOf(InvalidConfigurationException.class)
                .hasMessageContaining("subdomain");
    }

    @Test
    void baseUriOverrideIsForLoopbackOnly() {
        assertThatThrownBy(() -> ZendeskDirectory.builder().baseUriForTesting(URI.create("https://attacker.example")))
                .isInstanceOf(InvalidConfigurationException.class);
        assertThatThrownBy(() -> ZendeskDirectory.builder().baseUriForTesting(URI.create("http://10.0.0.1:8080")))
                .isInstanceOf(InvalidConfigurationException.class);
        ZendeskDirectory.builder().baseUriForTesting(URI.create("http://127.0.0.1:9"));
    }

    @Test
    void credentialsAndSubdomainAreRequired() {
        assertThatThrownBy(() -> ZendeskDirectory.builder().subdomain("acme").build())
                .isInstanceOf(InvalidConfigurationException.class).hasMessageContaining("credentials");
        assertThatThrownBy(() -> ZendeskDirectory.builder().oauthToken(Secret.of("tok-123456789")).build())
                .isInstanceOf(InvalidConfigurationException.class).hasMessageContaining("subdomain");
        assertThatThrownBy(() -> ZendeskDirectory.builder().apiToken("a:b@x.test", Secret.of("tok-123456789")))
                .isInstanceOf(InvalidConfigurationException.class);
        assertThatThrownBy(() -> ZendeskDirectory.builder().pageSize(101)).isInstanceOf(InvalidConfigurationException.class);
        assertThatThrownBy(() -> ZendeskDirectory.builder().incrementalPageSize(0)).isInstanceOf(InvalidConfigurationException.class);
    }

    @Test
    void toStringNeverShowsCredentials() {
        ZendeskDirectory token = ZendeskDirectory.builder().subdomain("acme")
                .apiToken("admin@acme.test", Secret.of("api-token-secret-1")).build();
        ZendeskDirectory oauth = ZendeskDirectory.builder().subdomain("acme")
                .oauthClientCredentials("client", Secret.of("client-secret-2"), "read").build();

        assertThat(token.toString()).contains("zendesk:acme").doesNotContain("api-token-secret-1");
        assertThat(oauth.toString()).doesNotContain("client-secret-2");
    }
}
