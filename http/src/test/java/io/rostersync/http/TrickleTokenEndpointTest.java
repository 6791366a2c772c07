package io.rostersync.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.sun.net.httpserver.HttpServer;
import io.rostersync.http.internal.JsonHttpClient;
import io.rostersync.spi.TransientException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A token endpoint that sends its headers at once and then its body one byte every 500 ms (a whole token
 * answer would take about a minute): every grant fails with a timeout once its request timeout has passed,
 * and the connection is closed, which the server sees as a failed write. Before, token requests used a
 * plain send whose timeout stops at the headers, and a run waited for the last byte.
 */
@Timeout(60)
class TrickleTokenEndpointTest {

    private static final String SECRET = "trickle-S3CRET-client-0aa1";

    private HttpServer server;
    private final CountDownLatch connectionClosed = new CountDownLatch(1);
    private final AtomicInteger bytesWritten = new AtomicInteger();

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0), 0);
        server.setExecutor(Executors.newCachedThreadPool());
        server.createContext("/oauth/token", exchange -> {
            exchange.getRequestBody().readAllBytes();
            byte[] body = ("{\"access_token\":\"tok-" + "x".repeat(80) + "\",\"token_type\":\"bearer\",\"expires_in\":3600}")
                    .getBytes(StandardCharsets.US_ASCII);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            OutputStream out = exchange.getResponseBody();
            try {
                for (byte b : body) {
                    out.write(b);
                    out.flush();
                    bytesWritten.incrementAndGet();
                    Thread.sleep(500);
                }
                out.close();
            } catch (IOException closedByClient) {
                connectionClosed.countDown();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                exchange.close();
            }
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private OAuth2TokenEndpoint endpoint() {
        return OAuth2TokenEndpoint.builder(tokenUri())
                .settings(HttpSettings.builder().requestTimeout(Duration.ofSeconds(1)).allowInsecureLoopback().build()).build();
    }

    private URI tokenUri() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/oauth/token");
    }

    @Test
    void clientCredentialsFailWithATimeoutAndTheConnectionIsClosed() throws InterruptedException {
        TokenClient auth = TokenClient.clientCredentials(endpoint(), "rostersync", Secret.of(SECRET)).build();

        TransientException e = catchThrowableOfType(TransientException.class, auth::token);

        assertTimedOut(e);
    }

    @Test
    void anyGrantThroughTheTokenEndpointFailsTheSameWay() throws InterruptedException {
        OAuth2TokenEndpoint endpoint = endpoint();
        TokenRequest password = TokenRequest.grant("password").parameter("username", "svc")
                .credential("password", Secret.of(SECRET));

        TransientException e = catchThrowableOfType(TransientException.class, () -> endpoint.requestToken(password));

        assertTimedOut(e);
    }

    @Test
    void aDataCallWaitingForItsTokenFailsAsTransientToo() throws InterruptedException {
        TokenClient auth = TokenClient.clientCredentials(endpoint(), "rostersync", Secret.of(SECRET)).build();
        JsonHttpClient client = JsonHttpClient.builder("acme", URI.create("http://127.0.0.1:" + server.getAddress().getPort()))
                .allowInsecureLoopback().retryPolicy(RetryPolicy.none()).auth(auth).build();

        TransientException e = catchThrowableOfType(TransientException.class, () -> client.get("/api/users"));

        assertTimedOut(e);
    }

    private void assertTimedOut(TransientException e) throws InterruptedException {
        assertThat(e).as("a typed timeout, not a token after a minute").isNotNull();
        assertThat(e.kind()).isEqualTo(io.rostersync.spi.FailureKind.TRANSIENT);
        assertThat(e.httpStatus()).as("no complete response arrived").isEmpty();
        assertThat(e.getMessage()).contains("POST /oauth/token").contains("no response within 1000 ms")
                .doesNotContain(SECRET);
        // Structural: the client gave up on the exchange and closed the connection mid-body.
        assertThat(connectionClosed.await(30, TimeUnit.SECONDS)).as("the server saw the connection closed").isTrue();
        assertThat(bytesWritten.get()).as("the body was not read to its end").isLessThan(100);
    }
}
