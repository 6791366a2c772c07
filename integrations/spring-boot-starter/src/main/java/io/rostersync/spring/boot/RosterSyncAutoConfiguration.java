package io.rostersync.spring.boot;

import io.rostersync.engine.SyncListener;
import io.rostersync.jdbc.JdbcSyncStateStore;
import io.rostersync.model.SyncId;
import io.rostersync.spi.InvalidConfigurationException;
import io.rostersync.spi.SyncStateStore;
import io.rostersync.spring.boot.internal.PropertySyncs;
import io.rostersync.spring.boot.internal.StoreStartup;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnSingleCandidate;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The state store and the registry of syncs.
 *
 * <ul>
 *   <li>A {@link JdbcSyncStateStore} on the application's {@code DataSource}, migrated at start-up unless
 *       {@code rostersync.store.migrate=false} (then a missing or old schema fails start-up with
 *       {@code StateSchemaMissingException}); not created when the application declares a {@link SyncStateStore}.</li>
 *   <li>{@link RosterSyncs}: every {@link SyncDefinition} bean and every {@code rostersync.syncs.*} entry, with the
 *       host's {@link SyncListener} and {@link SyncInstrumentation} beans. Two syncs with one id, a property naming
 *       a bean that does not exist, or syncs without a store fail start-up with a message saying what to fix.</li>
 * </ul>
 *
 * @since 0.2.0
 */
@AutoConfiguration(afterName = "org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration")
@EnableConfigurationProperties(RosterSyncProperties.class)
public class RosterSyncAutoConfiguration {

    /** Creates the auto-configuration; Spring calls it. */
    public RosterSyncAutoConfiguration() {
    }

    /** The JDBC state store on the application's single {@code DataSource}. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnSingleCandidate(DataSource.class)
    @ConditionalOnMissingBean(SyncStateStore.class)
    static class JdbcStoreConfiguration {

        @Bean
        JdbcSyncStateStore rosterSyncStateStore(DataSource dataSource, RosterSyncProperties properties) {
            return StoreStartup.start(dataSource, properties.getStore());
        }
    }

    /**
     * The registry of the application's syncs.
     *
     * @param properties    the bound properties
     * @param beans         the host's {@link SyncDefinition} beans, and where property syncs find their
     *                      directories, policies and pools
     * @param store         the state store, if any
     * @param listeners     the host's listeners
     * @param instrumentation instrumentation beans (Micrometer's, the host's)
     * @return the registry
     */
    @Bean
    @ConditionalOnMissingBean
    public RosterSyncs rosterSyncs(RosterSyncProperties properties, ListableBeanFactory beans,
                                   ObjectProvider<SyncStateStore> store,
                                   ObjectProvider<SyncListener> listeners, ObjectProvider<SyncInstrumentation> instrumentation) {
        Map<SyncId, String> origins = new LinkedHashMap<>();
        List<SyncDefinition> all = new ArrayList<>();
        for (Map.Entry<String, SyncDefinition> bean : beans.getBeansOfType(SyncDefinition.class).entrySet()) {
            add(all, origins, bean.getValue(), "the SyncDefinition bean '" + bean.getKey() + "'");
        }
        for (SyncDefinition sync : PropertySyncs.from(properties.getSyncs(), beans)) {
            add(all, origins, sync, "the properties rostersync.syncs." + sync.id().value() + ".*");
        }
        RosterSyncs.Builder builder = RosterSyncs.builder().leaseTtl(properties.getLeaseTtl());
        String node = properties.getNodeName();
        if (node != null && !node.isBlank()) {
            builder.owner(node.trim());
        }
        SyncStateStore shared = store.getIfUnique();
        if (shared != null) {
            builder.stateStore(shared);
        }
        all.forEach(builder::sync);
        listeners.orderedStream().forEach(builder::listener);
        instrumentation.orderedStream().forEach(builder::instrumentation);
        return builder.build();
    }

    private static void add(List<SyncDefinition> all, Map<SyncId, String> origins, SyncDefinition sync, String origin) {
        String earlier = origins.putIfAbsent(sync.id(), origin);
        if (earlier != null) {
            throw new InvalidConfigurationException("rostersync: the sync id '" + sync.id().value() + "' is declared twice, by "
                    + earlier + " and by " + origin + "; give each sync its own id (it keys the sync's links, cursor and run history)");
        }
        all.add(sync);
    }
}
