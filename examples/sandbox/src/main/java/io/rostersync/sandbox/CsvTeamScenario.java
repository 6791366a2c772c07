package io.rostersync.sandbox;

import io.rostersync.csv.CsvExport;
import io.rostersync.csv.CsvUserDirectory;
import io.rostersync.engine.SyncListener;
import io.rostersync.engine.SyncRunner;
import io.rostersync.model.NativeId;
import io.rostersync.model.SyncId;
import io.rostersync.model.UserProfile;
import io.rostersync.model.UserRecord;
import io.rostersync.model.UserStatus;
import io.rostersync.policy.DeletionGuard;
import io.rostersync.policy.Field;
import io.rostersync.policy.Ownership;
import io.rostersync.policy.Scope;
import io.rostersync.policy.SyncPolicy;
import io.rostersync.policy.UnmatchedAction;
import io.rostersync.spi.UserDirectory;
import io.rostersync.testkit.InMemorySyncStateStore;
import io.rostersync.testkit.RosterGenerator;
import io.rostersync.jdbc.JdbcUserDirectory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Seed 003: a team admin uploads the whole team as CSV; the host's team table (a real database) follows
 * it: new people are added and invited, roles and campaign access change in bulk, people marked
 * inactive are deactivated, and anyone missing from the file is deactivated too. The owner running
 * the upload is protected.
 */
final class CsvTeamScenario implements SandboxScenario {

    static final List<String> ROLES = List.of("Manager", "Manager with Analytics", "Onboarding Admin", "Limited Manager");
    static final List<String> CAMPAIGNS = List.of("Call Center Manila", "Retail Cebu", "Night Shift", "Sales Davao");

    @Override
    public String id() {
        return "003";
    }

    @Override
    public String title() {
        return "CSV team upload -> host team table (authoritative: absent means deactivated)";
    }

    /** The recipe a host copies: the upload is the whole team. */
    static SyncPolicy policy() {
        return SyncPolicy.builder()
                .authoritative(true)                                   // anyone missing from the file is deactivated
                .protectTargets(Scope.matching("the team's owners", u -> u.roles().contains("Owner")))
                .onUnmatched(UnmatchedAction.CREATE_ACTIVE)
                .notifyOnCreate(true)                                  // invitation email (non-SSO companies)
                .own(Field.ROLES, Ownership.ALWAYS)                    // roles, single and bulk
                .own(Field.GROUPS, Ownership.ALWAYS)                   // campaign access, in bulk
                .deletionGuard(DeletionGuard.of(10, 0.5))              // an upload may retire up to half the team
                .build();
    }

    @Override
    public World start(int users, long seed, SyncListener listener) throws Exception {
        Path dir = Files.createTempDirectory("rostersync-sandbox-003-");
        RosterGenerator gen = new RosterGenerator(seed);
        Random random = gen.random();

        JdbcUserDirectory team = HostDatabase.usersTable("host-team");
        team.create(UserProfile.builder().email("owner@talkpush.example").firstName("Olivia").lastName("Owner")
                .role("Owner").build(), io.rostersync.spi.CreateOptions.silent());

        // The upload: most of the team, with roles and campaigns, a few marked inactive.
        List<UserRecord> upload = new ArrayList<>();
        int existing = 0;
        for (UserProfile p : gen.profiles(users)) {
            UserProfile row = p.toBuilder()
                    .roles(List.of(ROLES.get(random.nextInt(ROLES.size()))))
                    .groups(List.of(CAMPAIGNS.get(random.nextInt(CAMPAIGNS.size()))))
                    .status(random.nextInt(25) == 0 ? UserStatus.INACTIVE : UserStatus.ACTIVE)
                    .build();
            upload.add(UserRecord.of(NativeId.of(row.email().orElseThrow().value()), row));
            if (random.nextInt(3) == 0) { // already on the team, with older roles and campaigns
                team.create(p.toBuilder().roles(List.of("Limited Manager")).groups(List.of()).build(),
                        io.rostersync.spi.CreateOptions.silent());
                existing++;
            }
        }
        int leavers = Math.max(1, users / 20);
        for (UserProfile p : gen.profiles(leavers)) { // on the team, missing from the upload
            team.create(p.toBuilder().role("Manager").build(), io.rostersync.spi.CreateOptions.silent());
        }
        Path file = dir.resolve("team-upload.csv");
        CsvExport.defaults().writeRecords(upload, file);
        Path truncated = dir.resolve("team-upload-truncated.csv");
        CsvExport.defaults().writeRecords(upload.subList(0, Math.max(1, upload.size() / 10)), truncated);

        InMemorySyncStateStore store = new InMemorySyncStateStore();
        SyncId syncId = SyncId.of("csv-team-upload");
        SyncRunner runner = runner(syncId, CsvUserDirectory.readOnly(file), team, store, listener);
        SyncRunner truncatedRunner = runner(syncId, CsvUserDirectory.readOnly(truncated), team, store, listener);
        int existingCount = existing;
        return new World() {
            @Override
            public SyncRunner runner() {
                return runner;
            }

            @Override
            public SyncRunner truncatedSourceRunner() {
                return truncatedRunner;
            }

            @Override
            public List<String> description() {
                return List.of("upload " + file + ": " + upload.size() + " rows",
                        "host team (H2 database): 1 owner, " + existingCount + " members also in the upload, "
                                + leavers + " members missing from it",
                        "truncated upload for the guard demo: " + truncated + " (first 10% of the rows)");
            }

            @Override
            public void close() throws Exception {
                Files.deleteIfExists(file);
                Files.deleteIfExists(truncated);
                Files.deleteIfExists(dir);
            }
        };
    }

    private static SyncRunner runner(SyncId syncId, UserDirectory source, UserDirectory target,
                                     InMemorySyncStateStore store, SyncListener listener) {
        return SyncRunner.builder().syncId(syncId).source(source).target(target).policy(policy())
                .stateStore(store).listener(listener).build();
    }
}
