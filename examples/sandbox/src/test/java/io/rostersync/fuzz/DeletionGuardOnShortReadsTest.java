package io.rostersync.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import io.rostersync.http.HttpSettings;
import io.rostersync.csv.CsvExport;
import io.rostersync.csv.CsvUserDirectory;
import io.rostersync.engine.RunOptions;
import io.rostersync.engine.SyncRunner;
import io.rostersync.http.HttpAuth;
import io.rostersync.http.RetryPolicy;
import io.rostersync.http.Secret;
import io.rostersync.model.NativeId;
import io.rostersync.model.SyncId;
import io.rostersync.model.UserProfile;
import io.rostersync.model.UserRecord;
import io.rostersync.model.UserStatus;
import io.rostersync.policy.SyncPolicy;
import io.rostersync.salesforce.SalesforceConnection;
import io.rostersync.salesforce.SalesforceUserDirectory;
import io.rostersync.scim.ScimUserDirectory;
import io.rostersync.spi.RosterSyncException;
import io.rostersync.spi.RunStatus;
import io.rostersync.spi.SyncReport;
import io.rostersync.spi.UserDirectory;
import io.rostersync.talkdesk.TalkdeskRegion;
import io.rostersync.talkdesk.TalkdeskUserDirectory;
import io.rostersync.testkit.InMemorySyncStateStore;
import io.rostersync.testkit.InMemoryUserDirectory;
import io.rostersync.testkit.RosterGenerator;
import io.rostersync.emulators.salesforce.SalesforceEmulator;
import io.rostersync.emulators.Fault;
import io.rostersync.emulators.scim.ScimEmulator;
import io.rostersync.emulators.talkdesk.TalkdeskEmulator;
import io.rostersync.emulators.zendesk.ZendeskEmulator;
import io.rostersync.emulators.Fault;
import io.rostersync.zendesk.ZendeskDirectory;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The deletion guard against short reads, for every provider: a target synced from the full source,
 * then the same sync over a source that comes back truncated (the emulator's truncation fault, or a
 * file cut short) or empty (an emptied emulator, an empty file). Each such run ends refused by the
 * guard (an empty read), with every deprovision held (a short one), or failed, and nobody in the target
 * is deactivated or deleted.
 */
@Timeout(60)
class DeletionGuardOnShortReadsTest {

    private static final int USERS = 40;
    private static final long SEED = 7;
    private static final Set<RunStatus> BLOCKED = EnumSet.of(RunStatus.REFUSED_BY_GUARD, RunStatus.HELD, RunStatus.FAILED);
    private static final Map<String, String> OUTCOMES = new TreeMap<>();

    /** One sync id, state store and target; the source changes between runs. */
    private static final class Synced {
        final String name;
        final InMemoryUserDirectory target;
        final InMemorySyncStateStore store = new InMemorySyncStateStore();
        final int users;

        Synced(String name, UserDirectory full) {
            this.name = name;
            this.target = InMemoryUserDirectory.create(name + "-target");
            SyncReport first = runner(full).run(RunOptions.defaults());
            assertThat(first.status()).as(first.message()).isEqualTo(RunStatus.SUCCEEDED);
            users = active().size();
            assertThat(users).isGreaterThanOrEqualTo(USERS);
        }

        SyncRunner runner(UserDirectory source) {
            return SyncRunner.builder().syncId(SyncId.of(name)).source(source).target(target)
                    .policy(SyncPolicy.builder().build()).stateStore(store).build();
        }

        /**
         * A full run over the short source: refused, held or failed (or, when the source itself reported the rows
         * it could not read, run without deprovisioning for absence), and every user still there and active.
         */
        void assertNothingDeprovisionedBy(String what, UserDirectory shortSource) {
            Map<NativeId, UserStatus> before = statuses();
            RunStatus status;
            String message;
            boolean readProblems = false;
            try {
                SyncReport report = runner(shortSource).run(RunOptions.defaults().withForceFull());
                status = report.status();
                message = report.message();
                readProblems = !report.readProblems().isEmpty();
            } catch (RosterSyncException e) {
                status = RunStatus.FAILED;
                message = e.getMessage();
            }
            if (!readProblems) {
                assertThat(status).as(name + ", " + what + ": " + message).isIn(BLOCKED);
            }
            OUTCOMES.put(name + " | " + what, status + (readProblems ? " (read problems reported)" : ""));
            assertThat(statuses()).as(name + ", " + what).isEqualTo(before);
            assertThat(active()).as(name + ", " + what).hasSize(users);
        }

