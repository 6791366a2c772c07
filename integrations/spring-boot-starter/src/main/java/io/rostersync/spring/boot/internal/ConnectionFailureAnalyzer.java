package io.rostersync.spring.boot.internal;

import io.rostersync.spring.boot.connections.ConnectionConfigurationException;
import io.rostersync.spring.boot.connections.ConnectionsProperties;
import java.util.Locale;
import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Turns a {@link ConnectionConfigurationException} at start-up into Spring Boot's "APPLICATION FAILED TO START"
 * report: the exception's message as the description, and as the action the property to change and where a host
 * sets it (the property and the environment variable that relaxed binding maps to it). Never quotes a value.
 */
public final class ConnectionFailureAnalyzer extends AbstractFailureAnalyzer<ConnectionConfigurationException> {

    /** Creates the analyzer; Spring Boot calls it. */
    public ConnectionFailureAnalyzer() {
    }

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, ConnectionConfigurationException cause) {
        String property = cause.property();
        String message = cause.getMessage() == null ? property + " is not valid" : cause.getMessage();
        long dots = property.chars().filter(c -> c == '.').count();
        String action;
        if (dots <= 2) { // rostersync.connections.<name>
            action = "Change the settings of the connection under " + property + ".* as the description says (in"
                    + " application.properties or .yml, or environment variables starting with " + environmentName(property)
                    + "_): each connection sets exactly one of the groups .zendesk.*, .talkdesk.*, .salesforce.* or .scim.*;"
                    + " or remove the connection.";
        } else if (dots == 3) { // rostersync.connections.<name>.<vendor>
            action = "Change the settings under " + property + ".* as the description says, where the application's"
                    + " configuration sets them: application.properties or .yml, or environment variables starting with "
                    + environmentName(property) + "_. Take credentials from the environment, e.g. ${ZENDESK_API_TOKEN}.";
        } else {
            action = "Change " + property + " as the description says, where the application's configuration sets it:"
                    + " application.properties or .yml, or the environment variable " + environmentName(property)
                    + ". The settings of a connection are those of " + ConnectionsProperties.PREFIX
                    + ".<name>.<zendesk|talkdesk|salesforce|scim>.*; take credentials from the environment, e.g. ${ZENDESK_API_TOKEN}.";
        }
        return new FailureAnalysis(message, action, cause);
    }

    /** The environment variable Spring Boot's relaxed binding reads for {@code property}. */
    static String environmentName(String property) {
        return property.replace("-", "").replace('.', '_').toUpperCase(Locale.ROOT);
    }
}
