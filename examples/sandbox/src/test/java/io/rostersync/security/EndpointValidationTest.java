package io.rostersync.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.rostersync.http.internal.JsonHttpClient;
import io.rostersync.http.OAuth2TokenEndpoint;
import io.rostersync.http.HttpSettings;
import io.rostersync.http.BaseUris;
import io.rostersync.http.HttpAuth;
import io.rostersync.spi.InvalidConfigurationException;
import io.rostersync.http.RetryPolicy;
import io.rostersync.http.Secret;
import io.rostersync.salesforce.SalesforceConnection;
import io.rostersync.salesforce.SalesforceUserDirectory;
import io.rostersync.spi.RosterSyncException;
import io.rostersync.talkdesk.TalkdeskRegion;
import io.rostersync.talkdesk.TalkdeskUserDirectory;
import io.rostersync.zendesk.ZendeskDirectory;
import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Crafted hosts, subdomains, accounts and {@code instance_url} values (SSRF attempts) are refused with
 * {@link InvalidConfigurationException} before any request leaves; TLS is required everywhere except the
 * explicit loopback allowance for tests; a vendor "next" link to another origin is never followed.
 */
@Timeout(60)
class EndpointValidationTest {

    /** Values that are not one bare DNS label: each would steer a {@code https://<label>.vendor.com} URL elsewhere. */
    private static final List<String> CRAFTED_LABELS = List.of(
            "evil.com#", "abc.zendesk.com@evil.com", "abc-energy.zendesk.com.evil.com", "abc-energy.evil.com",
            "evil.com/", "evil.com?", "abc@evil.com", "abc:443", "abc:8443", "[::1]", "169.254.169.254",
            "abc%2eevil", "abc\u2024evil", "\u0430bc-energy" /* Cyrillic a */, "abc-energy\u200b", "ab c", "ab\nc",
            "abc\\evil", "-abc", "abc-", "", " ", "a".repeat(64), "abc..evil", "localhost:80", "abc/../evil");

    @Test
    void zendeskSubdomainMustBeOneBareDnsLabel() {
        for (String crafted : CRAFTED_LABELS) {
            Throwable t = catchThrowable(() -> ZendeskDirectory.builder().subdomain(crafted));
            assertThat(t).as("subdomain %s", crafted).isInstanceOf(InvalidConfigurationException.class);
            assertThat(t.getMessage()).as("the crafted value is not echoed").doesNotContain("evil");
        }
        assertThatCode(() -> ZendeskDirectory.builder().subdomain("ABC-Energy")).doesNotThrowAnyException();
    }

    @Test
    void talkdeskAccountMustBeOneBareDnsLabel() {
        for (String crafted : CRAFTED_LABELS) {
            assertThat(catchThrowable(() -> TalkdeskUserDirectory.builder(crafted, TalkdeskRegion.US)))
                    .as("account %s", crafted).isInstanceOf(InvalidConfigurationException.class);
        }
        assertThatCode(() -> TalkdeskUserDirectory.builder("acme", TalkdeskRegion.EU)).doesNotThrowAnyException();
    }

    @Test
    void zendeskTestBaseUriIsLoopbackOnly() {
        for (String crafted : List.of("http://169.254.169.254", "https://evil.com", "https://abc-energy.zendesk.com.evil.com",
                "http://127.0.0.1@evil.com", "http://evil.com@127.0.0.1", "http://localhost.evil.com", "http://127.0.0.1.nip.io",
                "http://0x7f000001", "http://2130706433", "http://127.0.0.2", "http://[::ffff:169.254.169.254]",
                "http://127.0.0.1/#@evil.com", "http://127.0.0.1/?x=1", "ftp://127.0.0.1", "file:///etc/passwd")) {
            assertThat(catchThrowable(() -> ZendeskDirectory.builder().baseUriForTesting(URI.create(crafted))))
                    .as(crafted).isInstanceOf(InvalidConfigurationException.class);
        }
        assertThatCode(() -> ZendeskDirectory.builder().baseUriForTesting(URI.create("http://127.0.0.1:8080"))).doesNotThrowAnyException();
        assertThatCode(() -> ZendeskDirectory.builder().baseUriForTesting(URI.create("http://[::1]:8080"))).doesNotThrowAnyException();
    }

