package io.rostersync.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.rostersync.http.internal.JsonHttpClient;
import io.rostersync.spi.ErrorDetails;
import io.rostersync.spi.RosterSyncException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Data calls whose error answer echoes the credential the request carried, in encodings and places the
 * exact-match filter missed: the request-id header, URL-encoded, base64, cut short. Statuses × echoes ×
 * auth kinds; the credential is in no message, {@code toString()} or {@link ErrorDetails}.
 */
class DataCallEchoTest {

    private static final String TOKEN = "dc-S3CRET-token/+=9f1e";
    private static final int[] STATUSES = {400, 404, 409, 422, 429, 500, 418};

    private MockWebServer server;

    @BeforeEach
    void start() throws Exception {
        server = Fixtures.startServer();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private static List<MockResponse> echoes(String headerValue) {
        String form = URLEncoder.encode(TOKEN, StandardCharsets.UTF_8);
        String b64 = Base64.getEncoder().encodeToString(TOKEN.getBytes(StandardCharsets.UTF_8));
        String ascii = form;
        return List.of(
                Fixtures.jsonBuilder(0, "{\"error\":\"Bad\"}").setHeader("X-Request-Id", ascii).build(),
                Fixtures.jsonBuilder(0, "{\"error\":\"Bad\"}").setHeader("X-Request-Id", headerValue).build(),
                Fixtures.jsonBuilder(0, "{\"error\":\"RecordInvalid\",\"description\":\"token " + form + " odd\"}").build(),
                Fixtures.jsonBuilder(0, "{\"error\":\"RecordInvalid\",\"description\":\"auth " + b64 + "\"}").build(),
                Fixtures.jsonBuilder(0, "{\"code\":\"" + TOKEN.substring(0, 10) + "\",\"message\":\"token "
                        + TOKEN.substring(0, 12) + "... rejected\"}").build(),
                Fixtures.jsonBuilder(0, "[{\"errorCode\":\"INVALID\",\"message\":\"" + headerValue + "\"}]").build());
    }

    @Test
    void noEncodingOfTheSentCredentialReachesAFailure() {
        List<HttpAuth> auths = List.of(HttpAuth.bearer(Secret.of(TOKEN)),
                HttpAuth.zendeskApiToken("admin@acme.test", Secret.of(TOKEN)), HttpAuth.basic("svc", Secret.of(TOKEN)));
        int cases = 0;
        for (HttpAuth auth : auths) {
            String headerValue = auth.header().orElseThrow().value().reveal();
            JsonHttpClient client = JsonHttpClient.builder("acme", Fixtures.baseUri(server)).allowInsecureLoopback()
                    .retryPolicy(RetryPolicy.none()).auth(auth).errorParser(Fixtures.COMMON_SHAPES).build();
            for (int status : STATUSES) {
                for (MockResponse echo : echoes(headerValue)) {
                    server.enqueue(echo.newBuilder().code(status).build());
                    RosterSyncException e = catchThrowableOfType(RosterSyncException.class, () -> client.get("/api/users"));
                    assertThat(e).isNotNull();
                    String shown = e.getMessage() + " " + e + " " + e.details();
                    for (String form : List.of(TOKEN, URLEncoder.encode(TOKEN, StandardCharsets.UTF_8),
                            Base64.getEncoder().encodeToString(TOKEN.getBytes(StandardCharsets.UTF_8)),
                            headerValue.substring(headerValue.indexOf(' ') + 1), "S3CRET")) {
                        assertThat(shown).as("%s, HTTP %d, echo %s", auth, status, echo).doesNotContain(form);
                    }
                    cases++;
                }
            }
        }
        assertThat(cases).isEqualTo(3 * STATUSES.length * 6);
    }
}
