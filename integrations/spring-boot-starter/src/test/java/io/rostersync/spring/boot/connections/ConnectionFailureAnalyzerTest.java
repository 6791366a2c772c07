package io.rostersync.spring.boot.connections;

import static org.assertj.core.api.Assertions.assertThat;

import io.rostersync.spring.boot.internal.ConfigurationFailureAnalyzer;
import io.rostersync.spring.boot.internal.ConnectionFailureAnalyzer;
import java.net.URL;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.diagnostics.FailureAnalyzer;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.core.io.UrlResource;
import org.springframework.core.io.support.PropertiesLoaderUtils;
import org.springframework.core.io.support.SpringFactoriesLoader;

/** A connection's configuration error is reported naming the property to change and where it is set. */
class ConnectionFailureAnalyzerTest {

    private static final String SECRET = ConnectionFailuresTest.SECRET;
    private static final ApplicationContextRunner RUNNER = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(RosterSyncConnectionsAutoConfiguration.class));

    private static Throwable startupFailure(String... properties) {
        AtomicReference<Throwable> failure = new AtomicReference<>();
        RUNNER.withPropertyValues(properties).run(context -> {
            assertThat(context).hasFailed();
            failure.set(context.getStartupFailure());
        });
        return failure.get();
    }

    @Test
    void isRegisteredWithSpringBoot() throws Exception {
        List<String> registered = new ArrayList<>();
        for (URL url : Collections.list(getClass().getClassLoader().getResources(SpringFactoriesLoader.FACTORIES_RESOURCE_LOCATION))) {
            Properties factories = PropertiesLoaderUtils.loadProperties(new UrlResource(url));
            String analyzers = factories.getProperty(FailureAnalyzer.class.getName());
            if (analyzers != null) {
                registered.addAll(List.of(analyzers.split(",", -1)));
            }
        }
        assertThat(registered).contains(ConnectionFailureAnalyzer.class.getName());
    }

    @Test
    void aMissingSettingIsReportedWithThePropertyAndItsEnvironmentVariable() {
        Throwable failure = startupFailure("rostersync.connections.support.zendesk.email=sync@acme.example",
                "rostersync.connections.support.zendesk.api-token=" + SECRET);

        FailureAnalysis analysis = new ConnectionFailureAnalyzer().analyze(failure);

        assertThat(analysis).isNotNull();
        assertThat(analysis.getDescription()).contains("rostersync.connections.support.zendesk.subdomain");
        assertThat(analysis.getAction())
                .contains("Change rostersync.connections.support.zendesk.subdomain")
                .contains("ROSTERSYNC_CONNECTIONS_SUPPORT_ZENDESK_SUBDOMAIN")
                .doesNotContain("SyncDefinition");
        assertThat(analysis.getDescription() + analysis.getAction()).doesNotContain(SECRET);
        assertThat(new ConfigurationFailureAnalyzer().analyze(failure))
                .as("the general analyzer leaves it to the connections' own").isNull();
    }

    @Test
    void aConnectionWrongAsAWholeNamesItsGroup() {
        Throwable failure = startupFailure("rostersync.connections.support.zendesk.subdomain=acme",
                "rostersync.connections.support.scim.base-url=https://idp.example.com/scim/v2/",
                "rostersync.connections.support.zendesk.api-token=" + SECRET);

        FailureAnalysis analysis = new ConnectionFailureAnalyzer().analyze(failure);

        assertThat(analysis).isNotNull();
        assertThat(analysis.getDescription()).contains("rostersync.connections.support names more than one vendor");
        assertThat(analysis.getAction()).contains("under rostersync.connections.support.*")
                .contains("ROSTERSYNC_CONNECTIONS_SUPPORT_").contains(".zendesk.*, .talkdesk.*, .salesforce.* or .scim.*");
        assertThat(analysis.getDescription() + analysis.getAction()).doesNotContain(SECRET);
    }

    @Test
    void aVendorGroupWithoutCredentialsNamesTheGroup() {
        Throwable failure = startupFailure("rostersync.connections.hr.salesforce.my-domain-url=https://acme.my.salesforce.com",
                "rostersync.connections.hr.salesforce.client-id=abc");

        FailureAnalysis analysis = new ConnectionFailureAnalyzer().analyze(failure);

        assertThat(analysis).isNotNull();
        assertThat(analysis.getAction()).contains("under rostersync.connections.hr.salesforce.*")
                .contains("ROSTERSYNC_CONNECTIONS_HR_SALESFORCE_");
    }

    @Test
    void aDashedPropertyMapsToTheVariableRelaxedBindingReads() {
        Throwable failure = startupFailure("rostersync.connections.hr.salesforce.my-domain-url=https://acme.my.salesforce.com",
                "rostersync.connections.hr.salesforce.client-id=abc", "rostersync.connections.hr.salesforce.client-secret=" + SECRET,
                "rostersync.connections.hr.salesforce.api-version=v62");

        FailureAnalysis analysis = new ConnectionFailureAnalyzer().analyze(failure);

        assertThat(analysis).isNotNull();
        assertThat(analysis.getAction()).contains("Change rostersync.connections.hr.salesforce.api-version")
                .contains("ROSTERSYNC_CONNECTIONS_HR_SALESFORCE_APIVERSION");
    }
}