    @Test
    void httpBaseUrlsNeedTheExplicitLoopbackAllowanceAndALoopbackHost() {
        List<String> neverPlainHttp = List.of("http://169.254.169.254/latest/meta-data/", "http://metadata.google.internal/",
                "http://evil.com", "http://localhost.evil.com", "http://127.0.0.1.nip.io", "http://0x7f000001", "http://2130706433",
                "http://127.1", "http://[::ffff:127.0.0.1]", "http://127.0.0.1@evil.com", "ftp://127.0.0.1", "gopher://127.0.0.1",
                "file:///etc/passwd", "//evil.com", "evil.com", "https://user:pw@acme.example", "https://acme.example/#x",
                "https://acme.example/?q=1");
        for (String crafted : neverPlainHttp) {
            assertThat(catchThrowable(() -> JsonHttpClient.builder("v", URI.create(crafted)).allowInsecureLoopback().build()))
                    .as(crafted).isInstanceOf(InvalidConfigurationException.class);
            assertThat(catchThrowable(() -> OAuth2TokenEndpoint.builder(URI.create(crafted))
                    .settings(HttpSettings.builder().allowInsecureLoopback().build()).build()))
                    .as("token URI " + crafted).isInstanceOf(InvalidConfigurationException.class);
        }
        for (String loopback : List.of("http://127.0.0.1:1234", "http://localhost:1234", "http://[::1]:1234")) {
            assertThat(catchThrowable(() -> JsonHttpClient.builder("v", URI.create(loopback)).build()))
                    .as("without the allowance " + loopback).isInstanceOf(InvalidConfigurationException.class);
            assertThatCode(() -> JsonHttpClient.builder("v", URI.create(loopback)).allowInsecureLoopback().build())
                    .as("with the allowance " + loopback).doesNotThrowAnyException();
        }
        assertThatCode(() -> BaseUris.parse("v", "https://acme.example:8443/api/", false)).doesNotThrowAnyException();
    }

    @Test
    void talkdeskEndpointsRefusePlainHttpOffLoopbackEvenWithTheAllowance() {
        for (String crafted : List.of("http://169.254.169.254/", "http://api.talkdeskapp.com/", "https://u:p@api.talkdeskapp.com/")) {
            assertThat(catchThrowable(() -> TalkdeskUserDirectory.builder("acme", TalkdeskRegion.US)
                    .clientCredentials("id", Secret.of("s")).endpoints(URI.create(crafted), URI.create("https://acme.talkdeskid.com/oauth/token"))
                    .http(HttpSettings.builder().allowInsecureLoopback().build()).build())).as(crafted).isInstanceOf(InvalidConfigurationException.class);
        }
    }

    @Test
    void salesforceMyDomainMustBeAnHttpsSalesforceHost() {
        List<String> crafted = List.of("https://evil.com", "http://acme.my.salesforce.com", "https://acme.my.salesforce.com.evil.com",
                "https://user:pw@acme.my.salesforce.com", "https://evil.com#.my.salesforce.com", "https://evil.com?.my.salesforce.com",
                "https://evil.com/.my.salesforce.com", "https://evilsalesforce.com", "https://169.254.169.254", "http://169.254.169.254",
                "https://[::1]", "https://acme.my.s\u0430lesforce.com", "https://acme.my.salesforce.com/services/evil",
                "https://acme.my.salesforce.com.", "https://salesforce.com.evil.com", "https://acme.force.com@evil.com");
        for (String url : crafted) {
            assertThat(catchThrowable(() -> SalesforceConnection.builder(URI.create(url)).clientCredentials("id", Secret.of("s")).build()))
                    .as(url).isInstanceOf(InvalidConfigurationException.class);
        }
        for (String url : List.of("https://acme.my.salesforce.com", "https://acme--dev.sandbox.my.salesforce.com",
                "https://acme.my.salesforce.mil", "https://ACME.MY.SALESFORCE.COM")) {
            assertThatCode(() -> SalesforceConnection.builder(URI.create(url)).clientCredentials("id", Secret.of("s")).build())
                    .as(url).doesNotThrowAnyException();
        }
    }

