package io.rostersync.spring.boot.connections;

import io.rostersync.spring.boot.connections.ConnectionsProperties.Connection;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.beans.factory.config.SingletonBeanRegistry;
import org.springframework.beans.factory.support.BeanDefinitionRegistry;
import org.springframework.beans.factory.support.BeanDefinitionRegistryPostProcessor;
import org.springframework.beans.factory.support.RootBeanDefinition;
import org.springframework.boot.context.properties.source.ConfigurationProperty;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.boot.context.properties.source.ConfigurationPropertySource;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.context.properties.source.IterableConfigurationPropertySource;
import org.springframework.boot.origin.Origin;
import org.springframework.boot.origin.PropertySourceOrigin;
import org.springframework.boot.origin.TextResourceOrigin;
import org.springframework.core.env.Environment;
import org.springframework.core.io.ResourceLoader;

/**
 * Registers one {@code UserDirectory} bean per connection under {@code rostersync.connections}, after the
 * application's own bean definitions are known, so that a bean the application defines under the same name wins.
 * Every setting is checked here, while the context starts; the directory itself is built when first asked for.
 */
final class ConnectionRegistrar implements BeanDefinitionRegistryPostProcessor {

    private static final Logger LOG = LoggerFactory.getLogger(ConnectionRegistrar.class);
    private static final ConfigurationPropertyName ROOT = ConfigurationPropertyName.of(ConnectionsProperties.PREFIX);

    private final Environment environment;
    private final ResourceLoader resources;

    ConnectionRegistrar(Environment environment, ResourceLoader resources) {
        this.environment = environment;
        this.resources = resources;
    }

    @Override
    public void postProcessBeanDefinitionRegistry(BeanDefinitionRegistry registry) {
        Map<String, Connection> connections = ConnectionsBinding.bind(environment);
        if (connections.isEmpty()) {
            return;
        }
        warnAboutCredentialsInFiles();
        HttpSettingsHook hook = null;
        for (Map.Entry<String, Connection> entry : connections.entrySet()) {
            String name = entry.getKey();
            PropertyGroup connection = new PropertyGroup(ConnectionsProperties.PREFIX + "." + name);
            if (definedByApplication(registry, name)) {
                LOG.info("{} is not registered as a bean: the application defines a bean named '{}', which is used instead",
                        connection.prefix(), name);
                continue;
            }
            Vendor vendor = Vendor.of(connection, entry.getValue());
            PropertyGroup group = connection.child(vendor.key());
            vendor.requireProvider(group, classLoader());
            PreparedConnection prepared = vendor.prepare(name, group, entry.getValue(), resources);
            if (hook == null) {
                hook = new HttpSettingsHook(registry instanceof ListableBeanFactory beans ? beans : null, classLoader());
            }
            HttpSettingsHook http = hook;
            RootBeanDefinition definition = new RootBeanDefinition(prepared.type());
            definition.setInstanceSupplier(() -> prepared.build(http));
            definition.setDescription("rostersync " + vendor.key() + " connection from " + group.prefix() + ".*");
            registry.registerBeanDefinition(name, definition);
            LOG.debug("registered {} connection '{}' from {}.*", vendor.key(), name, group.prefix());
        }
    }

    private ClassLoader classLoader() {
        ClassLoader loader = resources.getClassLoader();
        return loader != null ? loader : ConnectionRegistrar.class.getClassLoader();
    }

    private static boolean definedByApplication(BeanDefinitionRegistry registry, String name) {
        return registry.containsBeanDefinition(name) || registry.isAlias(name)
                || (registry instanceof SingletonBeanRegistry singletons && singletons.containsSingleton(name));
    }

    /** The file a property was read from, looking through the property source's own origin. */
    private static @Nullable TextResourceOrigin fileOf(@Nullable Origin origin) {
        for (Origin o = origin; o != null; o = o instanceof PropertySourceOrigin p && p.getOrigin() != o ? p.getOrigin() : o.getParent()) {
            if (o instanceof TextResourceOrigin file) {
                return file;
            }
        }
        return null;
    }

    /** A credential written into a file (application.properties) instead of a placeholder is named, never shown. */
    private void warnAboutCredentialsInFiles() {
        for (ConfigurationPropertySource source : ConfigurationPropertySources.get(environment)) {
            if (!(source instanceof IterableConfigurationPropertySource iterable)) {
                continue;
            }
            iterable.filter(ROOT::isAncestorOf).stream()
                    .filter(n -> ConnectionSecretsSanitizer.isConnectionCredentialKey(n.toString()))
                    .forEach(n -> {
                        ConfigurationProperty property = iterable.getConfigurationProperty(n);
                        if (property == null || !(property.getValue() instanceof String raw) || raw.contains("${")) {
                            return;
                        }
                        TextResourceOrigin file = fileOf(Origin.from(property));
                        if (file != null) {
                            LOG.warn("{} is written as plain text in {}: keep credentials out of files and take it from the "
                                    + "environment, such as {}=${{ENVIRONMENT_VARIABLE}}", n, file.getResource(), n);
                        }
                    });
        }
    }
}
