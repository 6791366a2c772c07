package io.rostersync.sandbox;

import io.rostersync.http.HttpSettings;
import io.rostersync.engine.SyncListener;
import io.rostersync.engine.SyncRunner;
import io.rostersync.http.Secret;
import io.rostersync.model.NativeId;
import io.rostersync.model.SyncId;
import io.rostersync.model.UserProfile;
import io.rostersync.policy.Deprovision;
import io.rostersync.policy.Field;
import io.rostersync.policy.LicenseRule;
import io.rostersync.policy.Ownership;
import io.rostersync.policy.Scope;
import io.rostersync.policy.SyncPolicy;
import io.rostersync.policy.UnmatchedAction;
import io.rostersync.salesforce.NewUserDefaults;
import io.rostersync.salesforce.SalesforceConnection;
import io.rostersync.salesforce.SalesforceLicensePool;
import io.rostersync.salesforce.SalesforceUserDirectory;
import io.rostersync.salesforce.TalkdeskPermissionSets;
import io.rostersync.spi.UserDirectory;
import io.rostersync.talkdesk.TalkdeskRegion;
import io.rostersync.talkdesk.TalkdeskUserDirectory;
import io.rostersync.testkit.InMemorySyncStateStore;
import io.rostersync.testkit.RosterGenerator;
import io.rostersync.emulators.salesforce.SalesforceEmulator;
import io.rostersync.emulators.talkdesk.TalkdeskEmulator;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;

/**
 * Seed 001, Talkdesk for Salesforce: admins create Talkdesk users from Salesforce users with a chosen
 * role; once seats are given in the Subscriptions App, a sync gives the newly licensed Salesforce users
 * their Talkdesk permission set by role (Admin, Supervisor, Agent; Supervisor becomes Admin on the Voice
 * product), the license and its call centre; nobody gets a seat beyond the entitlement.
 */
final class SalesforceTalkdeskScenario implements SandboxScenario {

    private static final List<String> ROLES = List.of("Agent", "Agent", "Agent", "Senior Agent", "Team Supervisor", "Team Admin");

    @Override
    public String id() {
        return "001";
    }

    @Override
    public String title() {
        return "Salesforce users -> Talkdesk users -> seats, permission sets and call centres back in Salesforce";
    }

    /** Leg 1: the "Create Talkdesk User" button for the selected Salesforce users, with the chosen role. */
    static SyncPolicy createTalkdeskUsers(Set<NativeId> selected, Map<String, String> chosenRole) {
        return SyncPolicy.builder()
                .scope(Scope.selection(selected))
                .onUnmatched(UnmatchedAction.CREATE_ACTIVE)
                .onGone(Deprovision.LEAVE)                       // Talkdesk users are never created the other way round
                .onOutOfScope(Deprovision.LEAVE)
                .own(Field.ROLES, Ownership.WHEN_EMPTY)          // the role is Talkdesk's from then on
                .profileMapper((sf, td) -> sf.profile().toBuilder()
                        .roles(Set.of(chosenRole.getOrDefault(sf.label(), "Agent")))
                        .groups(Set.of()).attributes(Map.of()).build())
                .build();
    }

    /** Leg 2: after seats change, licenses, call centres and standard permission sets back in Salesforce. */
    static SyncPolicy seatsToSalesforce(Set<String> t4sSeats, Set<String> t4svSeats) {
        return SyncPolicy.builder()
                .onUnmatched(UnmatchedAction.IGNORE)              // Talkdesk never creates Salesforce users
                .onGone(Deprovision.LEAVE)
                .onOutOfScope(Deprovision.LEAVE)
                .own(Field.EMAIL, Ownership.NEVER).own(Field.USERNAME, Ownership.NEVER)
                .own(Field.FIRST_NAME, Ownership.NEVER).own(Field.LAST_NAME, Ownership.NEVER)
                .permissions(TalkdeskPermissionSets.mapper())     // by role, only to users without a standard set yet
                .license(LicenseRule.forUsers(TalkdeskPermissionSets.STANDARD, "given a Talkdesk for Salesforce seat",
                        u -> t4sSeats.contains(u.label())))
                .license(LicenseRule.forUsers(TalkdeskPermissionSets.VOICE, "given a Talkdesk for Salesforce Voice seat",
                        u -> t4svSeats.contains(u.label())))
                .build();
    }

