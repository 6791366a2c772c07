package io.rostersync.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class BaseUrisTest {

    @Test
    void acceptsHttpsAndNormalisesTheBasePath() {
        assertThat(BaseUris.requireBase("zendesk", URI.create("https://acme.zendesk.com"), false))
                .isEqualTo(URI.create("https://acme.zendesk.com/"));
        assertThat(BaseUris.requireBase("salesforce", URI.create("https://na1.salesforce.com/services/data/v60.0"), false))
                .isEqualTo(URI.create("https://na1.salesforce.com/services/data/v60.0/"));
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "http://acme.zendesk.com", "ftp://acme.zendesk.com", "https://user:pw@acme.zendesk.com",
        "https://acme.zendesk.com/?x=1", "https://acme.zendesk.com/#frag", "/api/v2", "https:///nohost",
        "http://127.0.0.2:8080", "http://localhost.evil.com"
    })
    void rejectsInsecureOrMalformedUrls(String uri) {
        assertThatThrownBy(() -> BaseUris.parse("zendesk", uri, true))
                .isInstanceOf(InvalidConfigurationException.class);
    }

    @Test
    void plainHttpOnlyForLoopbackAndOnlyWhenAllowed() {
        assertThat(BaseUris.parse("zendesk", "http://127.0.0.1:8080", true)).hasPort(8080);
        assertThat(BaseUris.parse("zendesk", "http://localhost:8080", true)).hasHost("localhost");
        assertThat(BaseUris.parse("zendesk", "http://[::1]:8080", true)).hasPort(8080);
        assertThatThrownBy(() -> BaseUris.parse("zendesk", "http://127.0.0.1:8080", false))
                .isInstanceOf(InvalidConfigurationException.class)
                .hasMessageContaining("https");
    }

    @Test
    void messageDoesNotEchoTheUrl() {
        assertThatThrownBy(() -> BaseUris.parse("zendesk", "https://me:hunter2@acme.zendesk.com", false))
                .hasMessageNotContaining("hunter2");
    }

    @Test
    void dnsLabelAcceptsABareSubdomain() {
        assertThat(BaseUris.requireDnsLabel("zendesk", "subdomain", "abc-energy")).isEqualTo("abc-energy");
        assertThat(BaseUris.requireDnsLabel("zendesk", "subdomain", "ACME2")).isEqualTo("acme2");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "evil.com#", "a.b", "-abc", "abc-", "https://acme", "acme/x", "acme:443", "a b",
        "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"})
    void dnsLabelRejectsAnythingElse(String label) {
        assertThatThrownBy(() -> BaseUris.requireDnsLabel("zendesk", "subdomain", label))
                .isInstanceOf(InvalidConfigurationException.class)
                .hasMessageContaining("subdomain");
    }

    @Test
    void sameOriginComparesSchemeHostAndPort() {
        assertThat(BaseUris.sameOrigin(URI.create("https://a.test/x"), URI.create("https://A.test:443/y"))).isTrue();
        assertThat(BaseUris.sameOrigin(URI.create("https://a.test/x"), URI.create("http://a.test/x"))).isFalse();
        assertThat(BaseUris.sameOrigin(URI.create("https://a.test/x"), URI.create("https://a.test:8443/x"))).isFalse();
    }
}
