package io.rostersync.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.rostersync.engine.RunOptions;
import io.rostersync.spi.SyncReport;
import io.rostersync.engine.SyncRunner;
import io.rostersync.http.internal.JsonHttpClient;
import io.rostersync.model.NativeId;
import io.rostersync.model.SyncId;
import io.rostersync.model.UserRecord;
import io.rostersync.policy.SyncPolicy;
import io.rostersync.spi.Capability;
import io.rostersync.spi.ErrorDetails;
import io.rostersync.spi.RosterSyncException;
import io.rostersync.spi.TransientException;
import io.rostersync.spi.UserDirectory;
import io.rostersync.spi.UserPage;
import io.rostersync.spi.UserPages;
import io.rostersync.testkit.InMemorySyncStateStore;
import io.rostersync.testkit.InMemoryUserDirectory;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.slf4j.LoggerFactory;

/**
 * Token endpoints that echo the request back, on every status, in every shape we could think of, for every
 * grant: no credential the token request carried reaches an exception's message or {@code toString()},
 * its {@link ErrorDetails}, an {@link AccessToken}, a {@link SyncReport} (what the state store keeps) or
 * any log line of this test JVM (the surefire configuration of this module sends every slf4j line, at
 * DEBUG, to one file, as the sandbox's secret scan does; the runner's ERROR line for a failed sync is in it).
 *
 * <p>The echo is computed from the request the server really received (body as sent, form- or
 * JSON-encoded, and the Basic header), then decoded, URL-encoded, base64-encoded or cut short, and put
 * into the error code, the description, a Salesforce-style error array, a plain-text body, the request-id
 * header, or, for a 200, into the token response's other fields and its {@code token_type}.
 */
@Timeout(180)
class TokenSecretsMatrixTest {

    /** Changes under URL encoding and JSON escaping (space, slash, plus, equals, ampersand, percent, quote, é). */
    private static final String FORM_SECRET = "S3CRET-td/+= &%\"é-77e10";
    /** Letters and separators only: passes for an OAuth error code if echoed alone. */
    private static final String LETTERS_SECRET = "zendeskSECRETclient_abcdefgh";
    private static final String PASSWORD = "pa55 S3CRET/wörd+x";
    private static final String ASSERTION = "eyJhbGciOiJSUzI1NiJ9.eyJpc3MiOiJyb3N0ZXJzeW5jIn0.S3CRETsignature_Qx7-kLm0P9";

    private static final int[] STATUSES = {400, 401, 403, 404, 409, 418, 429, 500, 503, 200};
    private static final Pattern AUTHORIZATION_VALUE = Pattern.compile("(Bearer|Basic)\\s+[A-Za-z0-9+/=._-]{12,}");
    private static final ObjectMapper JSON = new ObjectMapper();

    /** How the server turns what it received into its answer. */
    enum Echo {
        /** The whole request body in {@code error_description}. */
        BODY_IN_DESCRIPTION,
        /** The decoded credential alone as the OAuth {@code error} code. */
        CREDENTIAL_AS_CODE,
        /** Decoded credentials in a sentence in {@code message}. */
        CREDENTIALS_IN_MESSAGE,
        /** Salesforce's error array: code and message. */
        SALESFORCE_ARRAY,
        /** Not JSON: the body and the Authorization header as text. */
        PLAIN_TEXT,
        /** The decoded credential in the request-id header, a harmless body. */
        REQUEST_ID_HEADER,
        /** The first 12 characters, cut short with an ellipsis, in the description and the code. */
        PARTIAL,
        /** Base64 of the credential in the description and in the request id. */
        BASE64,
        /** The URL-encoded credential as the code and in the description. */
        URL_ENCODED_CODE,
        /** The Authorization header value in the request id and the description. */
        AUTHORIZATION_HEADER
    }

    /** A way of obtaining a token, with the credentials it sends. */
    record Grant(String name, List<String> credentials, Function<URI, HttpAuth> auth) {
        @Override
        public String toString() {
            return name;
        }
    }

    private MockWebServer server;
    private volatile int status;
    private volatile Echo echo;
    private final List<Object> shown = new ArrayList<>();

