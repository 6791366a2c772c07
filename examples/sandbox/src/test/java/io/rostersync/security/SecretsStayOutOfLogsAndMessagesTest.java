package io.rostersync.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.rostersync.http.TokenClient;
import io.rostersync.http.OAuth2TokenEndpoint;
import io.rostersync.http.HttpSettings;
import io.rostersync.engine.RunOptions;
import io.rostersync.engine.SyncRunner;
import io.rostersync.http.HttpAuth;
import io.rostersync.http.RetryPolicy;
import io.rostersync.http.Secret;
import io.rostersync.model.SyncId;
import io.rostersync.model.UserProfile;
import io.rostersync.policy.SyncPolicy;
import io.rostersync.policy.UnmatchedAction;
import io.rostersync.salesforce.SalesforceConnection;
import io.rostersync.salesforce.SalesforceLicensePool;
import io.rostersync.salesforce.SalesforceUserDirectory;
import io.rostersync.scim.ScimUserDirectory;
import io.rostersync.spi.RosterSyncException;
import io.rostersync.spi.SyncReport;
import io.rostersync.spi.UserDirectory;
import io.rostersync.talkdesk.TalkdeskRegion;
import io.rostersync.talkdesk.TalkdeskSeatPool;
import io.rostersync.talkdesk.TalkdeskUserDirectory;
import io.rostersync.testkit.InMemorySyncStateStore;
import io.rostersync.testkit.InMemoryUserDirectory;
import io.rostersync.testkit.RosterGenerator;
import io.rostersync.emulators.salesforce.SalesforceEmulator;
import io.rostersync.emulators.Fault;
import io.rostersync.emulators.Route;
import io.rostersync.emulators.scim.ScimEmulator;
import io.rostersync.emulators.talkdesk.TalkdeskEmulator;
import io.rostersync.emulators.zendesk.ZendeskEmulator;
import io.rostersync.zendesk.ZendeskDirectory;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.slf4j.LoggerFactory;

/**
 * No credential ever reaches a log line, an exception message or a {@code toString()}. The sandbox's
 * surefire configuration sends every log line of the test JVM, at DEBUG, to one file
 * ({@code org.slf4j.simpleLogger.logFile}); this test runs representative syncs of every HTTP provider
 * (reads, writes, a token refresh, a rejected credential) with distinctive secrets and then searches
 * that whole file, including whatever the suite's other tests logged before it, for them and for any
 * {@code Authorization} value.
 */
@Timeout(120)
class SecretsStayOutOfLogsAndMessagesTest {

    private static final String ZENDESK_TOKEN = "zd-S3CRET-token-91a7f";
    private static final String ZENDESK_WRONG_TOKEN = "zd-WRONG-token-03bd1";
    private static final String ZENDESK_OAUTH_SECRET = "zd-S3CRET-oauth-5e7c2";
    private static final String TALKDESK_SECRET = "td-S3CRET-client-52b9e";
    private static final String TALKDESK_WRONG_SECRET = "td-WRONG-client-77e10";
    private static final String SCIM_TOKEN = "scim-S3CRET-bearer-18c4d";
    private static final String SCIM_WRONG_TOKEN = "scim-WRONG-bearer-6a2f0";
    private static final String SALESFORCE_WRONG_SECRET = "sf-WRONG-consumer-0c9d3";
    /** A credential-looking Authorization value: Bearer/Basic followed by a token-like run. */
    private static final Pattern AUTHORIZATION_VALUE = Pattern.compile("(Bearer|Basic)\\s+[A-Za-z0-9+/=._-]{12,}");

    private final List<String> secrets = new ArrayList<>(List.of(ZENDESK_TOKEN, ZENDESK_WRONG_TOKEN, ZENDESK_OAUTH_SECRET,
            TALKDESK_SECRET, TALKDESK_WRONG_SECRET, SCIM_TOKEN, SCIM_WRONG_TOKEN, SALESFORCE_WRONG_SECRET,
            // the sandbox scenarios' own credentials, in case they ran earlier in this JVM
            "sandbox-api-token"));
    private final List<Object> shown = new ArrayList<>();