        Map<NativeId, UserStatus> statuses() {
            Map<NativeId, UserStatus> m = new HashMap<>();
            target.all().forEach(r -> m.put(r.id(), r.profile().status()));
            return m;
        }

        List<UserRecord> active() {
            return target.all().stream().filter(r -> r.profile().status() == UserStatus.ACTIVE).collect(Collectors.toList());
        }
    }

    @AfterAll
    static void printOutcomes() {
        StringBuilder b = new StringBuilder("\n| provider | short read | outcome |\n|---|---|---|\n");
        OUTCOMES.forEach((k, v) -> b.append("| ").append(k).append(" | ").append(v).append(" |\n"));
        System.out.println(b);
    }

    private static List<UserProfile> people() {
        return people(USERS);
    }

    private static List<UserProfile> people(int count) {
        return new RosterGenerator(SEED).profiles(count).stream()
                .map(p -> p.toBuilder().status(UserStatus.ACTIVE).roles(List.of()).groups(List.of()).build())
                .collect(Collectors.toList());
    }

    @Test
    void inMemorySourceThatComesBackShortOrEmptyOrFailingDeprovisionsNobody() {
        InMemoryUserDirectory full = InMemoryUserDirectory.builder("hr").pageSize(10).build();
        people().forEach(full::add);
        Synced synced = new Synced("in-memory", full);

        InMemoryUserDirectory shortRead = InMemoryUserDirectory.create("hr");
        full.all().subList(0, USERS / 10).forEach(shortRead::put);
        synced.assertNothingDeprovisionedBy("a tenth of the users", shortRead);
        synced.assertNothingDeprovisionedBy("no users", InMemoryUserDirectory.create("hr"));
        synced.assertNothingDeprovisionedBy("a read failing after the first page", full.failReadsAfterPages(1));
    }

    @Test
    void csvFileCutShortOrEmptyDeprovisionsNobody(@TempDir Path dir) throws IOException {
        InMemoryUserDirectory people = InMemoryUserDirectory.create("people");
        people().forEach(people::add);
        List<UserRecord> records = people.all();
        Path file = dir.resolve("team.csv");
        CsvExport.defaults().writeRecords(records, file);
        Synced synced = new Synced("csv", CsvUserDirectory.readOnly(file));

        Path tenth = dir.resolve("tenth.csv");
        CsvExport.defaults().writeRecords(records.subList(0, USERS / 10), tenth);
        synced.assertNothingDeprovisionedBy("a file with a tenth of the rows", CsvUserDirectory.readOnly(tenth));
        Path cut = dir.resolve("cut.csv");
        String text = Files.readString(file, StandardCharsets.UTF_8);
        Files.writeString(cut, text.substring(0, text.length() / 8), StandardCharsets.UTF_8);
        synced.assertNothingDeprovisionedBy("a file cut mid-row", CsvUserDirectory.readOnly(cut));
        Path headerOnly = dir.resolve("header.csv");
        Files.writeString(headerOnly, text.substring(0, text.indexOf('\n') + 1), StandardCharsets.UTF_8);
        synced.assertNothingDeprovisionedBy("a header-only file", CsvUserDirectory.readOnly(headerOnly));
        Path empty = dir.resolve("empty.csv");
        Files.writeString(empty, "", StandardCharsets.UTF_8);
        synced.assertNothingDeprovisionedBy("a zero-byte file", CsvUserDirectory.readOnly(empty));
    }

    @Test
    void zendeskTruncatedPageOrEmptiedAccountDeprovisionsNobody() throws Exception {
        try (ZendeskEmulator full = ZendeskEmulator.builder().apiToken("a@abc-energy.example", "tok").start()) {
            full.seed(new RosterGenerator(SEED), USERS);
            Synced synced = new Synced("zendesk", zendesk(full.baseUri()));
            full.faults().next(ZendeskEmulator.LIST_USERS, Fault.truncatedBody());
            synced.assertNothingDeprovisionedBy("a users page cut off mid-JSON", zendesk(full.baseUri()));
            full.faults().next(ZendeskEmulator.LIST_USERS, Fault.emptyList());
            synced.assertNothingDeprovisionedBy("an emptied account (an empty users list)", zendesk(full.baseUri()));
        }
    }

