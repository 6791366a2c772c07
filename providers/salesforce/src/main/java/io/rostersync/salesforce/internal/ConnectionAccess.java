package io.rostersync.salesforce.internal;

import io.rostersync.salesforce.SalesforceConnection;
import java.util.Objects;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * Lets rostersync's other Salesforce modules (the CDC subscriber) reach a connection's {@link SalesforceApi}
 * without making it public API: {@link SalesforceConnection} installs the way in when its class is loaded.
 */
public final class ConnectionAccess {

    private static volatile @Nullable Function<SalesforceConnection, SalesforceApi> access;

    private ConnectionAccess() {
    }

    /**
     * Called once, by {@link SalesforceConnection}'s class initialiser.
     *
     * @throws IllegalStateException when called again
     */
    public static synchronized void install(Function<SalesforceConnection, SalesforceApi> way) {
        if (access != null) {
            throw new IllegalStateException("already installed");
        }
        access = Objects.requireNonNull(way, "way");
    }

    /** @return the connection's API client */
    public static SalesforceApi api(SalesforceConnection connection) {
        Objects.requireNonNull(connection, "connection");
        // A live instance means its class was initialised, so the way in is installed.
        return Objects.requireNonNull(access, "SalesforceConnection not initialised").apply(connection);
    }
}