    @Test
    void noSecretInTheSuiteLogExceptionMessagesOrToStrings() throws Exception {
        assertThat(LoggerFactory.getLogger(getClass()).isDebugEnabled())
                .as("the sandbox surefire configuration sets slf4j-simple to DEBUG; run through Maven").isTrue();
        String logFile = System.getProperty("org.slf4j.simpleLogger.logFile", "");
        assertThat(logFile).as("org.slf4j.simpleLogger.logFile").isNotBlank().isNotEqualTo("System.err");

        zendesk();
        talkdesk();
        scim();
        salesforce();

        for (Object o : shown) {
            String text = o instanceof Throwable t ? t.getMessage() + " " + t : String.valueOf(o);
            for (String secret : secrets) {
                assertThat(text).as("toString/message of a " + o.getClass().getSimpleName()).doesNotContain(secret);
            }
        }
        String log = Files.readString(Path.of(logFile), StandardCharsets.UTF_8);
        assertThat(log).as("the captured log holds the providers' DEBUG request lines").contains("DEBUG").contains("-> 200").contains("POST");
        for (String secret : secrets) {
            assertThat(log).as("the captured log").doesNotContain(secret);
        }
        assertThat(AUTHORIZATION_VALUE.matcher(log).find()).as("an Authorization value in the log").isFalse();
    }

    private static List<UserProfile> people(int n) {
        return new RosterGenerator(31).profiles(n);
    }

    /** A read sync from the provider and a write sync into it. */
    private void syncBothWays(String name, UserDirectory provider, boolean writable) {
        InMemoryUserDirectory app = InMemoryUserDirectory.create(name + "-app");
        SyncReport read = SyncRunner.builder().syncId(SyncId.of(name + "-read")).source(provider).target(app)
                .policy(SyncPolicy.builder().build()).stateStore(new InMemorySyncStateStore()).build().run(RunOptions.defaults());
        shown.add(read);
        shown.add(read.message());
        if (writable) {
            InMemoryUserDirectory hr = InMemoryUserDirectory.create(name + "-hr");
            // other people than the provider holds, so the run really creates (and logs POSTs)
            new RosterGenerator(99).profiles(5).forEach(p -> hr.add(p.toBuilder().roles(List.of()).groups(List.of()).build()));
            SyncReport write = SyncRunner.builder().syncId(SyncId.of(name + "-write")).source(hr).target(provider)
                    .policy(SyncPolicy.builder().onUnmatched(UnmatchedAction.CREATE_ACTIVE).build())
                    .stateStore(new InMemorySyncStateStore()).build().run(RunOptions.defaults());
            shown.add(write);
            shown.add(write.message());
        }
        shown.add(provider);
    }

    private void failing(Runnable call) {
        RosterSyncException e = catchThrowableOfType(RosterSyncException.class, call::run);
        assertThat(e).as("a rejected credential is a typed error").isNotNull();
        shown.add(e);
    }

    private void zendesk() throws IOException {
        try (ZendeskEmulator emulator = ZendeskEmulator.builder().apiToken("sec@abc-energy.example", ZENDESK_TOKEN)
                .oauthClient("rostersync", ZENDESK_OAUTH_SECRET).start()) {
            emulator.seed(new RosterGenerator(31), 15);
            ZendeskDirectory token = ZendeskDirectory.builder().subdomain("abc-energy")
                    .apiToken("sec@abc-energy.example", Secret.of(ZENDESK_TOKEN)).baseUriForTesting(emulator.baseUri())
                    .withoutClientRateLimits().build();
            syncBothWays("zendesk", token, true);
            ZendeskDirectory oauth = ZendeskDirectory.builder().subdomain("abc-energy")
                    .oauthClientCredentials("rostersync", Secret.of(ZENDESK_OAUTH_SECRET), "users:read users:write")
                    .baseUriForTesting(emulator.baseUri()).withoutClientRateLimits().build();
            syncBothWays("zendesk-oauth", oauth, false);
            ZendeskDirectory wrong = ZendeskDirectory.builder().subdomain("abc-energy")
                    .apiToken("sec@abc-energy.example", Secret.of(ZENDESK_WRONG_TOKEN)).baseUriForTesting(emulator.baseUri()).withoutClientRateLimits().http(HttpSettings.builder().retryPolicy(RetryPolicy.none()).build()).build();
            failing(() -> wrong.readAll().next());
            shown.add(wrong);
            shown.add(emulator.requests()); // what a test sees of the requests: the API token and client secret masked
        }
    }

    private void talkdesk() {
        try (TalkdeskEmulator emulator = TalkdeskEmulator.builder().client("rostersync", TALKDESK_SECRET)
                .scimRequestsPerSecond(1000).start()) {
            people(10).forEach(emulator::add);
            TalkdeskUserDirectory talkdesk = talkdesk(emulator, TALKDESK_SECRET);
            syncBothWays("talkdesk", talkdesk, true);
            emulator.faults().next(Route.any(), Fault.tokenExpired()); // the next call is refused once and retried with a fresh token
            syncBothWays("talkdesk-after-expiry", talkdesk, false);
            TalkdeskSeatPool seats = TalkdeskSeatPool.builder(talkdesk, 100).build();
            shown.add(seats.snapshot());
            shown.add(seats);
            TalkdeskUserDirectory wrong = talkdesk(emulator, TALKDESK_WRONG_SECRET);
            failing(() -> wrong.readAll().next());
            shown.add(wrong);
        }
    }

