package io.rostersync.spring.boot.connections;

import static org.assertj.core.api.Assertions.assertThat;

import io.rostersync.emulators.salesforce.SalesforceEmulator;
import io.rostersync.emulators.scim.ScimEmulator;
import io.rostersync.emulators.talkdesk.TalkdeskEmulator;
import io.rostersync.emulators.zendesk.ZendeskEmulator;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.rostersync.micrometer.RosterSyncMetrics;
import io.rostersync.model.EmailAddress;
import io.rostersync.model.UserProfile;
import io.rostersync.model.UserRecord;
import io.rostersync.salesforce.SalesforceUserDirectory;
import io.rostersync.scim.ScimUserDirectory;
import io.rostersync.spi.Capability;
import io.rostersync.spi.UserDirectory;
import io.rostersync.spi.UserPage;
import io.rostersync.spi.UserPages;
import io.rostersync.talkdesk.TalkdeskUserDirectory;
import io.rostersync.testkit.InMemoryUserDirectory;
import io.rostersync.zendesk.ZendeskDirectory;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Each vendor's connection, declared in properties only, becomes a bean of its name that reads the users of that
 * vendor's emulator over loopback; the application's own bean of the same name wins.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ConnectionsFromPropertiesTest {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(RosterSyncConnectionsAutoConfiguration.class));

    @Test
    void zendeskConnectionReadsTheEmulatorsUsers() {
        try (ZendeskEmulator zendesk = ZendeskEmulator.start()) {
            zendesk.addUser("Ann Lee", "ann@acme.example", "agent");
            zendesk.addUser("Bob Roe", "bob@acme.example", "admin");
            runner.withPropertyValues(
                    "ZENDESK_API_TOKEN=" + ZendeskEmulator.DEFAULT_API_TOKEN,
                    "rostersync.connections.support.zendesk.subdomain=emulator",
                    "rostersync.connections.support.zendesk.email=" + ZendeskEmulator.DEFAULT_EMAIL,
                    "rostersync.connections.support.zendesk.api-token=${ZENDESK_API_TOKEN}",
                    "rostersync.connections.support.zendesk.read-only=true",
                    "rostersync.connections.support.zendesk.requests-per-minute=0",
                    "rostersync.connections.support.zendesk.base-url-for-testing=" + zendesk.baseUri(),
                    "rostersync.connections.support.zendesk.http.retry.max-attempts=2")
                    .run(context -> {
                        assertThat(context).hasNotFailed().hasSingleBean(UserDirectory.class);
                        UserDirectory support = context.getBean("support", UserDirectory.class);
                        assertThat(support).isInstanceOf(ZendeskDirectory.class);
                        assertThat(context.getBean(ZendeskDirectory.class)).isSameAs(support);
                        assertThat(support.name()).isEqualTo("zendesk:emulator");
                        assertThat(support.capabilities()).containsOnly(Capability.READ, Capability.INCREMENTAL_READ, Capability.LOOKUP);
                        assertThat(readAll(support)).extracting(ConnectionsFromPropertiesTest::email)
                                .containsExactlyInAnyOrder("ann@acme.example", "bob@acme.example");
                    });
        }
    }

    @Test
    void talkdeskConnectionReadsTheEmulatorsUsers() {
        try (TalkdeskEmulator talkdesk = TalkdeskEmulator.start()) {
            talkdesk.add(UserProfile.builder().email("ann@acme.example").firstName("Ann").lastName("Lee").role("Agent").build());
            runner.withPropertyValues(
                    "TALKDESK_CLIENT_SECRET=" + talkdesk.clientSecret(),
                    "rostersync.connections.contact-centre.talkdesk.account=acme",
                    "rostersync.connections.contact-centre.talkdesk.region=eu",
                    "rostersync.connections.contact-centre.talkdesk.client-id=" + talkdesk.clientId(),
                    "rostersync.connections.contact-centre.talkdesk.client-secret=${TALKDESK_CLIENT_SECRET}",
                    "rostersync.connections.contact-centre.talkdesk.api-base-url=" + talkdesk.apiBaseUri(),
                    "rostersync.connections.contact-centre.talkdesk.token-url=" + talkdesk.tokenUri(),
                    "rostersync.connections.contact-centre.talkdesk.scim-requests-per-second=50",
                    "rostersync.connections.contact-centre.talkdesk.http.allow-insecure-loopback=true",
                    "rostersync.connections.contact-centre.talkdesk.http.request-timeout=10s")
                    .run(context -> {
                        assertThat(context).hasNotFailed();
                        UserDirectory directory = context.getBean("contact-centre", UserDirectory.class);
                        assertThat(directory).isInstanceOf(TalkdeskUserDirectory.class);
                        assertThat(directory.name()).isEqualTo("talkdesk:acme");
                        List<UserRecord> users = readAll(directory);
                        assertThat(users).extracting(ConnectionsFromPropertiesTest::email).containsExactly("ann@acme.example");
                        assertThat(users.get(0).roles()).contains("Agent");
                    });
        }
    }

    @Test
    void salesforceConnectionReadsTheEmulatorsUsers() {
        try (SalesforceEmulator salesforce = SalesforceEmulator.start()) {
            salesforce.addUser(UserProfile.builder().email("ann@acme.example").firstName("Ann").lastName("Lee").build());
            runner.withPropertyValues(
                    "SALESFORCE_CLIENT_SECRET=" + salesforce.clientSecret(),
                    "rostersync.connections.org.salesforce.my-domain-url=" + salesforce.myDomainUrl(),
                    "rostersync.connections.org.salesforce.client-id=" + salesforce.clientId(),
                    "rostersync.connections.org.salesforce.client-secret=${SALESFORCE_CLIENT_SECRET}",
                    "rostersync.connections.org.salesforce.trusted-hosts=127.0.0.1",
                    "rostersync.connections.org.salesforce.name=salesforce:acme",
                    "rostersync.connections.org.salesforce.new-user.profile-id=" + salesforce.defaultProfileId(),
                    "rostersync.connections.org.salesforce.new-user.time-zone=Europe/Berlin",
                    "rostersync.connections.org.salesforce.http.allow-insecure-loopback=true")
                    .run(context -> {
                        assertThat(context).hasNotFailed();
                        UserDirectory directory = context.getBean("org", UserDirectory.class);
                        assertThat(directory).isInstanceOf(SalesforceUserDirectory.class);
                        assertThat(directory.name()).isEqualTo("salesforce:acme");
                        assertThat(readAll(directory)).extracting(ConnectionsFromPropertiesTest::email).contains("ann@acme.example");
                    });
        }
    }

    @Test
    void scimConnectionReadsTheEmulatorsUsers() {
        try (ScimEmulator scim = ScimEmulator.builder().bearerToken("scim-bearer-token-42").start()) {
            scim.add(UserProfile.builder().email("ann@acme.example").firstName("Ann").lastName("Lee").build());
            scim.add(UserProfile.builder().email("bob@acme.example").firstName("Bob").lastName("Roe").build());
            runner.withPropertyValues(
                    "SCIM_TOKEN=scim-bearer-token-42",
                    "rostersync.connections.idp.scim.base-url=" + scim.baseUri(),
                    "rostersync.connections.idp.scim.bearer-token=${SCIM_TOKEN}",
                    "rostersync.connections.idp.scim.page-size=1",
                    "rostersync.connections.idp.scim.patch-support=put-only",
                    "rostersync.connections.idp.scim.allow-delete=false",
                    "rostersync.connections.idp.scim.http.allow-insecure-loopback=true")
                    .run(context -> {
                        assertThat(context).hasNotFailed();
                        UserDirectory directory = context.getBean("idp", UserDirectory.class);
                        assertThat(directory).isInstanceOf(ScimUserDirectory.class);
                        assertThat(directory.name()).isEqualTo("idp");
                        assertThat(directory.capabilities()).doesNotContain(Capability.DELETE);
                        assertThat(readAll(directory)).extracting(ConnectionsFromPropertiesTest::email)
                                .containsExactlyInAnyOrder("ann@acme.example", "bob@acme.example");
                    });
        }
    }

    @Test
    void theVendorRequestsOfAConnectionAreMeteredWhenTheApplicationHasRosterSyncMetrics() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        try (ZendeskEmulator zendesk = ZendeskEmulator.start()) {
            zendesk.addUser("Ann Lee", "ann@acme.example", "agent");
            runner.withBean(RosterSyncMetrics.class, () -> RosterSyncMetrics.of(registry))
                    .withPropertyValues(
                            "rostersync.connections.support.zendesk.subdomain=emulator",
                            "rostersync.connections.support.zendesk.email=" + ZendeskEmulator.DEFAULT_EMAIL,
                            "rostersync.connections.support.zendesk.api-token=" + ZendeskEmulator.DEFAULT_API_TOKEN,
                            "rostersync.connections.support.zendesk.base-url-for-testing=" + zendesk.baseUri())
                    .run(context -> {
                        assertThat(readAll(context.getBean("support", UserDirectory.class))).hasSize(1);
                        assertThat(registry.find(RosterSyncMetrics.VENDOR_REQUESTS).tag("vendor", "zendesk").counters())
                                .isNotEmpty().allSatisfy(c -> assertThat(c.count()).isPositive());
                    });
        }
    }

    @Test
    void withoutRosterSyncMetricsNothingIsMetered() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        try (ZendeskEmulator zendesk = ZendeskEmulator.start()) {
            runner.withBean(SimpleMeterRegistry.class, () -> registry)
                    .withPropertyValues(
                            "rostersync.connections.support.zendesk.subdomain=emulator",
                            "rostersync.connections.support.zendesk.email=" + ZendeskEmulator.DEFAULT_EMAIL,
                            "rostersync.connections.support.zendesk.api-token=" + ZendeskEmulator.DEFAULT_API_TOKEN,
                            "rostersync.connections.support.zendesk.base-url-for-testing=" + zendesk.baseUri())
                    .run(context -> {
                        assertThat(readAll(context.getBean("support", UserDirectory.class))).isEmpty();
                        assertThat(registry.getMeters()).isEmpty();
                    });
        }
    }

    @Test
    void severalConnectionsBecomeSeveralBeans() {
        runner.withPropertyValues(
                "rostersync.connections.support.zendesk.subdomain=acme",
                "rostersync.connections.support.zendesk.oauth-access-token=zendesk-access-token",
                "rostersync.connections.idp.scim.base-url=https://idp.example.com/scim/v2/",
                "rostersync.connections.idp.scim.username=sync",
                "rostersync.connections.idp.scim.password=scim-password")
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    assertThat(context.getBeansOfType(UserDirectory.class)).containsOnlyKeys("support", "idp");
                    assertThat(context.getBean("support")).isInstanceOf(ZendeskDirectory.class);
                    assertThat(context.getBean("idp")).isInstanceOf(ScimUserDirectory.class);
                });
    }

    @Test
    void theBeanNameIsTheConnectionsNameAsWritten() {
        runner.withPropertyValues(
                "rostersync.connections.zendeskSupport.zendesk.subdomain=acme",
                "rostersync.connections.zendeskSupport.zendesk.oauth-access-token=zendesk-access-token",
                "rostersync.connections[eu.idp].scim.base-url=https://idp.example.com/scim/v2/",
                "rostersync.connections[eu.idp].scim.bearer-token=scim-token")
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    assertThat(context.getBeansOfType(UserDirectory.class)).containsOnlyKeys("zendeskSupport", "eu.idp");
                });
    }

    @Test
    void theApplicationsBeanOfTheSameNameWins() {
        InMemoryUserDirectory own = InMemoryUserDirectory.create("host-support");
        // The properties alone would not even start: the host's bean replaces the connection, unchecked.
        runner.withBean("support", UserDirectory.class, () -> own)
                .withPropertyValues("rostersync.connections.support.zendesk.subdomain=acme")
                .run(context -> {
                    assertThat(context).hasNotFailed().hasSingleBean(UserDirectory.class);
                    assertThat(context.getBean("support")).isSameAs(own);
                });
    }

    @Test
    void anApplicationConfigurationsBeanMethodOfTheSameNameWins() {
        runner.withUserConfiguration(HostDirectories.class)
                .withPropertyValues(
                        "rostersync.connections.support.zendesk.subdomain=acme",
                        "rostersync.connections.support.zendesk.oauth-access-token=zendesk-access-token",
                        "rostersync.connections.other.zendesk.subdomain=globex",
                        "rostersync.connections.other.zendesk.oauth-access-token=zendesk-access-token")
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    assertThat(context.getBean("support", UserDirectory.class).name()).isEqualTo("host-support");
                    assertThat(context.getBean("other", UserDirectory.class).name()).isEqualTo("zendesk:globex");
                });
    }

    @Test
    void withoutConnectionsNoDirectoryIsRegistered() {
        runner.run(context -> assertThat(context).hasNotFailed().doesNotHaveBean(UserDirectory.class)
                .hasSingleBean(ConnectionsProperties.class));
    }

    @Configuration(proxyBeanMethods = false)
    static class HostDirectories {
        @Bean
        UserDirectory support() {
            return InMemoryUserDirectory.create("host-support");
        }
    }

    static String email(UserRecord user) {
        return user.email().map(EmailAddress::value).orElse("");
    }

    static List<UserRecord> readAll(UserDirectory directory) {
        List<UserRecord> out = new ArrayList<>();
        try (UserPages pages = directory.readAll()) {
            for (Optional<UserPage> page = pages.next(); page.isPresent(); page = pages.next()) {
                assertThat(page.get().problems()).isEmpty();
                out.addAll(page.get().users());
            }
        }
        return out;
    }
}
