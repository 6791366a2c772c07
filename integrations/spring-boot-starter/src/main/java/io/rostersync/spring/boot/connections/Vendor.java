package io.rostersync.spring.boot.connections;

import io.rostersync.spring.boot.connections.ConnectionsProperties.Connection;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import org.springframework.core.io.ResourceLoader;
import org.springframework.util.ClassUtils;

/**
 * The vendors a connection can name, each with the provider it needs. The provider classes are reached only
 * through the {@code *Connections} classes, after {@link #requireProvider} found them, so a host without a
 * provider never loads it.
 */
enum Vendor {
    ZENDESK("zendesk", "Zendesk", "io.rostersync.zendesk.ZendeskDirectory", "rostersync-zendesk"),
    TALKDESK("talkdesk", "Talkdesk", "io.rostersync.talkdesk.TalkdeskUserDirectory", "rostersync-talkdesk"),
    SALESFORCE("salesforce", "Salesforce", "io.rostersync.salesforce.SalesforceUserDirectory", "rostersync-salesforce"),
    SCIM("scim", "SCIM", "io.rostersync.scim.ScimUserDirectory", "rostersync-scim");

    private static final String HTTP_CLASS = "io.rostersync.http.HttpSettings";

    private final String key;
    private final String title;
    private final String providerClass;
    private final String artifact;

    Vendor(String key, String title, String providerClass, String artifact) {
        this.key = key;
        this.title = title;
        this.providerClass = providerClass;
        this.artifact = artifact;
    }

    String key() {
        return key;
    }

    /** The one vendor a connection names; fails naming the group when it names none or several. */
    static Vendor of(PropertyGroup connection, Connection c) {
        List<Vendor> named = new ArrayList<>();
        for (Vendor v : values()) {
            if (v.settings(c) != null) {
                named.add(v);
            }
        }
        if (named.isEmpty()) {
            throw connection.groupError("names no vendor: configure one of " + connection.prefix() + ".zendesk.*, .talkdesk.*, "
                    + ".salesforce.* or .scim.*");
        }
        if (named.size() > 1) {
            throw connection.groupError("names more than one vendor (" + String.join(", ", named.stream().map(Vendor::key).toList())
                    + "): keep one per connection and give each other vendor a connection of its own");
        }
        return named.get(0);
    }

    @Nullable Object settings(Connection c) {
        return switch (this) {
            case ZENDESK -> c.zendesk();
            case TALKDESK -> c.talkdesk();
            case SALESFORCE -> c.salesforce();
            case SCIM -> c.scim();
        };
    }

    /** Fails naming the artifact to add when the provider is not on {@code classLoader}. */
    void requireProvider(PropertyGroup group, @Nullable ClassLoader classLoader) {
        if (!ClassUtils.isPresent(providerClass, classLoader) || !ClassUtils.isPresent(HTTP_CLASS, classLoader)) {
            throw group.groupError("needs the " + title + " provider, which is not on the classpath: add the dependency "
                    + "io.rostersync:" + artifact + " (its version comes from io.rostersync:rostersync-bom)");
        }
    }

    PreparedConnection prepare(String name, PropertyGroup group, Connection c, ResourceLoader resources) {
        return switch (this) {
            case ZENDESK -> ZendeskConnections.prepare(group, Objects.requireNonNull(c.zendesk()));
            case TALKDESK -> TalkdeskConnections.prepare(group, Objects.requireNonNull(c.talkdesk()));
            case SALESFORCE -> SalesforceConnections.prepare(group, Objects.requireNonNull(c.salesforce()), resources);
            case SCIM -> ScimConnections.prepare(name, group, Objects.requireNonNull(c.scim()));
        };
    }
}
