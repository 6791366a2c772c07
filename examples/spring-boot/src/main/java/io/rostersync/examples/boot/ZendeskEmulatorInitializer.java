package io.rostersync.examples.boot;

import io.rostersync.emulators.zendesk.ZendeskEmulator;
import java.util.Map;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.event.ContextClosedEvent;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * Under the {@code emulator} profile, starts a Zendesk emulator on loopback before the context refreshes, seeds it
 * with a few agents, and points the {@code support} connection at it (the connection's properties are read before
 * any bean exists, so this cannot be a bean). The emulator accepts exactly the email and API token the connection is
 * configured with, is a bean named {@code zendeskEmulator}, and stops with the context.
 */
public final class ZendeskEmulatorInitializer implements ApplicationContextInitializer<ConfigurableApplicationContext> {

    /** The profile that runs the emulator. */
    public static final String PROFILE = "emulator";

    private static final String CONNECTION = "rostersync.connections.support.zendesk.";

    /** Created by Spring Boot from {@code META-INF/spring.factories}. */
    public ZendeskEmulatorInitializer() {
    }

    @Override
    public void initialize(ConfigurableApplicationContext context) {
        ConfigurableEnvironment environment = context.getEnvironment();
        if (!environment.matchesProfiles(PROFILE)) {
            return;
        }
        ZendeskEmulator zendesk = ZendeskEmulator.builder()
                .apiToken(environment.getRequiredProperty(CONNECTION + "email"), environment.getRequiredProperty(CONNECTION + "api-token"))
                .start();
        zendesk.addUser("Ann Lee", "ann.lee@acme.example", "agent");
        zendesk.addUser("Bob Roe", "bob.roe@acme.example", "agent");
        zendesk.addUser("Cy Poe", "cy.poe@acme.example", "admin");
        environment.getPropertySources().addFirst(new MapPropertySource("zendesk-emulator",
                Map.of(CONNECTION + "base-url-for-testing", zendesk.baseUri().toString())));
        context.getBeanFactory().registerSingleton("zendeskEmulator", zendesk);
        context.addApplicationListener(event -> {
            if (event instanceof ContextClosedEvent closed && closed.getApplicationContext() == context) {
                zendesk.close();
            }
        });
    }
}
