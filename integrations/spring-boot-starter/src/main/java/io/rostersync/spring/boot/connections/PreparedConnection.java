package io.rostersync.spring.boot.connections;

import io.rostersync.spi.UserDirectory;

/**
 * A connection whose settings were all checked when the context started; {@link #build(HttpSettingsHook)} makes the directory
 * (without touching the network) when the bean is first asked for.
 */
interface PreparedConnection {

    /** The directory's class, for type matching before the bean exists. */
    Class<? extends UserDirectory> type();

    /**
     * Builds the directory; throws {@link ConnectionConfigurationException} for a setting only the provider could check.
     *
     * @param http what the application adds to the connection's HTTP settings (metrics)
     */
    UserDirectory build(HttpSettingsHook http);
}
