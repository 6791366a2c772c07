package io.rostersync.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;

import io.rostersync.spring.boot.internal.ConfigurationFailureAnalyzer;
import java.net.URL;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.diagnostics.FailureAnalyzer;
import org.springframework.core.io.UrlResource;
import org.springframework.core.io.support.PropertiesLoaderUtils;
import org.springframework.core.io.support.SpringFactoriesLoader;

class ConfigurationFailureAnalyzerTest {

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
        assertThat(registered).contains(ConfigurationFailureAnalyzer.class.getName());
    }

    @Test
    void anUnknownBeanNameIsReportedWithWhatToChange() {
        Fixtures.runner().withUserConfiguration(Fixtures.Database.class)
                .withPropertyValues("rostersync.syncs.a.source=missing", "rostersync.syncs.a.target=missing")
                .run(context -> {
                    FailureAnalysis analysis = new ConfigurationFailureAnalyzer().analyze(context.getStartupFailure());
                    assertThat(analysis).isNotNull();
                    assertThat(analysis.getDescription()).contains("rostersync.syncs.a.source names 'missing'");
                    assertThat(analysis.getAction()).contains("rostersync.syncs.*");
                });
    }

    @Test
    void aMissingSchemaSaysHowToCreateIt() {
        Fixtures.runner().withUserConfiguration(Fixtures.Database.class).withPropertyValues("rostersync.store.migrate=false")
                .run(context -> {
                    FailureAnalysis analysis = new ConfigurationFailureAnalyzer().analyze(context.getStartupFailure());
                    assertThat(analysis).isNotNull();
                    assertThat(analysis.getAction()).contains("rostersync.store.migrate=true").contains("Flyway");
                });
    }
}
