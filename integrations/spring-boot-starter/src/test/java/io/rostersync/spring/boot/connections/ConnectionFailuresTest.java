package io.rostersync.spring.boot.connections;

import static org.assertj.core.api.Assertions.assertThat;

import io.rostersync.emulators.salesforce.SalesforceEmulator;
import io.rostersync.salesforce.SalesforceUserDirectory;
import io.rostersync.spi.UserDirectory;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/**
 * Every missing or invalid setting stops the application with a {@link ConnectionConfigurationException} that names
 * the property and says what to set, and never quotes a credential.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ConnectionFailuresTest {

    /** Every credential in these tests; no failure may show it. */
    static final String SECRET = "s3cr3t-VALUE-never-shown";

    private static final ApplicationContextRunner RUNNER = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(RosterSyncConnectionsAutoConfiguration.class));

    static ConnectionConfigurationException failure(ApplicationContextRunner runner, String... properties) {
        AtomicReference<Throwable> failure = new AtomicReference<>();
        runner.withPropertyValues(properties).run(context -> {
            assertThat(context).hasFailed();
            failure.set(context.getStartupFailure());
        });
        Throwable t = failure.get();
        StringWriter trace = new StringWriter();
        t.printStackTrace(new PrintWriter(trace));
        assertThat(trace.toString()).doesNotContain(SECRET);
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof ConnectionConfigurationException e) {
                return e;
            }
        }
        throw new AssertionError("no ConnectionConfigurationException in " + trace);
    }

    static ConnectionConfigurationException failure(String... properties) {
        return failure(RUNNER, properties);
    }

    static String[] with(String[] base, String... more) {
        List<String> all = new ArrayList<>(List.of(base));
        all.addAll(List.of(more));
        return all.toArray(String[]::new);
    }

    @Nested
    class Zendesk {
        static final String P = "rostersync.connections.support.zendesk.";
        final String[] valid = {P + "subdomain=acme", P + "email=sync@acme.example", P + "api-token=" + SECRET};

        @Test
        void theValidSettingsStart() {
            RUNNER.withPropertyValues(valid).run(context -> assertThat(context).hasNotFailed());
        }

        @Test
        void aMissingSubdomainIsNamed() {
            ConnectionConfigurationException e = failure(P + "email=sync@acme.example", P + "api-token=" + SECRET);
            assertThat(e.property()).isEqualTo(P + "subdomain");
            assertThat(e).hasMessageContaining(P + "subdomain is not set: set it to the account's subdomain");
        }

        @Test
        void aUrlInsteadOfASubdomainIsRefused() {
            ConnectionConfigurationException e = failure(with(valid, P + "subdomain=https://acme.zendesk.com"));
            assertThat(e.property()).isEqualTo(P + "subdomain");
            assertThat(e).hasMessageContaining(P + "subdomain is not valid");
        }

        @Test
        void noCredentialsNamesTheKindsToSet() {
            ConnectionConfigurationException e = failure(P + "subdomain=acme");
            assertThat(e.property()).isEqualTo("rostersync.connections.support.zendesk");
            assertThat(e).hasMessageContaining("has no credentials: set email and api-token (api-token=${ZENDESK_API_TOKEN})");
        }

        @Test
        void anEmailWithoutItsTokenAsksForTheToken() {
            ConnectionConfigurationException e = failure(P + "subdomain=acme", P + "email=sync@acme.example");
            assertThat(e.property()).isEqualTo(P + "api-token");
            assertThat(e).hasMessageContaining("api-token is not set: set it from the environment, such as api-token=${ZENDESK_API_TOKEN}");
        }

        @Test
        void aTokenWithoutItsEmailAsksForTheEmail() {
            ConnectionConfigurationException e = failure(P + "subdomain=acme", P + "api-token=" + SECRET);
            assertThat(e.property()).isEqualTo(P + "email");
        }

        @Test
        void twoKindsOfCredentialsAreRefused() {
            ConnectionConfigurationException e = failure(with(valid, P + "oauth-access-token=" + SECRET));
            assertThat(e).hasMessageContaining("more than one kind of credentials");
        }

        @Test
        void anUnsetEnvironmentVariableIsNamedNotSentAsTheToken() {
            ConnectionConfigurationException e = failure(P + "subdomain=acme", P + "email=sync@acme.example",
                    P + "api-token=${ROSTERSYNC_TEST_UNSET_ZENDESK_TOKEN}");
            assertThat(e.property()).isEqualTo(P + "api-token");
            assertThat(e).hasMessageContaining("refers to ${ROSTERSYNC_TEST_UNSET_ZENDESK_TOKEN}, which is not set: "
                    + "set the environment variable ROSTERSYNC_TEST_UNSET_ZENDESK_TOKEN");
        }

        @Test
        void aPlaceholderWithADefaultIsUsed() {
            RUNNER.withPropertyValues(P + "subdomain=acme", P + "email=sync@acme.example",
                    P + "api-token=${ROSTERSYNC_TEST_UNSET_ZENDESK_TOKEN:" + SECRET + "}")
                    .run(context -> assertThat(context).hasNotFailed().hasBean("support"));
        }

        @Test
        void anOutOfRangePageSizeIsNamed() {
            ConnectionConfigurationException e = failure(with(valid, P + "page-size=500"));
            assertThat(e.property()).isEqualTo(P + "page-size");
            assertThat(e).hasMessageContaining("page size must be 1 to 100");
        }

        @Test
        void anUnknownRoleIsNamed() {
            ConnectionConfigurationException e = failure(with(valid, P + "only-roles=agent,light-agent"));
            assertThat(e.property()).isEqualTo(P + "only-roles");
            assertThat(e).hasMessageContaining("must list end-user, agent or admin, was 'light-agent'");
        }

        @Test
        void aTestUrlThatIsNotLoopbackIsRefused() {
            ConnectionConfigurationException e = failure(with(valid, P + "base-url-for-testing=https://zendesk.example.com"));
            assertThat(e.property()).isEqualTo(P + "base-url-for-testing");
        }

        @Test
        void anIncrementalLimitBesideNoLimitsIsRefused() {
            ConnectionConfigurationException e = failure(with(valid, P + "requests-per-minute=0",
                    P + "incremental-requests-per-minute=5"));
            assertThat(e.property()).isEqualTo(P + "incremental-requests-per-minute");
        }

        @Test
        void aNegativeRetryJitterIsNamed() {
            ConnectionConfigurationException e = failure(with(valid, P + "http.retry.jitter=1.5"));
            assertThat(e.property()).isEqualTo(P + "http.retry.jitter");
        }

        @Test
        void aMisspelledSettingIsNamedInsteadOfIgnored() {
            ConnectionConfigurationException e = failure(P + "subdomain=acme", P + "email=sync@acme.example",
                    P + "api-tokn=" + SECRET);
            assertThat(e.property()).isEqualTo(P + "api-tokn");
            assertThat(e).hasMessageContaining("is not a setting of a rostersync connection");
        }

        @Test
        void aValueOfTheWrongTypeIsNamedWithoutQuotingIt() {
            ConnectionConfigurationException e = failure(with(valid, P + "page-size=many"));
            assertThat(e.property()).isEqualTo(P + "page-size");
            assertThat(e).hasMessageContaining("cannot be read as").hasMessageNotContaining("many");
        }

        @Test
        void withoutTheProviderTheArtifactToAddIsNamed() {
            ConnectionConfigurationException e = failure(RUNNER.withClassLoader(new FilteredClassLoader("io.rostersync.zendesk")),
                    valid);
            assertThat(e.property()).isEqualTo("rostersync.connections.support.zendesk");
            assertThat(e).hasMessageContaining("needs the Zendesk provider, which is not on the classpath: add the dependency "
                    + "io.rostersync:rostersync-zendesk");
        }

        @Test
        void withoutTheHttpModuleTheProviderIsNamedToo() {
            ConnectionConfigurationException e = failure(RUNNER.withClassLoader(new FilteredClassLoader("io.rostersync.http")),
                    valid);
            assertThat(e).hasMessageContaining("io.rostersync:rostersync-zendesk");
        }
    }

    @Nested
    class Connections {

        @Test
        void twoVendorsInOneConnectionAreRefused() {
            ConnectionConfigurationException e = failure("rostersync.connections.x.zendesk.subdomain=acme",
                    "rostersync.connections.x.scim.base-url=https://idp.example.com/scim/v2/");
            assertThat(e.property()).isEqualTo("rostersync.connections.x");
            assertThat(e).hasMessageContaining("names more than one vendor (zendesk, scim)");
        }

        @Test
        void anUnknownVendorIsNamed() {
            ConnectionConfigurationException e = failure("rostersync.connections.x.zendeks.subdomain=acme");
            assertThat(e.property()).isEqualTo("rostersync.connections.x.zendeks.subdomain");
        }

        @Test
        void oneBadConnectionStopsTheStartEvenBesideAGoodOne() {
            ConnectionConfigurationException e = failure(
                    "rostersync.connections.good.zendesk.subdomain=acme",
                    "rostersync.connections.good.zendesk.oauth-access-token=" + SECRET,
                    "rostersync.connections.bad.talkdesk.account=acme");
            assertThat(e.property()).startsWith("rostersync.connections.bad.talkdesk.");
        }
    }

    @Nested
    class Talkdesk {
        static final String P = "rostersync.connections.cc.talkdesk.";
        final String[] valid = {P + "account=acme", P + "region=eu", P + "client-id=rostersync", P + "client-secret=" + SECRET};

        @Test
        void theValidSettingsStart() {
            RUNNER.withPropertyValues(valid).run(context -> assertThat(context).hasNotFailed().hasBean("cc"));
        }

        @Test
        void aMissingRegionIsNamed() {
            ConnectionConfigurationException e = failure(P + "account=acme", P + "client-id=rostersync", P + "client-secret=" + SECRET);
            assertThat(e.property()).isEqualTo(P + "region");
            assertThat(e).hasMessageContaining("set it to us, eu or ca");
        }

        @Test
        void anUnknownRegionListsTheChoices() {
            ConnectionConfigurationException e = failure(with(valid, P + "region=mars"));
            assertThat(e.property()).isEqualTo(P + "region");
            assertThat(e).hasMessageContaining("must be one of ca, eu, us, was 'mars'");
        }

        @Test
        void aMissingClientSecretIsNamed() {
            ConnectionConfigurationException e = failure(P + "account=acme", P + "region=eu", P + "client-id=rostersync");
            assertThat(e.property()).isEqualTo(P + "client-secret");
            assertThat(e).hasMessageContaining("client-secret=${TALKDESK_CLIENT_SECRET}");
        }

        @Test
        void anApiUrlWithoutTheTokenUrlIsRefused() {
            ConnectionConfigurationException e = failure(with(valid, P + "api-base-url=https://proxy.example.com/"));
            assertThat(e.property()).isEqualTo(P + "token-url");
        }

        @Test
        void anOutOfRangePageSizeIsNamed() {
            ConnectionConfigurationException e = failure(with(valid, P + "rest-page-size=0"));
            assertThat(e.property()).isEqualTo(P + "rest-page-size");
        }

        @Test
        void plainHttpWithoutLoopbackPermissionIsRefusedAtStart() {
            ConnectionConfigurationException e = failure(with(valid, P + "api-base-url=http://127.0.0.1:9/",
                    P + "token-url=http://127.0.0.1:9/oauth/token"));
            assertThat(e.property()).isEqualTo(P + "api-base-url");
        }

        @Test
        void withoutTheProviderTheArtifactToAddIsNamed() {
            ConnectionConfigurationException e = failure(RUNNER.withClassLoader(new FilteredClassLoader("io.rostersync.talkdesk")),
                    valid);
            assertThat(e).hasMessageContaining("add the dependency io.rostersync:rostersync-talkdesk");
        }
    }

    @Nested
    class Salesforce {
        static final String P = "rostersync.connections.org.salesforce.";
        final String[] valid = {P + "my-domain-url=https://acme.my.salesforce.com", P + "client-id=consumer-key",
            P + "client-secret=" + SECRET};

        @Test
        void theValidSettingsStart() {
            RUNNER.withPropertyValues(valid).run(context -> assertThat(context).hasNotFailed().hasBean("org"));
        }

        @Test
        void aMissingMyDomainIsNamed() {
            ConnectionConfigurationException e = failure(P + "client-id=consumer-key", P + "client-secret=" + SECRET);
            assertThat(e.property()).isEqualTo(P + "my-domain-url");
        }

        @Test
        void aHostThatIsNotSalesforceIsRefusedAtStart() {
            ConnectionConfigurationException e = failure(with(valid, P + "my-domain-url=https://acme.example.com"));
            assertThat(e.property()).isEqualTo(P + "my-domain-url");
        }

        @Test
        void noCredentialsNamesBothFlows() {
            ConnectionConfigurationException e = failure(P + "my-domain-url=https://acme.my.salesforce.com", P + "client-id=k");
            assertThat(e.property()).isEqualTo("rostersync.connections.org.salesforce");
            assertThat(e).hasMessageContaining("client-secret").hasMessageContaining("private-key");
        }

        @Test
        void credentialsOfBothFlowsAreRefused() {
            ConnectionConfigurationException e = failure(with(valid, P + "username=sync@acme.example"));
            assertThat(e).hasMessageContaining("credentials of both flows");
        }

        @Test
        void aKeyThatIsNotPemIsRefusedWithoutQuotingIt() {
            ConnectionConfigurationException e = failure(P + "my-domain-url=https://acme.my.salesforce.com", P + "client-id=k",
                    P + "username=sync@acme.example", P + "private-key=" + SECRET);
            assertThat(e.property()).isEqualTo(P + "private-key");
            assertThat(e).hasMessageContaining("is not a PEM RSA private key in PKCS#8");
        }

        @Test
        void aPkcs1KeySaysHowToConvertIt() {
            ConnectionConfigurationException e = failure(P + "my-domain-url=https://acme.my.salesforce.com", P + "client-id=k",
                    P + "username=sync@acme.example",
                    P + "private-key=-----BEGIN RSA PRIVATE KEY-----" + SECRET + "-----END RSA PRIVATE KEY-----");
            assertThat(e).hasMessageContaining("openssl pkcs8 -topk8");
        }

        @Test
        void anUnreadableKeyLocationIsNamed(@TempDir Path dir) {
            ConnectionConfigurationException e = failure(P + "my-domain-url=https://acme.my.salesforce.com", P + "client-id=k",
                    P + "username=sync@acme.example", P + "private-key-location=file:" + dir.resolve("missing.pem"));
            assertThat(e.property()).isEqualTo(P + "private-key-location");
        }

        @Test
        void aBadApiVersionIsNamed() {
            ConnectionConfigurationException e = failure(with(valid, P + "api-version=v62"));
            assertThat(e.property()).isEqualTo(P + "api-version");
            assertThat(e).hasMessageContaining("must look like 62.0");
        }

        @Test
        void newUserDefaultsNeedTheProfile() {
            ConnectionConfigurationException e = failure(with(valid, P + "new-user.time-zone=Europe/Berlin"));
            assertThat(e.property()).isEqualTo(P + "new-user.profile-id");
        }

        @Test
        void theJwtFlowReadsItsKeyFromALocationAndReadsTheOrg(@TempDir Path dir) throws Exception {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            KeyPair pair = generator.generateKeyPair();
            Path pem = dir.resolve("salesforce.pem");
            Files.writeString(pem, "-----BEGIN PRIVATE KEY-----\n"
                    + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(pair.getPrivate().getEncoded())
                    + "\n-----END PRIVATE KEY-----\n");
            try (SalesforceEmulator org = SalesforceEmulator.start()) {
                org.registerJwtClient("jwt-app", pair.getPublic(), "sync@acme.example");
                org.addUser(io.rostersync.model.UserProfile.builder().email("ann@acme.example").lastName("Lee").build());
                RUNNER.withPropertyValues(P + "my-domain-url=" + org.myDomainUrl(), P + "client-id=jwt-app",
                                P + "username=sync@acme.example", P + "private-key-location=file:" + pem,
                                P + "trusted-hosts=127.0.0.1", P + "http.allow-insecure-loopback=true")
                        .run(context -> {
                            assertThat(context).hasNotFailed();
                            UserDirectory directory = context.getBean("org", UserDirectory.class);
                            assertThat(directory).isInstanceOf(SalesforceUserDirectory.class);
                            assertThat(ConnectionsFromPropertiesTest.readAll(directory))
                                    .extracting(ConnectionsFromPropertiesTest::email).contains("ann@acme.example");
                        });
            }
        }

        @Test
        void withoutTheProviderTheArtifactToAddIsNamed() {
            ConnectionConfigurationException e = failure(RUNNER.withClassLoader(new FilteredClassLoader("io.rostersync.salesforce")),
                    valid);
            assertThat(e).hasMessageContaining("add the dependency io.rostersync:rostersync-salesforce");
        }
    }

    @Nested
    class Scim {
        static final String P = "rostersync.connections.idp.scim.";
        final String[] valid = {P + "base-url=https://idp.example.com/scim/v2/", P + "bearer-token=" + SECRET};

        @Test
        void theValidSettingsStart() {
            RUNNER.withPropertyValues(valid).run(context -> assertThat(context).hasNotFailed().hasBean("idp"));
        }

        @Test
        void aMissingBaseUrlIsNamed() {
            ConnectionConfigurationException e = failure(P + "bearer-token=" + SECRET);
            assertThat(e.property()).isEqualTo(P + "base-url");
        }

        @Test
        void aRelativeBaseUrlIsRefused() {
            ConnectionConfigurationException e = failure(P + "base-url=/scim/v2", P + "bearer-token=" + SECRET);
            assertThat(e.property()).isEqualTo(P + "base-url");
            assertThat(e).hasMessageContaining("must be an absolute URL");
        }

        @Test
        void plainHttpIsRefusedAtStart() {
            ConnectionConfigurationException e = failure(P + "base-url=http://idp.example.com/scim/v2/", P + "bearer-token=" + SECRET);
            assertThat(e.property()).isEqualTo(P + "base-url");
        }

        @Test
        void noCredentialsNamesTheKindsToSet() {
            ConnectionConfigurationException e = failure(P + "base-url=https://idp.example.com/scim/v2/");
            assertThat(e.property()).isEqualTo("rostersync.connections.idp.scim");
            assertThat(e).hasMessageContaining("bearer-token").hasMessageContaining("username and password");
        }

        @Test
        void aUsernameWithoutPasswordAsksForThePassword() {
            ConnectionConfigurationException e = failure(P + "base-url=https://idp.example.com/scim/v2/", P + "username=sync");
            assertThat(e.property()).isEqualTo(P + "password");
        }

        @Test
        void aClientWithoutTokenUrlAsksForIt() {
            ConnectionConfigurationException e = failure(P + "base-url=https://idp.example.com/scim/v2/", P + "client-id=c",
                    P + "client-secret=" + SECRET);
            assertThat(e.property()).isEqualTo(P + "token-url");
        }

        @Test
        void anUnknownPatchSupportListsTheChoices() {
            ConnectionConfigurationException e = failure(with(valid, P + "patch-support=sometimes"));
            assertThat(e).hasMessageContaining("must be one of auto, patch, put-only, was 'sometimes'");
        }

        @Test
        void aControlCharacterInTheTokenIsNamedWithoutQuotingIt() {
            ConnectionConfigurationException e = failure(P + "base-url=https://idp.example.com/scim/v2/",
                    P + "bearer-token=" + SECRET + "\nX-Injected: yes");
            assertThat(e.property()).isEqualTo(P + "bearer-token");
            assertThat(e).hasMessageContaining("control character");
        }

        @Test
        void withoutTheProviderTheArtifactToAddIsNamed() {
            ConnectionConfigurationException e = failure(RUNNER.withClassLoader(new FilteredClassLoader("io.rostersync.scim")),
                    valid);
            assertThat(e).hasMessageContaining("add the dependency io.rostersync:rostersync-scim");
        }
    }
}
