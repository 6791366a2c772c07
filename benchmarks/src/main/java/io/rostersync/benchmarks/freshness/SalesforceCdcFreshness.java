package io.rostersync.benchmarks.freshness;

import io.rostersync.jdbc.nodes.Await;
import io.grpc.ManagedChannel;
import io.rostersync.emulators.RecordedRequest;
import io.rostersync.emulators.salesforce.SalesforceEmulator;
import io.rostersync.emulators.salesforce.pubsub.SalesforcePubSubEmulator;
import io.rostersync.engine.UserHints;
import io.rostersync.model.SyncId;
import io.rostersync.model.UserProfile;
import io.rostersync.model.UserStatus;
import io.rostersync.policy.DeletionGuard;
import io.rostersync.policy.IdentityMatchers;
import io.rostersync.policy.SyncPolicy;
import io.rostersync.policy.UnmatchedAction;
import io.rostersync.salesforce.NewUserDefaults;
import io.rostersync.salesforce.SalesforceConnection;
import io.rostersync.salesforce.SalesforceUserDirectory;
import io.rostersync.salesforce.cdc.SalesforceUserChanges;
import io.rostersync.spi.UserDirectory;
import io.rostersync.testkit.InMemorySyncStateStore;
import io.rostersync.testkit.RosterGenerator;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * Salesforce Change Data Capture for the freshness benchmark: the Salesforce emulator with its latency on every
 * REST response and on every Pub/Sub response that carries events, the Salesforce provider as the sync's source,
 * and the host's subscriber: {@link SalesforceUserChanges} on the emulator's in-process Pub/Sub channel, keeping
 * its replay id in an in-memory state store and offering each changed user to the hints.
 *
 * <p>Changes are made as an admin would in Salesforce: renames set {@code LastName}, deactivations and
 * reactivations set {@code IsActive}, creates add a user. Salesforce has no role the host owns here, so there are
 * no role changes.
 */
final class SalesforceCdcFreshness implements FreshnessSource {

    private static final SyncId SYNC = SyncId.of("freshness");

    private final Map<String, String> ids = new HashMap<>();
    private final InMemorySyncStateStore positions = new InMemorySyncStateStore();
    private @Nullable SalesforceEmulator org;
    private @Nullable ManagedChannel channel;
    private @Nullable SalesforceConnection connection;
    private @Nullable SalesforceUserChanges changes;

    @Override
    public String describe() {
        return "Salesforce CDC (Pub/Sub API)";
    }

    @Override
    public Set<Kind> kinds() {
        return EnumSet.of(Kind.CREATE, Kind.RENAME, Kind.DEACTIVATE, Kind.REACTIVATE);
    }

    private SalesforceEmulator org() {
        if (org == null) {
            throw new IllegalStateException("not started");
        }
        return org;
    }

    private SalesforceConnection connection() {
        if (connection == null) {
            throw new IllegalStateException("not started");
        }
        return connection;
    }

    @Override
    public List<String> start(Duration latency, int users, long seed) {
        SalesforceEmulator o = SalesforceEmulator.builder().latency(latency).start();
        org = o;
        o.setLatency(latency);
        o.setDailyApiLimit(10_000_000);
        SalesforcePubSubEmulator pubSub = o.pubSub();
        pubSub.setLatency(latency);
        channel = pubSub.channel();
        connection = o.connection().build();
        List<String> staff = new ArrayList<>();
        for (String id : o.addUsers(new RosterGenerator(seed).profiles(users))) {
            Map<String, Object> u = o.record(id).orElseThrow();
            String email = String.valueOf(u.get("Email")).toLowerCase(Locale.ROOT);
            ids.put(email, id);
            if (Boolean.TRUE.equals(u.get("IsActive"))) {
                staff.add(email);
            }
        }
        return staff;
    }

    @Override
    public UserDirectory directory() {
        return SalesforceUserDirectory.builder(connection()).name("salesforce:bench")
                .newUserDefaults(NewUserDefaults.of(org().defaultProfileId())).build();
    }

    @Override
    public SyncPolicy policy() {
        return SyncPolicy.builder()
                .matcher(IdentityMatchers.chain(IdentityMatchers.byLink(), IdentityMatchers.byEmail()))
                .onUnmatched(UnmatchedAction.CREATE_ACTIVE)
                .deletionGuard(DeletionGuard.of(10_000, 1.0))
                .build();
    }

    @Override
    public void connect(UserHints hints) throws Exception {
        ManagedChannel ch = channel;
        if (ch == null) {
            throw new IllegalStateException("not started");
        }
        SalesforceUserChanges c = SalesforceUserChanges.builder(connection()).channel(ch).position(positions, SYNC)
                .hints(hints).build();
        changes = c;
        c.start();
        // No stored replay id: it subscribes from the latest event, so changes must wait for the open stream.
        Await.until("the subscribe stream is open", Duration.ofSeconds(30), Duration.ofMillis(10),
                () -> org().pubSub().openStreams() > 0);
    }

    @Override
    public void apply(Kind kind, String email, String value) {
        SalesforceEmulator o = org();
        if (kind == Kind.CREATE) {
            int space = value.indexOf(' ');
            UserProfile p = UserProfile.builder().email(email).firstName(value.substring(0, space))
                    .lastName(value.substring(space + 1)).status(UserStatus.ACTIVE).build();
            ids.put(email, o.addUser(p));
            return;
        }
        String id = ids.get(email);
        if (id == null) {
            throw new IllegalArgumentException("no such user: " + email);
        }
        switch (kind) {
            case RENAME -> o.update(id, "LastName", value);
            case DEACTIVATE -> o.update(id, "IsActive", false);
            case REACTIVATE -> o.update(id, "IsActive", true);
            case ROLE_CHANGE -> throw new IllegalArgumentException("no role changes for Salesforce");
            case CREATE -> throw new IllegalStateException("handled above");
        }
    }

    @Override
    public String otherRole(String role) {
        return role;
    }

    @Override
    public String role(String email) {
        return "";
    }

    @Override
    public int requests() {
        return org().requestCount();
    }

    @Override
    public Map<String, Integer> byEndpoint() {
        Map<String, Integer> counts = new TreeMap<>();
        for (RecordedRequest r : org().requests()) {
            counts.merge(r.method() + " " + r.path().replaceAll("/005\\w+", "/{id}").replaceAll("/v\\d+\\.\\d+", "/vXX.X"), 1, Integer::sum);
        }
        return counts;
    }

    @Override
    public int rateLimited() {
        return 0;
    }

    @Override
    public String events() {
        if (changes == null) {
            return "no subscriber";
        }
        SalesforceUserChanges.Stats s = changes.stats();
        return String.format(Locale.ROOT, "%d change events received, %d users hinted, %d gap, %d overflow, "
                        + "%d incremental runs asked, %d reconnects, %d positions saved",
                s.events(), s.usersHinted(), s.gapEvents(), s.overflowEvents(), s.incrementalRunsRequested(),
                s.reconnects(), s.positionsSaved());
    }

    @Override
    public void close() {
        if (changes != null) {
            changes.close();
        }
        if (channel != null) {
            channel.shutdownNow();
        }
        if (org != null) {
            org.close();
        }
    }
}
