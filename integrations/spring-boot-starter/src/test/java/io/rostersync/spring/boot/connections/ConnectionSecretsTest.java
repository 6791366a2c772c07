package io.rostersync.spring.boot.connections;

import static org.assertj.core.api.Assertions.assertThat;

import io.rostersync.emulators.zendesk.ZendeskEmulator;
import io.rostersync.spi.UserDirectory;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.actuate.autoconfigure.context.properties.ConfigurationPropertiesReportEndpointAutoConfiguration;
import org.springframework.boot.actuate.autoconfigure.endpoint.EndpointAutoConfiguration;
import org.springframework.boot.actuate.autoconfigure.env.EnvironmentEndpointAutoConfiguration;
import org.springframework.boot.actuate.context.properties.ConfigurationPropertiesReportEndpoint;
import org.springframework.boot.actuate.context.properties.ConfigurationPropertiesReportEndpoint.ConfigurationPropertiesBeanDescriptor;
import org.springframework.boot.actuate.endpoint.SanitizableData;
import org.springframework.boot.actuate.env.EnvironmentEndpoint;
import org.springframework.boot.actuate.env.EnvironmentEndpoint.PropertySourceDescriptor;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.ConfigDataApplicationContextInitializer;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/**
 * The connections' credentials never show: not in {@code /actuator/env} or {@code /actuator/configprops} even when
 * they are configured to show values, not under another name a placeholder reads them from, not in logs, not in
 * {@code toString()}.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
@ExtendWith(OutputCaptureExtension.class)
class ConnectionSecretsTest {

    private static final String TOKEN = "zd-token-4f1c9e2a7b";
    private static final String PASSWORD = "scim-password-9d8e7f";
    private static final String SECRET_WITH_PLAIN_NAME = "sf-secret-0a1b2c3d4e";

    private final ApplicationContextRunner actuator = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(RosterSyncConnectionsAutoConfiguration.class, EndpointAutoConfiguration.class,
                    EnvironmentEndpointAutoConfiguration.class, ConfigurationPropertiesReportEndpointAutoConfiguration.class))
            .withPropertyValues(
                    "management.endpoints.web.exposure.include=env,configprops",
                    "management.endpoint.env.show-values=always",
                    "management.endpoint.configprops.show-values=always",
                    // Environment variables with any name: the placeholders below read them.
                    "ZENDESK_API_TOKEN=" + TOKEN,
                    "IDP_PW=" + PASSWORD,
                    "SF_CONNECTED_APP=" + SECRET_WITH_PLAIN_NAME,
                    "rostersync.connections.support.zendesk.subdomain=acme",
                    "rostersync.connections.support.zendesk.email=sync@acme.example",
                    "rostersync.connections.support.zendesk.api-token=${ZENDESK_API_TOKEN}",
                    "rostersync.connections.idp.scim.base-url=https://idp.example.com/scim/v2/",
                    "rostersync.connections.idp.scim.username=sync",
                    "rostersync.connections.idp.scim.password=${IDP_PW}",
                    "rostersync.connections.org.salesforce.my-domain-url=https://acme.my.salesforce.com",
                    "rostersync.connections.org.salesforce.client-id=consumer-key",
                    "rostersync.connections.org.salesforce.client-secret=${SF_CONNECTED_APP}");

    @Test
    void theEnvEndpointMasksTheSettingsAndTheVariablesTheyReadEvenWhenShowingValues() {
        actuator.run(context -> {
            assertThat(context).hasNotFailed();
            Map<String, Object> env = env(context.getBean(EnvironmentEndpoint.class));
            assertThat(env.toString()).doesNotContain(TOKEN, PASSWORD, SECRET_WITH_PLAIN_NAME);
            assertThat(env).containsEntry("rostersync.connections.support.zendesk.api-token", SanitizableData.SANITIZED_VALUE)
                    .containsEntry("rostersync.connections.idp.scim.password", SanitizableData.SANITIZED_VALUE)
                    .containsEntry("rostersync.connections.org.salesforce.client-secret", SanitizableData.SANITIZED_VALUE)
                    .containsEntry("SF_CONNECTED_APP", SanitizableData.SANITIZED_VALUE)
                    .containsEntry("IDP_PW", SanitizableData.SANITIZED_VALUE);
            // Values are shown (the test would otherwise prove nothing), only the credentials are not.
            assertThat(env).containsEntry("rostersync.connections.support.zendesk.subdomain", "acme")
                    .containsEntry("rostersync.connections.idp.scim.username", "sync");
        });
    }

    @Test
    void withoutTheStartersSanitizerTheEnvEndpointWouldShowThem() {
        new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(EndpointAutoConfiguration.class, EnvironmentEndpointAutoConfiguration.class))
                .withPropertyValues("management.endpoints.web.exposure.include=env", "management.endpoint.env.show-values=always",
                        "SF_CONNECTED_APP=" + SECRET_WITH_PLAIN_NAME,
                        "rostersync.connections.org.salesforce.client-secret=${SF_CONNECTED_APP}")
                .run(context -> assertThat(env(context.getBean(EnvironmentEndpoint.class)).toString())
                        .contains(SECRET_WITH_PLAIN_NAME));
    }

    @Test
    void theConfigpropsEndpointMasksTheCredentialsEvenWhenShowingValues() {
        actuator.run(context -> {
            ConfigurationPropertiesBeanDescriptor bean = connectionsBean(context.getBean(ConfigurationPropertiesReportEndpoint.class));
            String shown = bean.getProperties() + " " + bean.getInputs();
            assertThat(shown).doesNotContain(TOKEN, PASSWORD, SECRET_WITH_PLAIN_NAME).contains("acme", "******");
        });
    }

    @Test
    void theCredentialSettingsEndLikeTheOnesBootsOwnCredentialFunctionMasks() {
        for (String key : new String[] {"api-token", "oauth-access-token", "client-secret", "password", "bearer-token", "private-key"}) {
            String name = "rostersync.connections.x.vendor." + key;
            SanitizableData data = new SanitizableData(null, name, "value");
            assertThat(org.springframework.boot.actuate.endpoint.SanitizingFunction.sanitizeValue().ifLikelyCredential()
                    .applyUnlessFiltered(data).getValue()).as(key).isEqualTo(SanitizableData.SANITIZED_VALUE);
            assertThat(ConnectionSecretsSanitizer.isConnectionCredentialKey(name)).as(key).isTrue();
        }
        assertThat(ConnectionSecretsSanitizer.isConnectionCredentialKey("rostersync.connections.x.zendesk.subdomain")).isFalse();
        assertThat(ConnectionSecretsSanitizer.isConnectionCredentialKey("ROSTERSYNC_CONNECTIONS_X_ZENDESK_APITOKEN")).isTrue();
    }

    @Test
    void withoutActuatorTheConnectionsStillStart() {
        new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(RosterSyncConnectionsAutoConfiguration.class))
                .withClassLoader(new FilteredClassLoader("org.springframework.boot.actuate"))
                .withPropertyValues("rostersync.connections.support.zendesk.subdomain=acme",
                        "rostersync.connections.support.zendesk.oauth-access-token=" + TOKEN)
                .run(context -> assertThat(context).hasNotFailed().hasBean("support"));
    }

    @Test
    void neitherTheDirectoryNorThePropertiesShowTheCredentialsInToString() {
        actuator.run(context -> {
            for (UserDirectory directory : context.getBeansOfType(UserDirectory.class).values()) {
                assertThat(directory.toString()).doesNotContain(TOKEN, PASSWORD, SECRET_WITH_PLAIN_NAME);
            }
            assertThat(context.getBean(ConnectionsProperties.class).toString())
                    .contains("acme").doesNotContain(TOKEN, PASSWORD, SECRET_WITH_PLAIN_NAME);
        });
    }

    @Test
    void aRunAgainstTheEmulatorLogsNoCredential(CapturedOutput output) {
        try (ZendeskEmulator zendesk = ZendeskEmulator.builder().apiToken("sync@acme.example", TOKEN).start()) {
            zendesk.addUser("Ann Lee", "ann@acme.example", "agent");
            actuator.withPropertyValues("rostersync.connections.support.zendesk.subdomain=emulator",
                            "rostersync.connections.support.zendesk.base-url-for-testing=" + zendesk.baseUri())
                    .run(context -> {
                        assertThat(ConnectionsFromPropertiesTest.readAll(context.getBean("support", UserDirectory.class))).hasSize(1);
                    });
        }
        assertThat(output.getAll()).doesNotContain(TOKEN, PASSWORD, SECRET_WITH_PLAIN_NAME);
    }

    @Test
    void aCredentialWrittenIntoAFileIsNamedInAWarningWithoutItsValue(CapturedOutput output) {
        new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(RosterSyncConnectionsAutoConfiguration.class))
                .withInitializer(new ConfigDataApplicationContextInitializer())
                .withPropertyValues("spring.config.location=classpath:connections/plain-text-token.properties")
                .run(context -> assertThat(context).hasNotFailed().hasBean("support"));
        assertThat(output.getAll())
                .contains("rostersync.connections.support.zendesk.api-token is written as plain text in class path resource "
                        + "[connections/plain-text-token.properties]")
                .doesNotContain("plain-text-token-in-a-file-31337");
    }

    /** Every property of every source, as the endpoint shows it. */
    private static Map<String, Object> env(EnvironmentEndpoint endpoint) {
        Map<String, Object> out = new TreeMap<>();
        for (PropertySourceDescriptor source : endpoint.environment(null).getPropertySources()) {
            source.getProperties().forEach((name, value) -> out.put(name, String.valueOf(value.getValue())));
        }
        return out;
    }

    private static ConfigurationPropertiesBeanDescriptor connectionsBean(ConfigurationPropertiesReportEndpoint endpoint) {
        return endpoint.configurationProperties().getContexts().values().stream()
                .flatMap(c -> c.getBeans().values().stream())
                .filter(b -> b.getPrefix().equals("rostersync"))
                .findFirst().orElseThrow();
    }
}
