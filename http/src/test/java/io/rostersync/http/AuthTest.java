package io.rostersync.http;

import static io.rostersync.http.Fixtures.baseUri;
import static io.rostersync.http.Fixtures.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.rostersync.http.internal.JsonHttpClient;
import io.rostersync.spi.AuthFailedException;
import io.rostersync.spi.PermissionDeniedException;
import io.rostersync.spi.ValidationException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import mockwebserver3.MockWebServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(10)
class AuthTest {

    private static final String TOKEN = "s3cr3t-T0KEN-value-123";

    private MockWebServer server;

    @BeforeEach
    void start() throws Exception {
        server = Fixtures.startServer();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private JsonHttpClient client(HttpAuth auth) {
        return JsonHttpClient.builder("zendesk", baseUri(server)).allowInsecureLoopback()
                .retryPolicy(Fixtures.fastRetry(3)).auth(auth).errorParser(Fixtures.COMMON_SHAPES).build();
    }

    @Test
    void bearerTokenIsSentAsAuthorizationHeader() throws Exception {
        server.enqueue(json(200, "{}"));

        client(HttpAuth.bearer(Secret.of(TOKEN))).get("/x");

        assertThat(server.takeRequest().getHeaders().get("Authorization")).isEqualTo("Bearer " + TOKEN);
    }

    @Test
    void zendeskApiTokenIsBasicWithEmailSlashToken() throws Exception {
        server.enqueue(json(200, "{}"));

        client(HttpAuth.zendeskApiToken("admin@acme.test", Secret.of(TOKEN))).get("/api/v2/users/me");

        String expected = Base64.getEncoder().encodeToString(
                ("admin@acme.test/token:" + TOKEN).getBytes(StandardCharsets.UTF_8));
        assertThat(server.takeRequest().getHeaders().get("Authorization")).isEqualTo("Basic " + expected);
    }

    @Test
    void noAuthSendsNoAuthorizationHeader() throws Exception {
        server.enqueue(json(200, "{}"));

        client(HttpAuth.none()).get("/x");

        assertThat(server.takeRequest().getHeaders().get("Authorization")).isNull();
    }

    @Test
    void staticCredentialsRejectedWith401FailAfterOneRequest() {
        server.enqueue(json(401, "{\"error\":\"Couldn't authenticate you\"}"));
        server.enqueue(json(200, "{}"));

        assertThatThrownBy(() -> client(HttpAuth.bearer(Secret.of(TOKEN))).get("/x"))
                .isInstanceOf(AuthFailedException.class);
        assertThat(server.getRequestCount()).isEqualTo(1);
    }

    @Test
    void tokenNeverAppearsInExceptionMessage() {
        String echo = "{\"error\":\"invalid token " + TOKEN + "\",\"description\":\"Bearer " + TOKEN + " rejected\"}";
        server.enqueue(json(401, echo));
        server.enqueue(json(403, echo));

        JsonHttpClient client = client(HttpAuth.bearer(Secret.of(TOKEN)));
        assertThatThrownBy(() -> client.get("/x"))
                .isInstanceOfSatisfying(AuthFailedException.class, e -> {
                    assertThat(e.getMessage()).doesNotContain(TOKEN);
                    assertThat(e.vendorMessage()).isEmpty();
                    assertThat(String.valueOf(e)).doesNotContain(TOKEN);
                });
        assertThatThrownBy(() -> client.get("/x"))
                .isInstanceOfSatisfying(PermissionDeniedException.class, e -> {
                    assertThat(e.getMessage()).doesNotContain(TOKEN);
                    assertThat(e.vendorMessage()).isEmpty();
                });
    }

    @Test
    void errorBodyEchoingTheCredentialOnAnyStatusIsNotQuoted() {
        server.enqueue(json(422, "{\"error\":\"RecordInvalid\",\"description\":\"token " + TOKEN + " is odd\"}"));
        server.enqueue(json(401, "{\"error\":\"" + TOKEN + "\"}"));

        JsonHttpClient client = client(HttpAuth.zendeskApiToken("admin@acme.test", Secret.of(TOKEN)));
        assertThatThrownBy(() -> client.put("/x", "{}"))
                .isInstanceOfSatisfying(ValidationException.class, e -> {
                    assertThat(e.vendorCode()).contains("RecordInvalid");
                    assertThat(e.vendorMessage()).isEmpty();
                })
                .hasMessageNotContaining(TOKEN);
        assertThatThrownBy(() -> client.get("/x"))
                .isInstanceOfSatisfying(AuthFailedException.class, e -> assertThat(e.vendorCode()).isEmpty())
                .hasMessageNotContaining(TOKEN);
    }

    @Test
    void secretsNeverAppearInToString() {
        Secret secret = Secret.of(TOKEN);
        HttpAuth bearer = HttpAuth.bearer(secret);
        HttpAuth zendesk = HttpAuth.zendeskApiToken("admin@acme.test", secret);
        HttpAuth basic = HttpAuth.basic("svc", secret);
        TokenClient oauth = TokenClient.clientCredentials(
                OAuth2TokenEndpoint.builder(URI.create("https://acme.zendesk.com/oauth/tokens")).build(), "client-1", secret).build();
        JsonHttpClient client = client(zendesk);

        for (Object o : new Object[] {secret, bearer, zendesk, basic, oauth, client, bearer.header().orElseThrow(),
                zendesk.header().orElseThrow()}) {
            assertThat(o.toString()).doesNotContain(TOKEN)
                    .doesNotContain(Base64.getEncoder().encodeToString(("admin@acme.test/token:" + TOKEN).getBytes(StandardCharsets.UTF_8)));
        }
        assertThat(zendesk.toString()).contains("admin@acme.test").contains("****");
        assertThat(oauth.toString()).contains("client-1");
    }

    @Test
    void secretsRejectHeaderInjection() {
        assertThatThrownBy(() -> Secret.of("abc\r\nX-Evil: 1")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Secret.of(" ")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> HttpAuth.zendeskApiToken("a:b@x.test", Secret.of("t")))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