    @Test
    void salesforceInstanceUrlFromTheTokenResponseMustBeASalesforceHostOverHttps() throws IOException {
        List<String> crafted = List.of("https://evil.com", "http://169.254.169.254", "https://169.254.169.254",
                "https://acme.my.salesforce.com.evil.com", "https://evil.com@acme.my.salesforce.com", "http://acme.my.salesforce.com",
                "https://acme.my.salesforce.com/services/data/evil", "https://acme.my.salesforce.com?x=1", "https://acme.my.salesforce.com#x",
                "https://evil.com#.salesforce.com", "https://acme.my.s\u0430lesforce.com", "javascript:alert(1)", "", "not a url",
                "http://127.0.0.2", "https://[::1]");
        AtomicInteger apiCalls = new AtomicInteger();
        String[] instanceUrl = {""};
        try (MockWebServer org = new MockWebServer()) {
            org.setDispatcher(new Dispatcher() {
                @Override
                public MockResponse dispatch(RecordedRequest request) {
                    if (request.getUrl().encodedPath().equals("/services/oauth2/token")) {
                        String body = "{\"access_token\":\"t0k3n-value-abcdef\",\"token_type\":\"Bearer\",\"instance_url\":"
                                + com.fasterxml.jackson.databind.node.TextNode.valueOf(instanceUrl[0]) + "}";
                        return new MockResponse.Builder().code(200).setHeader("Content-Type", "application/json").body(body).build();
                    }
                    apiCalls.incrementAndGet();
                    return new MockResponse.Builder().code(500).build();
                }
            });
            org.start(InetAddress.getByName("127.0.0.1"), 0);
            for (String url : crafted) {
                instanceUrl[0] = url;
                SalesforceConnection connection = SalesforceConnection.builder(URI.create("http://127.0.0.1:" + org.getPort()))
                        .clientCredentials("id", Secret.of("s")).trustHost("127.0.0.1")
                        .http(HttpSettings.builder().allowInsecureLoopback().retryPolicy(RetryPolicy.none()).build()).build();
                Throwable t = catchThrowable(() -> SalesforceUserDirectory.builder(connection).build().readAll().next());
                assertThat(t).as("instance_url %s", url).isInstanceOf(RosterSyncException.class);
                assertThat(t).as("instance_url %s", url).isInstanceOfAny(InvalidConfigurationException.class,
                        io.rostersync.spi.InvalidResponseException.class);
            }
            assertThat(apiCalls).as("API calls made after a refused instance_url").hasValue(0);
        }
    }

    @Test
    void aNextLinkToAnotherOriginIsNeverFollowed() throws IOException {
        AtomicInteger evilCalls = new AtomicInteger();
        try (MockWebServer evil = new MockWebServer(); MockWebServer zendesk = new MockWebServer()) {
            evil.setDispatcher(new Dispatcher() {
                @Override
                public MockResponse dispatch(RecordedRequest request) {
                    evilCalls.incrementAndGet();
                    return new MockResponse.Builder().code(200).body("{\"users\":[],\"meta\":{\"has_more\":false}}").build();
                }
            });
            evil.start(InetAddress.getByName("127.0.0.1"), 0);
            String next = "http://127.0.0.1:" + evil.getPort() + "/api/v2/users?page%5Bafter%5D=x";
            zendesk.setDispatcher(new Dispatcher() {
                @Override
                public MockResponse dispatch(RecordedRequest request) {
                    String body = request.getUrl().encodedPath().endsWith("custom_roles") ? "{\"custom_roles\":[]}"
                            : "{\"users\":[],\"meta\":{\"has_more\":true,\"after_cursor\":\"x\"},\"links\":{\"next\":\"" + next + "\"}}";
                    return new MockResponse.Builder().code(200).setHeader("Content-Type", "application/json").body(body).build();
                }
            });
            zendesk.start(InetAddress.getByName("127.0.0.1"), 0);
            ZendeskDirectory directory = ZendeskDirectory.builder().subdomain("abc-energy")
                    .auth(HttpAuth.bearer(Secret.of("zd-oauth-access-token")))
                    .baseUriForTesting(URI.create("http://127.0.0.1:" + zendesk.getPort())).withoutClientRateLimits().http(HttpSettings.builder().retryPolicy(RetryPolicy.none()).build()).build();

            Throwable t = catchThrowable(() -> {
                var pages = directory.readAll();
                while (pages.next().isPresent()) {
                    // drain
                }
            });

            assertThat(t).isInstanceOf(RosterSyncException.class);
            assertThat(evilCalls).as("requests to the other origin").hasValue(0);
        }
    }
}