    private static TalkdeskUserDirectory talkdesk(TalkdeskEmulator emulator, String secret) {
        return TalkdeskUserDirectory.builder("acme", TalkdeskRegion.US)
                .clientCredentials("rostersync", Secret.of(secret))
                .endpoints(emulator.apiBaseUri(), emulator.tokenUri()).scimRequestsPerSecond(1000)
                .http(HttpSettings.builder().allowInsecureLoopback().retryPolicy(RetryPolicy.none()).build()).build();
    }

    private void scim() {
        try (ScimEmulator emulator = ScimEmulator.builder().bearerToken(SCIM_TOKEN).start()) {
            URI base = emulator.baseUri();
            people(10).forEach(emulator::add);
            syncBothWays("scim", scim(base, SCIM_TOKEN), true);
            ScimUserDirectory wrong = scim(base, SCIM_WRONG_TOKEN);
            failing(() -> wrong.readAll().next());
            shown.add(wrong);
        }
    }

    private ScimUserDirectory scim(URI base, String token) {
        HttpAuth auth = HttpAuth.bearer(Secret.of(token));
        HttpSettings http = HttpSettings.builder().allowInsecureLoopback().retryPolicy(RetryPolicy.none()).build();
        shown.add(auth);
        shown.add(http);
        ScimUserDirectory directory = ScimUserDirectory.builder("scim:security", base).auth(auth).http(http).build();
        shown.add(directory);
        return directory;
    }

    private void salesforce() throws NoSuchAlgorithmException {
        try (SalesforceEmulator org = SalesforceEmulator.start()) {
            secrets.add(org.clientSecret());
            people(10).forEach(p -> org.addUser(p.toBuilder().roles(List.of()).groups(List.of()).build()));
            org.addPermissionSetLicense("Talkdesk_for_Salesforce", "Talkdesk for Salesforce", 5, java.util.Optional.empty());
            SalesforceConnection connection = SalesforceConnection.builder(org.baseUri())
                    .clientCredentials(org.clientId(), Secret.of(org.clientSecret())).trustHost("127.0.0.1")
                    .http(HttpSettings.builder().allowInsecureLoopback().build()).build();
            syncBothWays("salesforce", SalesforceUserDirectory.builder(connection).name("salesforce:security").build(), false);
            SalesforceLicensePool pool = SalesforceLicensePool.builder(connection, "Talkdesk_for_Salesforce").build();
            shown.add(pool.snapshot());
            shown.add(pool);
            shown.add(connection);

            KeyPair keys = KeyPairGenerator.getInstance("RSA").generateKeyPair();
            secrets.add(Base64.getEncoder().encodeToString(keys.getPrivate().getEncoded()).substring(0, 64));
            org.registerJwtClient("jwt-app", keys.getPublic(), "integration@acme.example");
            SalesforceConnection jwt = SalesforceConnection.builder(org.baseUri())
                    .jwtBearer("jwt-app", "integration@acme.example", keys.getPrivate()).trustHost("127.0.0.1")
                    .http(HttpSettings.builder().allowInsecureLoopback().build()).build();
            syncBothWays("salesforce-jwt", SalesforceUserDirectory.builder(jwt).build(), false);
            shown.add(jwt);

            SalesforceConnection wrong = SalesforceConnection.builder(org.baseUri())
                    .clientCredentials(org.clientId(), Secret.of(SALESFORCE_WRONG_SECRET)).trustHost("127.0.0.1")
                    .http(HttpSettings.builder().allowInsecureLoopback().retryPolicy(RetryPolicy.none()).build()).build();
            failing(() -> SalesforceUserDirectory.builder(wrong).build().readAll().next());
            shown.add(wrong);

            OAuth2TokenEndpoint endpoint = OAuth2TokenEndpoint.builder(org.tokenUri())
                    .settings(HttpSettings.builder().allowInsecureLoopback().build()).build();
            TokenClient direct = TokenClient.clientCredentials(endpoint, org.clientId(), Secret.of(org.clientSecret())).build();
            shown.add(endpoint);
            io.rostersync.http.AccessToken token = direct.token();
            secrets.add(token.value().reveal());
            shown.add(direct);
            shown.add(token);
            shown.add(direct.header().orElseThrow());
            shown.add(org.requests()); // what the emulator recorded: bearer tokens, client secret and assertion masked
        }
    }
}
