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
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
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

    /** The connection's properties for an emulator this row started, and the emulator to close after. */
    record Emulated(AutoCloseable emulator, String... properties) {
    }

    /**
     * One row per vendor: how to start its emulator with its users, the connection's properties, and what the
     * bean must be. {@link #alsoCheck} holds what only this vendor's row checks.
     */
    enum Vendor {
        ZENDESK("support", ZendeskDirectory.class, "zendesk:emulator", true, "ann@acme.example", "bob@acme.example") {
            @Override
            Emulated start() {
                ZendeskEmulator zendesk = ZendeskEmulator.start();
                zendesk.addUser("Ann Lee", "ann@acme.example", "agent");
                zendesk.addUser("Bob Roe", "bob@acme.example", "admin");
                return new Emulated(zendesk,
                        "ZENDESK_API_TOKEN=" + ZendeskEmulator.DEFAULT_API_TOKEN,
                        "rostersync.connections.support.zendesk.subdomain=emulator",
                        "rostersync.connections.support.zendesk.email=" + ZendeskEmulator.DEFAULT_EMAIL,
                        "rostersync.connections.support.zendesk.api-token=${ZENDESK_API_TOKEN}",
                        "rostersync.connections.support.zendesk.read-only=true",
                        "rostersync.connections.support.zendesk.requests-per-minute=0",
                        "rostersync.connections.support.zendesk.base-url-for-testing=" + zendesk.baseUri(),
                        "rostersync.connections.support.zendesk.http.retry.max-attempts=2");
            }

            @Override
            void alsoCheck(AssertableApplicationContext context, UserDirectory directory, List<UserRecord> users) {
                assertThat(context.getBean(ZendeskDirectory.class)).isSameAs(directory);
                assertThat(directory.capabilities()).containsOnly(Capability.READ, Capability.INCREMENTAL_READ, Capability.LOOKUP);
            }
        },
        TALKDESK("contact-centre", TalkdeskUserDirectory.class, "talkdesk:acme", true, "ann@acme.example") {
            @Override
            Emulated start() {
                TalkdeskEmulator talkdesk = TalkdeskEmulator.start();
                talkdesk.add(UserProfile.builder().email("ann@acme.example").firstName("Ann").lastName("Lee").role("Agent").build());
                return new Emulated(talkdesk,
                        "TALKDESK_CLIENT_SECRET=" + talkdesk.clientSecret(),
                        "rostersync.connections.contact-centre.talkdesk.account=acme",
                        "rostersync.connections.contact-centre.talkdesk.region=eu",
                        "rostersync.connections.contact-centre.talkdesk.client-id=" + talkdesk.clientId(),
                        "rostersync.connections.contact-centre.talkdesk.client-secret=${TALKDESK_CLIENT_SECRET}",
                        "rostersync.connections.contact-centre.talkdesk.api-base-url=" + talkdesk.apiBaseUri(),
                        "rostersync.connections.contact-centre.talkdesk.token-url=" + talkdesk.tokenUri(),
                        "rostersync.connections.contact-centre.talkdesk.scim-requests-per-second=50",
                        "rostersync.connections.contact-centre.talkdesk.http.allow-insecure-loopback=true",
                        "rostersync.connections.contact-centre.talkdesk.http.request-timeout=10s");
            }

            @Override
            void alsoCheck(AssertableApplicationContext context, UserDirectory directory, List<UserRecord> users) {
                assertThat(users.get(0).roles()).contains("Agent");
            }
        },
        // the emulator's org has users of its own: the host's user is among them
        SALESFORCE("org", SalesforceUserDirectory.class, "salesforce:acme", false, "ann@acme.example") {
            @Override
            Emulated start() {
                SalesforceEmulator salesforce = SalesforceEmulator.start();
                salesforce.addUser(UserProfile.builder().email("ann@acme.example").firstName("Ann").lastName("Lee").build());
                return new Emulated(salesforce,
                        "SALESFORCE_CLIENT_SECRET=" + salesforce.clientSecret(),
                        "rostersync.connections.org.salesforce.my-domain-url=" + salesforce.myDomainUrl(),
                        "rostersync.connections.org.salesforce.client-id=" + salesforce.clientId(),
                        "rostersync.connections.org.salesforce.client-secret=${SALESFORCE_CLIENT_SECRET}",
                        "rostersync.connections.org.salesforce.trusted-hosts=127.0.0.1",
                        "rostersync.connections.org.salesforce.name=salesforce:acme",
                        "rostersync.connections.org.salesforce.new-user.profile-id=" + salesforce.defaultProfileId(),
                        "rostersync.connections.org.salesforce.new-user.time-zone=Europe/Berlin",
                        "rostersync.connections.org.salesforce.http.allow-insecure-loopback=true");
            }
        },
        SCIM("idp", ScimUserDirectory.class, "idp", true, "ann@acme.example", "bob@acme.example") {
            @Override
            Emulated start() {
                ScimEmulator scim = ScimEmulator.builder().bearerToken("scim-bearer-token-42").start();
                scim.add(UserProfile.builder().email("ann@acme.example").firstName("Ann").lastName("Lee").build());
                scim.add(UserProfile.builder().email("bob@acme.example").firstName("Bob").lastName("Roe").build());
                return new Emulated(scim,
                        "SCIM_TOKEN=scim-bearer-token-42",
                        "rostersync.connections.idp.scim.base-url=" + scim.baseUri(),
                        "rostersync.connections.idp.scim.bearer-token=${SCIM_TOKEN}",
                        "rostersync.connections.idp.scim.page-size=1",
                        "rostersync.connections.idp.scim.patch-support=put-only",
                        "rostersync.connections.idp.scim.allow-delete=false",
                        "rostersync.connections.idp.scim.http.allow-insecure-loopback=true");
            }

            @Override
            void alsoCheck(AssertableApplicationContext context, UserDirectory directory, List<UserRecord> users) {
                assertThat(directory.capabilities()).doesNotContain(Capability.DELETE);
            }
        };

        final String bean;
        final Class<? extends UserDirectory> type;
        final String name;
        /** Whether the emulator holds exactly these users, or these among others. */
        final boolean onlyThese;
        final List<String> emails;

        Vendor(String bean, Class<? extends UserDirectory> type, String name, boolean onlyThese, String... emails) {
            this.bean = bean;
            this.type = type;
            this.name = name;
            this.onlyThese = onlyThese;
            this.emails = List.of(emails);
        }

        /** Starts the vendor's emulator with its users; the caller closes it. */
        abstract Emulated start();

        /** What only this vendor checks; nothing by default. */
        void alsoCheck(AssertableApplicationContext context, UserDirectory directory, List<UserRecord> users) {
        }
    }

    @ParameterizedTest
    @EnumSource(Vendor.class)
    void eachVendorsConnectionReadsItsEmulatorsUsers(Vendor vendor) throws Exception {
        Emulated emulated = vendor.start();
        try (AutoCloseable emulator = emulated.emulator()) {
            runner.withPropertyValues(emulated.properties()).run(context -> {
                assertThat(context).hasNotFailed().hasSingleBean(UserDirectory.class);
                UserDirectory directory = context.getBean(vendor.bean, UserDirectory.class);
                assertThat(directory).isInstanceOf(vendor.type);
                assertThat(directory.name()).isEqualTo(vendor.name);
                List<UserRecord> users = readAll(directory);
                if (vendor.onlyThese) {
                    assertThat(users).extracting(ConnectionsFromPropertiesTest::email).containsExactlyInAnyOrderElementsOf(vendor.emails);
                } else {
                    assertThat(users).extracting(ConnectionsFromPropertiesTest::email).containsAll(vendor.emails);
                }
                vendor.alsoCheck(context, directory, users);
            });
        }
    }

    @ParameterizedTest(name = "with RosterSyncMetrics: {0}")
    @ValueSource(booleans = {true, false})
    void theVendorRequestsOfAConnectionAreMeteredOnlyWhenTheApplicationHasRosterSyncMetrics(boolean withMetrics) {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        try (ZendeskEmulator zendesk = ZendeskEmulator.start()) {
            zendesk.addUser("Ann Lee", "ann@acme.example", "agent");
            ApplicationContextRunner host = withMetrics
                    ? runner.withBean(RosterSyncMetrics.class, () -> RosterSyncMetrics.of(registry))
                    : runner.withBean(SimpleMeterRegistry.class, () -> registry);
            host.withPropertyValues(
                            "rostersync.connections.support.zendesk.subdomain=emulator",
                            "rostersync.connections.support.zendesk.email=" + ZendeskEmulator.DEFAULT_EMAIL,
                            "rostersync.connections.support.zendesk.api-token=" + ZendeskEmulator.DEFAULT_API_TOKEN,
                            "rostersync.connections.support.zendesk.base-url-for-testing=" + zendesk.baseUri())
                    .run(context -> {
                        assertThat(readAll(context.getBean("support", UserDirectory.class))).hasSize(1);
                        if (withMetrics) {
                            assertThat(registry.find(RosterSyncMetrics.VENDOR_REQUESTS).tag("vendor", "zendesk").counters())
                                    .isNotEmpty().allSatisfy(c -> assertThat(c.count()).isPositive());
                        } else {
                            assertThat(registry.getMeters()).isEmpty();
                        }
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
