package io.rostersync.spring.boot.internal;

import io.rostersync.jdbc.StateSchemaMissingException;
import io.rostersync.spi.InvalidConfigurationException;
import io.rostersync.spring.boot.connections.ConnectionConfigurationException;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Turns rostersync's configuration errors at start-up into Spring Boot's "APPLICATION FAILED TO START" report: the
 * error's own message as the description, and what to change as the action, instead of a stack trace. A
 * {@link ConnectionConfigurationException} is left to {@link ConnectionFailureAnalyzer}.
 */
public final class ConfigurationFailureAnalyzer extends AbstractFailureAnalyzer<InvalidConfigurationException> {

    /** Creates the analyzer; Spring Boot calls it. */
    public ConfigurationFailureAnalyzer() {
    }

    @Override
    protected @Nullable FailureAnalysis analyze(Throwable rootFailure, InvalidConfigurationException cause) {
        if (cause instanceof ConnectionConfigurationException) {
            return null; // ConnectionFailureAnalyzer's, which names the property to change
        }
        String message = cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
        if (cause instanceof StateSchemaMissingException) {
            return new FailureAnalysis(message, "Let the starter create the rostersync_* tables at start-up"
                    + " (rostersync.store.migrate=true, the default), or apply rostersync-jdbc's schema scripts with Flyway or"
                    + " Liquibase before the application starts.", cause);
        }
        return new FailureAnalysis(message, "Correct the rostersync configuration as the description says: the"
                + " SyncDefinition beans, the rostersync.syncs.* properties, or the beans they name.", cause);
    }
}
