package io.rostersync.salesforce;

import static org.assertj.core.api.Assertions.assertThat;

import io.rostersync.engine.RunOptions;
import io.rostersync.engine.SyncRunner;
import io.rostersync.model.SyncId;
import io.rostersync.model.UserProfile;
import io.rostersync.policy.LicenseRule;
import io.rostersync.policy.SyncPolicy;
import io.rostersync.spi.ActionKind;
import io.rostersync.spi.RunStatus;
import io.rostersync.spi.SyncReport;
import io.rostersync.testkit.InMemorySyncStateStore;
import io.rostersync.testkit.InMemoryUserDirectory;
import io.rostersync.testkit.RosterGenerator;
import io.rostersync.emulators.salesforce.SalesforceEmulator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * How many API calls provisioning costs, counted by the emulator: new users created in Salesforce, each
 * given a Talkdesk permission set, a permission set license seat and its call centre. The count is exact
 * and linear in the number of users; the default run uses 40 users to stay fast (batching of 200 is shown in SalesforceUserDirectoryTest), and
 * {@code -Drostersync.salesforce.provisionUsers=1000} measures the 1,000 (minutes on a loaded
 * machine, at tens of milliseconds per loopback request; disable JUnit timeouts for it with
 * {@code -Djunit.jupiter.execution.timeout.mode=disabled}). Also: a run that reaches the daily budget
 * floor stops cleanly and the next one finishes the work.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ApiCallCountTest {

    private static final String[] ROLES = {"Agent", "Agent", "Agent", "Supervisor", "Admin"};

    private static InMemoryUserDirectory hr(int n) {
        InMemoryUserDirectory hr = InMemoryUserDirectory.create("hr");
        List<UserProfile> people = new RosterGenerator(1000).profiles(n);
        for (int i = 0; i < people.size(); i++) {
            hr.add(people.get(i).toBuilder().roles(List.of(ROLES[i % ROLES.length])).groups(List.of())
                    .attributes(Map.of()).build());
        }
        return hr;
    }

    private static SyncRunner.Builder provisioning(SalesforceEmulator org, SalesforceConnection connection, InMemoryUserDirectory hr,
                                                   InMemorySyncStateStore state, String callCenter) {
        SyncPolicy policy = SyncPolicy.builder()
                .permissions(TalkdeskPermissionSets.mapper())
                .license(LicenseRule.everyone(TalkdeskPermissionSets.STANDARD))
                .build();
        return SyncRunner.builder().syncId(SyncId.of("hr-to-salesforce")).source(hr)
                .target(Orgs.directory(connection, org)).policy(policy).stateStore(state)
                .licensePool(SalesforceLicensePool.builder(connection, "Talkdesk_for_Salesforce")
                        .licenseId(TalkdeskPermissionSets.STANDARD).callCenter(callCenter).build());
    }

    private record Seeded(String callCenter, String license) {
    }

    private static Seeded seed(SalesforceEmulator org, int seats) {
        org.addPermissionSet("Talkdesk_Admin", TalkdeskPermissionSets.ADMIN);
        org.addPermissionSet("Talkdesk_Supervisor", TalkdeskPermissionSets.SUPERVISOR);
        org.addPermissionSet("Talkdesk_Agent", TalkdeskPermissionSets.AGENT);
        String license = org.addPermissionSetLicense("Talkdesk_for_Salesforce", "Talkdesk for Salesforce", seats, Optional.empty());
        return new Seeded(org.addCallCenter("Talkdesk for Salesforce"), license);
    }

    @Test
    void provisioningBatchesCreatesGrantsSeatsAndCallCentresTwoHundredAtATime() {
        int n = Integer.getInteger("rostersync.salesforce.provisionUsers", 40);
        try (SalesforceEmulator org = SalesforceEmulator.start()) {
            Seeded seeded = seed(org, n);
            String cc = seeded.callCenter();
            SalesforceConnection connection = Orgs.connection(org);

            SyncReport report = provisioning(org, connection, hr(n), new InMemorySyncStateStore(), cc).build().run(RunOptions.defaults());

            assertThat(report.status()).as(report.message()).isEqualTo(RunStatus.SUCCEEDED);
            assertThat(report.planned()).containsEntry(ActionKind.CREATE, n).containsEntry(ActionKind.GRANT_PERMISSION, n)
                    .containsEntry(ActionKind.ASSIGN_LICENSE, n);
            int batches = (n + 199) / 200;
            assertThat(org.requestCount("collections.create:User")).isEqualTo(n);
            assertThat(org.requestCount("collections.create")).as("user creates, set grants and seats each go 200 at a time")
                    .isEqualTo(3 * batches);
            assertThat(org.requestCount("collections.update")).as("call centres go 200 at a time").isEqualTo(batches);
            assertThat(org.usedLicenses(seeded.license())).isEqualTo(n);
            assertThat(org.userIds()).allSatisfy(id -> assertThat(org.callCenterOf(id)).contains(cc));
            Map<String, Integer> counts = new TreeMap<>(org.requestCounts());
            System.out.println("[api-calls] " + n + " users created with set, seat and call centre: " + org.apiRequestCount()
                    + " REST calls, " + org.tokensIssued() + " token request(s); by endpoint " + counts);
        }
    }

    @Test
    void aRunThatReachesTheBudgetFloorStopsCleanlyAndTheNextRunFinishes() {
        try (SalesforceEmulator org = SalesforceEmulator.start()) {
            Seeded seeded = seed(org, 100);
            String cc = seeded.callCenter();
            // Provisioning 40 users costs 9 calls (5 of them reads): a floor 7 calls away stops it part-way.
            org.setDailyApiLimit(57);
            InMemorySyncStateStore state = new InMemorySyncStateStore();
            InMemoryUserDirectory hr = hr(40);
            SalesforceConnection tight = Orgs.connection(org, new Orgs.RecordingSleeper()).dailyApiFloor(50).build();

            SyncReport first = provisioning(org, tight, hr, state, cc).build().run(RunOptions.defaults());

            assertThat(first.status()).isEqualTo(RunStatus.PARTIAL);
            assertThat(first.failures()).isNotEmpty()
                    .allSatisfy(f -> assertThat(f.kind()).isEqualTo(io.rostersync.spi.FailureKind.RATE_LIMITED));
            assertThat(org.dailyApiUsed()).isLessThanOrEqualTo(57 - 50 + 1);

            org.resetDailyApiUsage(); // a new day
            SyncReport second = provisioning(org, Orgs.connection(org), hr, state, cc).build().run(RunOptions.defaults());

            assertThat(second.status()).as(second.message()).isEqualTo(RunStatus.SUCCEEDED);
            assertThat(org.userIds()).hasSize(40);
            assertThat(org.usedLicenses(seeded.license())).isEqualTo(40);
            assertThat(org.userIds()).allSatisfy(id -> assertThat(org.callCenterOf(id)).contains(cc));
        }
    }

    @Test
    void revokingSeatsCostsFourCallsPerTwoHundredUsersAndTakesThemOutOfTheCallCentre() {
        int n = 250;
        try (SalesforceEmulator org = SalesforceEmulator.start()) {
            Seeded seeded = seed(org, n);
            SalesforceConnection connection = Orgs.connection(org);
            SalesforceLicensePool pool = SalesforceLicensePool.builder(connection, "Talkdesk_for_Salesforce")
                    .callCenter(seeded.callCenter()).build();
            List<io.rostersync.model.NativeId> users = new RosterGenerator(7).profiles(n).stream()
                    .map(p -> io.rostersync.model.NativeId.of(org.addUser(p))).toList();
            assertThat(pool.assignAll(users)).hasSize(n).allSatisfy(r -> assertThat(r).isEmpty());
            assertThat(org.usedLicenses(seeded.license())).isEqualTo(n);
            int before = org.apiRequestCount();

            assertThat(pool.revokeAll(users)).hasSize(n).allSatisfy(r -> assertThat(r).isEmpty());

            assertThat(org.apiRequestCount() - before).as("seat query, user query, call centre update and seat delete per 200")
                    .isEqualTo(4 * 2);
            assertThat(org.usedLicenses(seeded.license())).isZero();
            assertThat(org.userIds()).allSatisfy(id -> assertThat(org.callCenterOf(id)).isEmpty());
        }
    }
}
