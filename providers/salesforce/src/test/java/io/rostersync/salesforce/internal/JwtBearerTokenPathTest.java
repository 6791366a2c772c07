package io.rostersync.salesforce.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpServer;
import io.rostersync.http.HttpSettings;
import io.rostersync.engine.RunOptions;
import io.rostersync.engine.SyncRunner;
import io.rostersync.spi.RosterSyncException;
import io.rostersync.http.RetryPolicy;
import io.rostersync.model.SyncId;
import io.rostersync.policy.SyncPolicy;
import io.rostersync.salesforce.SalesforceConnection;
import io.rostersync.salesforce.SalesforceUserDirectory;
import io.rostersync.spi.FailureKind;
import io.rostersync.spi.RunStatus;
import io.rostersync.spi.SyncReport;
import io.rostersync.spi.TransientException;
import io.rostersync.testkit.InMemorySyncStateStore;
import io.rostersync.testkit.InMemoryUserDirectory;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The Salesforce JWT bearer grant on a token endpoint of our own (JDK {@code HttpServer} on loopback): an
 * endpoint echoing the signed assertion on any status never puts it (or its signature) into an exception,
 * the run report or a log line; an endpoint trickling its answer fails the exchange at the request timeout
 * and the connection is closed. Before, the JWT exchange used a plain send with its own error handling.
 */
@Timeout(90)
class JwtBearerTokenPathTest {

    private static final int[] STATUSES = {400, 401, 403, 404, 429, 500, 503};
    private static final ObjectMapper JSON = new ObjectMapper();

    private HttpServer server;
    private volatile int status;
    private volatile int echo;
    private volatile boolean trickle;
    private final AtomicReference<String> lastAssertion = new AtomicReference<>("");
    private final List<String> assertions = new ArrayList<>();
    private final CountDownLatch connectionClosed = new CountDownLatch(1);
    private KeyPair keys;

