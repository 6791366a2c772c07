package io.rostersync.examples.boot;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.rostersync.emulators.zendesk.ZendeskEmulator;
import io.rostersync.jdbc.JdbcUserDirectory;
import io.rostersync.spi.UserDirectory;
import io.rostersync.zendesk.ZendeskDirectory;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The example application on a random port of 127.0.0.1, as shipped (the emulator profile by default), read over
 * real HTTP.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
    // A token the test can look for: it must appear in no response.
    "ZENDESK_API_TOKEN=" + ExampleApplicationTest.TOKEN,
    "management.endpoints.web.exposure.include=health,rostersync,metrics,env,configprops",
    "management.endpoint.env.show-values=always",
    "management.endpoint.configprops.show-values=always"})
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ExampleApplicationTest {

    static final String TOKEN = "zd-example-token-7c41e9";

    @Value("${local.server.port}")
    int port;

    @Autowired
    @Qualifier("support")
    UserDirectory support;

    @Autowired
    ZendeskEmulator zendesk;

    @Autowired
    JdbcTemplate jdbc;

    @Test
    void theZendeskConnectionFromPropertiesIsTheEmulator() {
        assertThat(support).isInstanceOf(ZendeskDirectory.class);
        assertThat(support.name()).isEqualTo("zendesk:acme");
        assertThat(zendesk.userIds()).hasSize(3);
    }

    @Test
    void theTokenAppearsInNoActuatorResponse() {
        ActuatorClient actuator = new ActuatorClient(port);
        assertThat(actuator.get("health").path("status").asText()).isEqualTo("UP");
        JsonNode env = actuator.get("env");
        assertThat(env.toString()).contains("rostersync.connections.support.zendesk.api-token");
        actuator.get("configprops");
        List<String> bodies = actuator.bodies();
        assertThat(bodies).allSatisfy(body -> assertThat(body).doesNotContain(TOKEN));
    }

    @Test
    void theUsersTableIsTheApplicationsOwn() {
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM app_users", Integer.class)).isNotNull();
    }
}
