package io.rostersync.spring.boot.connections;

import io.rostersync.spring.boot.connections.ConnectionsProperties.Connection;
import java.util.Map;
import java.util.TreeSet;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.BindHandler;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.bind.UnboundConfigurationPropertiesException;
import org.springframework.boot.context.properties.bind.handler.NoUnboundElementsBindHandler;
import org.springframework.boot.context.properties.source.ConfigurationProperty;
import org.springframework.core.env.Environment;

/** Reads {@code rostersync.connections} from the environment, refusing settings no connection knows (a typo). */
final class ConnectionsBinding {

    private static final Bindable<Map<String, Connection>> CONNECTIONS = Bindable.mapOf(String.class, Connection.class);

    private ConnectionsBinding() {
    }

    /**
     * The connections by name.
     *
     * @throws ConnectionConfigurationException for a setting no connection has, or a value of the wrong type; the
     *                                          message names the property but never quotes its value
     */
    static Map<String, Connection> bind(Environment environment) {
        try {
            return Binder.get(environment)
                    .bind(ConnectionsProperties.PREFIX, CONNECTIONS, new NoUnboundElementsBindHandler(BindHandler.DEFAULT))
                    .orElse(Map.of());
        } catch (BindException e) {
            if (e.getCause() instanceof UnboundConfigurationPropertiesException unbound) {
                TreeSet<String> names = new TreeSet<>();
                for (ConfigurationProperty p : unbound.getUnboundProperties()) {
                    names.add(p.getName().toString());
                }
                String first = names.first();
                throw new ConnectionConfigurationException(first, String.join(", ", names) + (names.size() == 1 ? " is" : " are")
                        + " not a setting of a rostersync connection: check the spelling against the settings of "
                        + "rostersync.connections.<name>.<zendesk|talkdesk|salesforce|scim>.*");
            }
            // The cause (a conversion failure) may quote the value, which could be a credential in the wrong
            // place: the message says what was expected instead, and the cause is not attached.
            String property = e.getProperty() != null ? e.getProperty().getName().toString() : e.getName().toString();
            throw new ConnectionConfigurationException(property, property + " cannot be read as "
                    + e.getTarget().getType() + ": set a value of that type (a number, true or false, or a duration such as 30s)");
        }
    }
}