    @BeforeEach
    void start() throws Exception {
        keys = KeyPairGenerator.getInstance("RSA").generateKeyPair();
        server = HttpServer.create(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0), 0);
        server.setExecutor(Executors.newCachedThreadPool());
        server.createContext("/services/oauth2/token", exchange -> {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            String assertion = "";
            for (String pair : body.split("&")) {
                if (pair.startsWith("assertion=")) {
                    assertion = URLDecoder.decode(pair.substring("assertion=".length()), StandardCharsets.UTF_8);
                }
            }
            lastAssertion.set(assertion);
            if (trickle) {
                byte[] ok = ("{\"access_token\":\"00D!" + "x".repeat(100) + "\",\"instance_url\":\"http://127.0.0.1\"}")
                        .getBytes(StandardCharsets.US_ASCII);
                exchange.sendResponseHeaders(200, ok.length);
                OutputStream out = exchange.getResponseBody();
                try {
                    for (byte b : ok) {
                        out.write(b);
                        out.flush();
                        Thread.sleep(500);
                    }
                    out.close();
                } catch (IOException closed) {
                    connectionClosed.countDown();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                } finally {
                    exchange.close();
                }
                return;
            }
            String signature = assertion.substring(assertion.lastIndexOf('.') + 1);
            ObjectNode answer = JSON.createObjectNode();
            switch (echo) {
                case 0 -> answer.put("error", "invalid_grant").put("error_description", "bad assertion " + assertion);
                case 1 -> answer.put("error", signature);
                case 2 -> answer.put("error", "invalid_grant").put("error_description", "body was " + body);
                case 3 -> answer.put("error", "invalid_grant").put("error_description", "signature " + signature.substring(0, 16) + "…");
                default -> answer.put("error", "invalid_grant");
            }
            if (echo == 4) {
                exchange.getResponseHeaders().set("X-SFDC-Request-Id", signature);
            }
            byte[] bytes = answer.toString().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(status, bytes.length);
            exchange.getResponseBody().write(bytes);
            exchange.close();
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private SalesforceConnection connection() {
        return SalesforceConnection.builder(URI.create("http://127.0.0.1:" + server.getAddress().getPort()))
                .jwtBearer("jwt-app", "integration@acme.example", keys.getPrivate()).trustHost("127.0.0.1")
                .http(HttpSettings.builder().allowInsecureLoopback().retryPolicy(RetryPolicy.none())
                        .requestTimeout(Duration.ofSeconds(1)).build()).build();
    }

    @Test
    void anEndpointEchoingTheAssertionOnAnyStatusNeverShowsIt() {
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        PrintStream original = System.err;
        List<String> shown = new ArrayList<>();
        int cases = 0;
        // slf4j-simple writes to whatever System.err is at the time of each line: the runner's ERROR lines land here.
        System.setErr(new PrintStream(new TeeStream(original, captured), true, StandardCharsets.UTF_8));
        try {
            for (int s : STATUSES) {
                for (int e = 0; e < 5; e++) {
                    status = s;
                    echo = e;
                    SalesforceUserDirectory directory = SalesforceUserDirectory.builder(connection()).build();
                    RosterSyncException failure = catchThrowableOfType(RosterSyncException.class, () -> directory.readAll().next());
                    assertThat(failure).as("HTTP %d echo %d", s, e).isNotNull();
                    assertions.add(lastAssertion.get());
                    shown.add(failure.getMessage() + " " + failure + " " + failure.details());
                    SyncReport report = SyncRunner.builder().syncId(SyncId.of("jwt-echo-" + s + "-" + e))
                            .source(SalesforceUserDirectory.builder(connection()).build())
                            .target(InMemoryUserDirectory.create("app")).policy(SyncPolicy.builder().build())
                            .stateStore(new InMemorySyncStateStore()).build().run(RunOptions.defaults());
                    assertThat(report.status()).isEqualTo(RunStatus.FAILED);
                    assertions.add(lastAssertion.get());
                    shown.add(report.toString());
                    cases++;
                }
            }
        } finally {
            System.setErr(original);
        }
        String log = captured.toString(StandardCharsets.UTF_8);
        assertThat(log).as("the runner logged the failures").contains("ERROR").contains("jwt-echo-");
        shown.add(log);
        for (String assertion : assertions) {
            String signature = assertion.substring(assertion.lastIndexOf('.') + 1);
            for (String text : shown) {
                assertThat(text).doesNotContain(assertion).doesNotContain(signature)
                        .doesNotContain(signature.substring(0, 16))
                        .doesNotContain(URLEncoder.encode(assertion, StandardCharsets.UTF_8));
            }
        }
        assertThat(cases).isEqualTo(STATUSES.length * 5);
    }

    @Test
    void aTricklingTokenEndpointFailsAtTheRequestTimeoutAndIsDisconnected() throws InterruptedException {
        trickle = true;
        SalesforceUserDirectory directory = SalesforceUserDirectory.builder(connection()).build();

        TransientException e = catchThrowableOfType(TransientException.class, () -> directory.readAll().next());

        assertThat(e).as("a typed timeout, not a token after a minute").isNotNull();
        assertThat(e.kind()).isEqualTo(FailureKind.TRANSIENT);
        assertThat(e.httpStatus()).isEmpty();
        assertThat(e.getMessage()).contains("/services/oauth2/token").contains("no response within 1000 ms");
        assertThat(connectionClosed.await(30, TimeUnit.SECONDS)).as("the server saw the connection closed").isTrue();
    }

    /** Copies every byte to two streams. */
    private static final class TeeStream extends OutputStream {
        private final OutputStream a;
        private final OutputStream b;

        TeeStream(OutputStream a, OutputStream b) {
            this.a = a;
            this.b = b;
        }

        @Override
        public void write(int c) throws IOException {
            a.write(c);
            b.write(c);
        }

        @Override
        public void write(byte[] buf, int off, int len) throws IOException {
            a.write(buf, off, len);
            b.write(buf, off, len);
        }
    }
}
