package io.rostersync.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.rostersync.engine.UserHints;
import io.rostersync.model.SyncId;
import io.rostersync.spring.boot.internal.ConfigurationFailureAnalyzer;
import io.rostersync.spring.boot.webhooks.RosterSyncZendeskWebhooksAutoConfiguration;
import io.rostersync.spring.boot.webhooks.ZendeskWebhookEndpoints;
import java.io.InputStream;
import java.net.URL;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;

/**
 * The settings of {@code rostersync.webhooks.zendesk.<sync-id>}: documented in the starter's configuration
 * metadata, the window and flood threshold of each sync's {@code UserHints} taken from them, and values out of
 * range refused at start-up naming the property.
 */
class ZendeskWebhookPropertiesTest {

    private static final String SECRET = "whsec-1d2c3b4a5e6f7a8b-do-not-show";
    private static final String P = "rostersync.webhooks.zendesk.hr-to-app.";
    private static final SyncId SYNC = SyncId.of("hr-to-app");
    private static final WebApplicationContextRunner WEB = new WebApplicationContextRunner()
            .withConfiguration(Fixtures.STARTER)
            .withConfiguration(AutoConfigurations.of(RosterSyncZendeskWebhooksAutoConfiguration.class))
            .withUserConfiguration(Fixtures.Database.class, Fixtures.OneSync.class)
            .withPropertyValues("rostersync.scheduling.enabled=false", P + "signing-secret=" + SECRET);

    private static UserHints hints(String... properties) {
        AtomicReference<UserHints> out = new AtomicReference<>();
        WEB.withPropertyValues(properties).run(context -> {
            assertThat(context).hasNotFailed();
            out.set(context.getBean(ZendeskWebhookEndpoints.class).hints(SYNC).orElseThrow());
        });
        return out.get();
    }

    private static Throwable startupFailure(String... properties) {
        AtomicReference<Throwable> failure = new AtomicReference<>();
        WEB.withPropertyValues(properties).run(context -> {
            assertThat(context).hasFailed();
            failure.set(context.getStartupFailure());
        });
        return failure.get();
    }

    @Test
    void theWindowAndFloodThresholdAreTakenFromTheProperties() {
        assertThat(hints(P + "window=2500ms", P + "flood-threshold=50").toString())
                .contains("window=PT2.5S", "floodThreshold=50");
        assertThat(hints(P + "window=1h", P + "flood-threshold=1000").toString())
                .as("the largest values UserHints takes").contains("window=PT1H", "floodThreshold=1000");
        assertThat(hints(P + "flood-threshold=1").toString()).contains("window=PT1S", "floodThreshold=1");
    }

    @Test
    void leftOutTheyKeepUserHintsDefaults() {
        assertThat(hints().toString()).contains("window=PT1S", "floodThreshold=200");
    }

    @Test
    void aWindowOutOfRangeStopsStartUpNamingThePropertyAndWhatToSet() {
        for (String window : List.of("0s", "-1s", "61m")) {
            Throwable failure = startupFailure(P + "window=" + window);
            assertThat(failure).as(window).rootCause()
                    .hasMessageContaining(P + "window must be positive and at most an hour")
                    .hasMessageContaining("set a duration such as 2s")
                    .hasMessageNotContaining(SECRET);
            FailureAnalysis analysis = new ConfigurationFailureAnalyzer().analyze(failure);
            assertThat(analysis).isNotNull();
            assertThat(analysis.getDescription()).contains(P + "window");
        }
    }

    @Test
    void aFloodThresholdOutOfRangeStopsStartUpNamingTheProperty() {
        for (String users : List.of("0", "-5", "1001")) {
            assertThat(startupFailure(P + "flood-threshold=" + users)).as(users).rootCause()
                    .hasMessageContaining(P + "flood-threshold must be between 1 and 1000")
                    .hasMessageContaining("was " + users)
                    .hasMessageNotContaining(SECRET);
        }
    }

    @Test
    void aValueThatIsNoDurationOrNumberStopsStartUpNamingTheProperty() {
        assertThat(startupFailure(P + "window=soon")).hasStackTraceContaining(P + "window").hasStackTraceContaining("soon")
                .hasMessageNotContaining(SECRET);
        assertThat(startupFailure(P + "flood-threshold=many")).hasStackTraceContaining(P + "flood-threshold");
    }

    @Test
    void theSettingsAreInTheStartersConfigurationMetadataWithDescriptions() throws Exception {
        List<JsonNode> properties = new ArrayList<>();
        for (URL url : Collections.list(getClass().getClassLoader().getResources("META-INF/spring-configuration-metadata.json"))) {
            try (InputStream in = url.openStream()) {
                new ObjectMapper().readTree(in).path("properties").forEach(properties::add);
            }
        }
        JsonNode zendesk = properties.stream().filter(p -> p.path("name").asText().equals("rostersync.webhooks.zendesk"))
                .findFirst().orElseThrow(() -> new AssertionError("no rostersync.webhooks.zendesk in the metadata"));
        assertThat(zendesk.path("type").asText()).contains("java.util.Map<java.lang.String,")
                .contains("ZendeskWebhookSettings");
        assertThat(zendesk.path("description").asText())
                .contains("signing-secret", "path", "window", "flood-threshold", "default 1s", "default 200")
                .as("plain text, as IDEs show it").doesNotContain("{@");
    }
}