    @Override
    public World start(int users, long seed, SyncListener listener) throws Exception {
        RosterGenerator gen = new RosterGenerator(seed);
        Random random = gen.random();
        SalesforceEmulator org = SalesforceEmulator.start();
        org.addPermissionSet("Talkdesk_Admin", TalkdeskPermissionSets.ADMIN);
        org.addPermissionSet("Talkdesk_Supervisor", TalkdeskPermissionSets.SUPERVISOR);
        org.addPermissionSet("Talkdesk_Agent", TalkdeskPermissionSets.AGENT);
        org.addPermissionSet("Talkdesk_Admin_Voice", TalkdeskPermissionSets.ADMIN_VOICE);
        org.addPermissionSet("Talkdesk_Agent_Voice", TalkdeskPermissionSets.AGENT_VOICE);
        String t4sCallCenter = org.addCallCenter("Talkdesk for Salesforce");
        String t4svCallCenter = org.addCallCenter("Talkdesk for Salesforce Voice");
        int t4sEntitlement = Math.max(1, users / 2);
        int t4svEntitlement = Math.max(1, users / 10);
        org.addPermissionSetLicense("Talkdesk_for_Salesforce", "Talkdesk for Salesforce", t4sEntitlement,
                Optional.of(LocalDate.now().plusYears(1)));
        org.addPermissionSetLicense("Talkdesk_for_Salesforce_Voice", "Talkdesk for Salesforce Voice", t4svEntitlement,
                Optional.of(LocalDate.now().plusYears(1)));
        Set<NativeId> selected = new HashSet<>();
        Map<String, String> role = new HashMap<>();
        Set<String> t4s = new HashSet<>();
        Set<String> t4sv = new HashSet<>();
        for (UserProfile p : gen.profiles(users)) {
            String id = org.addUser(p.toBuilder().roles(List.of()).groups(List.of()).build());
            if (random.nextInt(10) < 7) {
                selected.add(NativeId.of(id));
                String email = p.email().orElseThrow().value();
                role.put(email, ROLES.get(random.nextInt(ROLES.size())));
                int seat = random.nextInt(10);
                if (seat < 6) {
                    t4s.add(email);       // a few more than the entitlement: the rest are shortfalls
                } else if (seat < 8) {
                    t4sv.add(email);
                }
            }
        }
        // Talkdesk's SCIM allows 4 requests a second; the sandbox relaxes it so thousands of creates take seconds.
        TalkdeskEmulator talkdeskEmulator = TalkdeskEmulator.builder().scimRequestsPerSecond(500).start();
        TalkdeskUserDirectory talkdesk = TalkdeskUserDirectory.builder("acme", TalkdeskRegion.US)
                .clientCredentials(talkdeskEmulator.clientId(), Secret.of(talkdeskEmulator.clientSecret()))
                .endpoints(talkdeskEmulator.apiBaseUri(), talkdeskEmulator.tokenUri())
                .scimRequestsPerSecond(500)
                .http(HttpSettings.builder().allowInsecureLoopback().build())
                .build();
        SalesforceConnection connection = org.connection() // the org's URL, client credentials, 127.0.0.1 trusted
                .http(HttpSettings.builder().allowInsecureLoopback().build())
                .build();
        SalesforceUserDirectory salesforce = SalesforceUserDirectory.builder(connection)
                .name("salesforce:emulator")
                .newUserDefaults(NewUserDefaults.of(org.defaultProfileId()))
                .build();
        SyncRunner leg1 = SyncRunner.builder().syncId(SyncId.of("salesforce-to-talkdesk")).source(salesforce).target(talkdesk)
                .policy(createTalkdeskUsers(selected, role)).stateStore(new InMemorySyncStateStore()).listener(listener).build();
        InMemorySyncStateStore seatsState = new InMemorySyncStateStore();
        SyncRunner leg2 = seatsRunner(talkdesk, salesforce, connection, t4sCallCenter, t4svCallCenter, t4s, t4sv, seatsState, listener);
        SyncRunner truncated = seatsRunner(new TruncatedSource(talkdesk, Math.max(1, users / 20)), salesforce, connection,
                t4sCallCenter, t4svCallCenter, t4s, t4sv, seatsState, listener);
        List<SyncRunner> legs = new ArrayList<>(List.of(leg1, leg2));
        return new World() {
            @Override
            public SyncRunner runner() {
                return leg2;
            }

            @Override
            public List<SyncRunner> runners() {
                return legs;
            }

            @Override
            public SyncRunner truncatedSourceRunner() {
                return truncated;
            }

            @Override
            public boolean truncationTripsGuard() {
                return false;
            }

            @Override
            public List<String> description() {
                return List.of("Salesforce emulator at " + org.baseUri() + " with " + users + " users, "
                                + selected.size() + " selected for Talkdesk with a role each",
                        "Talkdesk emulator at " + talkdeskEmulator.apiBaseUri() + ", empty (SCIM limit relaxed to 500/s for the demo)",
                        "seats given in the Subscriptions App: " + t4s.size() + " Talkdesk for Salesforce (entitlement "
                                + t4sEntitlement + "), " + t4sv.size() + " Voice (entitlement " + t4svEntitlement + ")");
            }

            @Override
            public void close() {
                talkdeskEmulator.close();
                org.close();
            }
        };
    }

    private static SyncRunner seatsRunner(UserDirectory talkdesk, SalesforceUserDirectory salesforce, SalesforceConnection connection,
                                          String t4sCallCenter, String t4svCallCenter, Set<String> t4s, Set<String> t4sv,
                                          InMemorySyncStateStore state, SyncListener listener) {
        return SyncRunner.builder().syncId(SyncId.of("talkdesk-seats-to-salesforce")).source(talkdesk).target(salesforce)
                .policy(seatsToSalesforce(t4s, t4sv)).stateStore(state).listener(listener)
                .licensePool(SalesforceLicensePool.builder(connection, "Talkdesk_for_Salesforce")
                        .licenseId(TalkdeskPermissionSets.STANDARD).callCenter(t4sCallCenter).build())
                .licensePool(SalesforceLicensePool.builder(connection, "Talkdesk_for_Salesforce_Voice")
                        .licenseId(TalkdeskPermissionSets.VOICE).callCenter(t4svCallCenter).build())
                .build();
    }

}
