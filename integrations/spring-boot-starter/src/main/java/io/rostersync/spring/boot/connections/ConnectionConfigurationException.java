package io.rostersync.spring.boot.connections;

import io.rostersync.spi.InvalidConfigurationException;
import java.util.Objects;

/**
 * A vendor connection under {@code rostersync.connections} is missing a setting, has an invalid one, or needs a
 * provider that is not on the classpath. Thrown while the application context starts, so the application does not
 * start. The message names the property and says what to set; it never holds a credential's value.
 *
 * @since 0.2.0
 */
public class ConnectionConfigurationException extends InvalidConfigurationException {

    private static final long serialVersionUID = 1L;

    /** The property at fault; see {@link #property()}. */
    private final String property;

    /**
     * A problem with one property, or with a connection as a whole.
     *
     * @param property the full name of the property (or of the connection's group) at fault, in kebab case
     * @param message  what is wrong and what to set, without any credential
     */
    public ConnectionConfigurationException(String property, String message) {
        super(Objects.requireNonNull(message, "message"));
        this.property = Objects.requireNonNull(property, "property");
    }

    /**
     * The property at fault, such as {@code rostersync.connections.support.zendesk.subdomain}, or the group of a
     * connection ({@code rostersync.connections.support}) when the problem is the connection as a whole.
     *
     * @return the property's full name
     */
    public String property() {
        return property;
    }
}