    @BeforeEach
    void start() throws Exception {
        server = Fixtures.startServer();
        server.setDispatcher(new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) {
                if (request.getTarget().startsWith("/oauth/token")) {
                    return tokenAnswer(request);
                }
                return Fixtures.json(200, "{\"users\":[]}");
            }
        });
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private List<Grant> grants() {
        return List.of(
                new Grant("client credentials, form, Basic client auth (Talkdesk)", List.of(FORM_SECRET),
                        uri -> clientCredentials(uri, FORM_SECRET).build()),
                new Grant("client credentials, form, secret in body (Salesforce)", List.of(FORM_SECRET),
                        uri -> clientCredentials(uri, FORM_SECRET)
                                .clientAuthentication(TokenClient.ClientAuthentication.REQUEST_BODY).build()),
                new Grant("client credentials, JSON, secret in body (Zendesk)", List.of(LETTERS_SECRET),
                        uri -> TokenClient.clientCredentials(endpoint(uri, OAuth2TokenEndpoint.RequestFormat.JSON), "rostersync",
                                        Secret.of(LETTERS_SECRET))
                                .clientAuthentication(TokenClient.ClientAuthentication.REQUEST_BODY).build()),
                new Grant("password grant with client secret", List.of(PASSWORD, FORM_SECRET),
                        uri -> new EndpointAuth(endpoint(uri), TokenRequest.grant("password").parameter("username", "svc@acme.test")
                                .credential("password", Secret.of(PASSWORD)).basicClientAuthentication("rostersync", Secret.of(FORM_SECRET)))),
                new Grant("JWT bearer assertion", List.of(ASSERTION),
                        uri -> new EndpointAuth(endpoint(uri), TokenRequest.grant("urn:ietf:params:oauth:grant-type:jwt-bearer")
                                .credential("assertion", Secret.of(ASSERTION)))));
    }

    private static TokenClient.Builder clientCredentials(URI base, String secret) {
        return TokenClient.clientCredentials(endpoint(base), "rostersync", Secret.of(secret));
    }

    private static OAuth2TokenEndpoint endpoint(URI base) {
        return endpoint(base, OAuth2TokenEndpoint.RequestFormat.FORM);
    }

    private static OAuth2TokenEndpoint endpoint(URI base, OAuth2TokenEndpoint.RequestFormat format) {
        return OAuth2TokenEndpoint.builder(base.resolve("/oauth/token")).vendor("acme").requestFormat(format)
                .settings(HttpSettings.builder().requestTimeout(Duration.ofSeconds(5)).allowInsecureLoopback().build()).build();
    }

    /** A grant without a cache: asks the endpoint for every header. */
    private record EndpointAuth(OAuth2TokenEndpoint endpoint, TokenRequest request) implements HttpAuth {
        @Override
        public Optional<AuthHeader> header() {
            return Optional.of(AuthHeader.authorization("Bearer " + endpoint.requestToken(request).value().reveal()));
        }
    }

    @Test
    void noCredentialOfAnyGrantEscapesWhateverTheTokenEndpointEchoesOnAnyStatus() throws Exception {
        assertThat(LoggerFactory.getLogger(getClass()).isDebugEnabled())
                .as("this module's surefire configuration sets slf4j-simple to DEBUG; run through Maven").isTrue();
        String logFile = System.getProperty("org.slf4j.simpleLogger.logFile", "");
        assertThat(logFile).as("org.slf4j.simpleLogger.logFile").isNotBlank().isNotEqualTo("System.err");

        Set<String> forbidden = new LinkedHashSet<>();
        int cases = 0;
        int failedRuns = 0;
        for (Grant grant : grants()) {
            for (String credential : grant.credentials()) {
                forbidden.addAll(forms(credential));
            }
            for (int s : STATUSES) {
                for (Echo e : Echo.values()) {
                    status = s;
                    echo = e;
                    String label = grant + " / HTTP " + s + " / " + e;
                    List<Object> seen = new ArrayList<>();
                    HttpAuth auth = grant.auth().apply(Fixtures.baseUri(server));
                    try {
                        Optional<AuthHeader> header = auth.header();
                        seen.add(header.orElseThrow());
                        if (auth instanceof TokenClient cc) {
                            AccessToken token = cc.token();
                            seen.add(token);
                            seen.add(token.fields());
                            seen.add(token.scope());
                        }
                    } catch (RosterSyncException failure) {
                        seen.add(failure);
                        seen.add(failure.details());
                    }
                    assertThat(seen).as(label).noneMatch(o -> o instanceof TransientException t && t.httpStatus().isEmpty());
                    SyncReport report = run(grant.auth().apply(Fixtures.baseUri(server)), s + "-" + e.ordinal());
                    if (report.status() == io.rostersync.spi.RunStatus.FAILED) {
                        failedRuns++;
                    }
                    seen.add(report);
                    seen.add(report.message());
                    for (Object o : seen) {
                        String text = o instanceof Throwable t ? t.getMessage() + " " + t + " " + t.getCause() : String.valueOf(o);
                        for (String f : forbidden) {
                            assertThat(text).as("%s: %s", label, o.getClass().getSimpleName()).doesNotContain(f);
                        }
                    }
                    shown.addAll(seen);
                    cases++;
                }
            }
        }
        assertThat(cases).isEqualTo(grants().size() * STATUSES.length * Echo.values().length);
        assertThat(failedRuns).as("the error statuses really failed runs").isGreaterThanOrEqualTo(cases * 8 / 10);

        String log = Files.readString(Path.of(logFile), StandardCharsets.UTF_8);
        assertThat(log).as("the captured log holds the runner's ERROR lines and the token requests")
                .contains("ERROR").contains("token request");
        for (String f : forbidden) {
            assertThat(log).as("the captured log").doesNotContain(f);
        }
        assertThat(AUTHORIZATION_VALUE.matcher(log).find()).as("an Authorization value in the log").isFalse();
    }

    /** Each credential as sent and as an echo could show it. */
    private static List<String> forms(String credential) {
        List<String> forms = new ArrayList<>();
        forms.add(credential);
        forms.add(URLEncoder.encode(credential, StandardCharsets.UTF_8));
        forms.add(Base64.getEncoder().encodeToString(credential.getBytes(StandardCharsets.UTF_8)));
        forms.add(credential.substring(0, 12));
        if (credential.contains("S3CRET")) {
            forms.add(credential.substring(credential.indexOf("S3CRET"), credential.indexOf("S3CRET") + 9));
        }
        return forms;
    }

    private SyncReport run(HttpAuth auth, String id) {
        JsonHttpClient client = JsonHttpClient.builder("acme", Fixtures.baseUri(server)).allowInsecureLoopback()
                .retryPolicy(RetryPolicy.none()).requestTimeout(Duration.ofSeconds(5)).auth(auth).build();
        shown.add(client);
        return SyncRunner.builder().syncId(SyncId.of("token-echo-" + id)).source(new HttpDirectory(client))
                .target(InMemoryUserDirectory.create("app")).policy(SyncPolicy.builder().build())
                .stateStore(new InMemorySyncStateStore()).build().run(RunOptions.defaults());
    }

    /** The smallest directory that reads over HTTP. */
    private record HttpDirectory(JsonHttpClient client) implements UserDirectory {
        @Override
        public String name() {
            return "acme";
        }

        @Override
        public Set<Capability> capabilities() {
            return Set.of(Capability.READ);
        }

        @Override
        public UserPages readAll() {
            boolean[] done = {false};
            return () -> {
                if (done[0]) {
                    return Optional.empty();
                }
                client.get("/api/users");
                done[0] = true;
                return Optional.of(UserPage.of(List.<UserRecord>of()));
            };
        }

        @Override
        public Optional<UserRecord> get(NativeId id) {
            return Optional.empty();
        }
    }

    private MockResponse tokenAnswer(RecordedRequest request) {
        String body = request.getBody() == null ? "" : request.getBody().utf8();
        String authorization = Optional.ofNullable(request.getHeaders().get("Authorization")).orElse("");
        List<String> credentials = credentialsIn(body, authorization);
        String first = credentials.isEmpty() ? "none" : credentials.get(0);
        String all = String.join(", ", credentials);
        Echo e = echo;
        int s = status;
        if (s == 200) {
            ObjectNode ok = JSON.createObjectNode().put("access_token", "tok-echo-1");
            if (e.ordinal() % 2 == 0) {
                ok.put("token_type", "bearer").put("client_secret", first).put("scope", all).put(first, "x")
                        .put("instance_url", "https://acme.example/" + URLEncoder.encode(first, StandardCharsets.UTF_8));
            } else {
                ok.put("token_type", first);
            }
            return Fixtures.json(200, ok.toString());
        }
        String b64 = Base64.getEncoder().encodeToString(first.getBytes(StandardCharsets.UTF_8));
        String urlEncoded = URLEncoder.encode(first, StandardCharsets.UTF_8);
        // A header carries printable ASCII only: a credential with other characters goes in URL-encoded.
        String inHeader = first.chars().allMatch(c -> c > 0x20 && c < 0x7f) ? first : urlEncoded;
        String partial = first.substring(0, Math.min(12, first.length())) + "…";
        MockResponse.Builder answer = new MockResponse.Builder().code(s).setHeader("Content-Type", "application/json");
        switch (e) {
            case BODY_IN_DESCRIPTION -> answer.body(obj("error", "invalid_client", "error_description", body));
            case CREDENTIAL_AS_CODE -> answer.body(obj("error", first));
            case CREDENTIALS_IN_MESSAGE -> answer.body(obj("code", "bad_credentials", "message", "rejected: " + all));
            case SALESFORCE_ARRAY -> {
                ArrayNode array = JSON.createArrayNode();
                array.addObject().put("errorCode", first).put("message", "bad " + body + " / " + authorization);
                answer.body(array.toString());
            }
            case PLAIN_TEXT -> answer.setHeader("Content-Type", "text/plain").body(body + "\nAuthorization: " + authorization);
            case REQUEST_ID_HEADER -> answer.setHeader("X-Request-Id", inHeader).body(obj("error", "invalid_client"));
            case PARTIAL -> answer.body(obj("error", partial, "error_description", "secret starting " + partial + " rejected"));
            case BASE64 -> answer.setHeader("X-Request-Id", b64).body(obj("error", b64, "error_description", "got " + b64));
            case URL_ENCODED_CODE -> answer.body(obj("error", urlEncoded, "description", "bad " + urlEncoded));
            case AUTHORIZATION_HEADER -> answer.setHeader("X-Request-Id", authorization.isEmpty() ? inHeader : authorization)
                    .body(obj("error", "invalid_client", "error_description", authorization + " " + body));
            default -> throw new IllegalStateException();
        }
        return answer.build();
    }

    private static String obj(String... kv) {
        ObjectNode o = JSON.createObjectNode();
        for (int i = 0; i < kv.length; i += 2) {
            o.put(kv[i], kv[i + 1]);
        }
        return o.toString();
    }

    /** What the request carried, decoded: form or JSON credential parameters and the Basic password. */
    private static List<String> credentialsIn(String body, String authorization) {
        List<String> found = new ArrayList<>();
        List<String> names = List.of("client_secret", "password", "assertion", "refresh_token");
        if (body.startsWith("{")) {
            try {
                JsonNode json = JSON.readTree(body);
                for (String n : names) {
                    if (json.hasNonNull(n)) {
                        found.add(json.get(n).asText());
                    }
                }
            } catch (java.io.IOException e) {
                throw new IllegalStateException(e);
            }
        } else {
            for (String pair : body.split("&")) {
                int eq = pair.indexOf('=');
                if (eq > 0 && names.contains(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8))) {
                    found.add(URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
                }
            }
        }
        if (authorization.startsWith("Basic ")) {
            String pair = new String(Base64.getDecoder().decode(authorization.substring(6)), StandardCharsets.UTF_8);
            found.add(URLDecoder.decode(pair.substring(pair.indexOf(':') + 1), StandardCharsets.UTF_8));
        }
        return found;
    }
}