    private static ZendeskDirectory zendesk(URI base) {
        return ZendeskDirectory.builder().subdomain("abc-energy").apiToken("a@abc-energy.example", Secret.of("tok"))
                .baseUriForTesting(base).pageSize(10).withoutClientRateLimits().http(HttpSettings.builder().retryPolicy(RetryPolicy.none()).build()).build();
    }

    @Test
    void talkdeskTruncatedUsersPageOrEmptiedAccountDeprovisionsNobody() throws Exception {
        try (TalkdeskEmulator full = TalkdeskEmulator.builder().scimRequestsPerSecond(1000).start();
             TalkdeskEmulator empty = TalkdeskEmulator.builder().scimRequestsPerSecond(1000).start()) {
            people().forEach(full::add);
            Synced synced = new Synced("talkdesk", talkdesk(full));
            full.faults().next(TalkdeskEmulator.LIST_USERS, Fault.emptyList());
            synced.assertNothingDeprovisionedBy("a users page claiming more with no next link", talkdesk(full));
            synced.assertNothingDeprovisionedBy("an emptied account", talkdesk(empty));
        }
    }

    private static TalkdeskUserDirectory talkdesk(TalkdeskEmulator emulator) {
        return TalkdeskUserDirectory.builder("acme", TalkdeskRegion.US)
                .clientCredentials(emulator.clientId(), Secret.of(emulator.clientSecret()))
                .endpoints(emulator.apiBaseUri(), emulator.tokenUri()).scimRequestsPerSecond(1000).restPageSize(10)
                .http(HttpSettings.builder().allowInsecureLoopback().retryPolicy(RetryPolicy.none()).build()).build();
    }

    @Test
    void scimTruncatedListOrEmptiedServiceDeprovisionsNobody() {
        try (ScimEmulator full = ScimEmulator.builder().start(); ScimEmulator empty = ScimEmulator.builder().start()) {
            URI fullBase = full.baseUri();
            URI emptyBase = empty.baseUri();
            people().forEach(full::add);
            Synced synced = new Synced("scim", scim(fullBase));
            full.faults().next(ScimEmulator.LIST_USERS, Fault.emptyList());
            synced.assertNothingDeprovisionedBy("an empty page while totalResults says more", scim(fullBase));
            synced.assertNothingDeprovisionedBy("an emptied service", scim(emptyBase));
        }
    }

    private static ScimUserDirectory scim(URI base) {
        return ScimUserDirectory.builder("scim:guard", base).auth(HttpAuth.bearer(Secret.of("scim-token")))
                .http(HttpSettings.builder().allowInsecureLoopback().retryPolicy(RetryPolicy.none())
                        .requestTimeout(Duration.ofSeconds(5)).build())
                .pageSize(10).build();
    }

    @Test
    void salesforceTruncatedQueryOrEmptiedOrgDeprovisionsNobody() {
        try (SalesforceEmulator full = SalesforceEmulator.start(); SalesforceEmulator empty = SalesforceEmulator.start()) {
            people(250).forEach(full::addUser); // more than one 200-row query page, so a page can be cut
            Synced synced = new Synced("salesforce", salesforce(full));
            // Aimed at the second page of the user query: emptied while it says more follow, cut off mid-JSON,
            // not JSON at all, then a dropped connection.
            full.faults().next(SalesforceEmulator.QUERY_MORE, io.rostersync.emulators.Fault.emptyList());
            synced.assertNothingDeprovisionedBy("the second query page empty while it says more follow", salesforce(full));
            full.faults().next(SalesforceEmulator.QUERY_MORE, io.rostersync.emulators.Fault.truncatedBody());
            synced.assertNothingDeprovisionedBy("the second query page cut off mid-JSON", salesforce(full));
            full.faults().next(SalesforceEmulator.QUERY_MORE, io.rostersync.emulators.Fault.malformedBody());
            synced.assertNothingDeprovisionedBy("the second query page not JSON", salesforce(full));
            full.faults().next(SalesforceEmulator.QUERY_MORE, io.rostersync.emulators.Fault.resetMidBody());
            synced.assertNothingDeprovisionedBy("the connection dropped in the second query page", salesforce(full));
            synced.assertNothingDeprovisionedBy("an emptied org", salesforce(empty));
        }
    }

    private static SalesforceUserDirectory salesforce(SalesforceEmulator org) {
        SalesforceConnection connection = org.connection().queryBatchSize(200)
                .http(HttpSettings.builder().allowInsecureLoopback().retryPolicy(RetryPolicy.none()).build()).build();
        return SalesforceUserDirectory.builder(connection).name("salesforce:guard").build();
    }
}
