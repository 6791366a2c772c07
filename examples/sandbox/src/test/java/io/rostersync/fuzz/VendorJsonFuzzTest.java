package io.rostersync.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import io.rostersync.http.HttpSettings;
import io.rostersync.engine.RunOptions;
import io.rostersync.engine.SyncRunner;
import io.rostersync.http.HttpAuth;
import io.rostersync.http.RetryPolicy;
import io.rostersync.http.Secret;
import io.rostersync.model.Cursor;
import io.rostersync.model.NativeId;
import io.rostersync.model.SyncId;
import io.rostersync.model.UserRecord;
import io.rostersync.model.UserStatus;
import io.rostersync.policy.SyncPolicy;
import io.rostersync.salesforce.SalesforceConnection;
import io.rostersync.salesforce.SalesforceUserDirectory;
import io.rostersync.scim.ScimUserDirectory;
import io.rostersync.spi.Capability;
import io.rostersync.spi.RosterSyncException;
import io.rostersync.spi.RunStatus;
import io.rostersync.spi.SyncReport;
import io.rostersync.spi.UserDirectory;
import io.rostersync.spi.UserPage;
import io.rostersync.spi.UserPages;
import io.rostersync.talkdesk.TalkdeskRegion;
import io.rostersync.talkdesk.TalkdeskUserDirectory;
import io.rostersync.testkit.InMemorySyncStateStore;
import io.rostersync.testkit.InMemoryUserDirectory;
import io.rostersync.testkit.RosterGenerator;
import io.rostersync.emulators.salesforce.SalesforceEmulator;
import io.rostersync.emulators.scim.ScimEmulator;
import io.rostersync.emulators.talkdesk.TalkdeskEmulator;
import io.rostersync.emulators.zendesk.ZendeskEmulator;
import io.rostersync.zendesk.ZendeskDirectory;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Seeded fuzzing of every vendor JSON parser over real loopback HTTP: each provider's read path
 * (full read, incremental read where it has one, single get) is fed mutations of the vendor's public
 * sample bodies and of its own emulator's answers. Every case must end in records and read problems or
 * in a {@link RosterSyncException}; never an NPE, class-cast, index, number-format or other untyped
 * exception. Every 50th case also runs a sync over the mutated source into a previously synced
 * in-memory target: a failed read writes nothing, and a read with problems deprovisions nobody.
 *
 * <p>Cases per parser: {@code -Drostersync.fuzz.cases=N} (default 10,000; {@code -Pfuzz-long} sets 50,000);
 * base seed: {@code -Drostersync.fuzz.seed=S}. A failure message names the case seed to replay.
 */
@Timeout(900) // a hang guard only: -Pfuzz-long runs five times the default cases
class VendorJsonFuzzTest {

    static final int CASES = Integer.getInteger("rostersync.fuzz.cases", 10_000);
    static final long SEED = Long.getLong("rostersync.fuzz.seed", 20261122L);
    private static final int SYNC_EVERY = 50;
    private static final Map<String, String> TABLE = new TreeMap<>();

    @AfterAll
    static void printTable() {
        StringBuilder b = new StringBuilder("\n| parser | cases | values | typed errors | untyped | sync runs checked |\n|---|---|---|---|---|---|\n");
        TABLE.values().forEach(b::append);
        System.out.println(b);
    }

    @Test
    void zendeskReadPathsEndInRecordsOrTypedErrors() throws Exception {
        List<String> samples = SharedSamples.read("zendesk", "users-list.json", "cbp-first-page-meta.json", "cbp-last-page-meta.json",
                "users-search.json", "users-show-many.json");
        List<String> incremental = SharedSamples.read("zendesk", "incremental-users-cursor.json", "incremental-users-time.json");
        List<String> single = SharedSamples.read("zendesk", "user-show.json", "user-for-admin.json", "user-me.json",
                "error-record-not-found.json");
        try (ZendeskEmulator emulator = ZendeskEmulator.builder().apiToken("fuzz@abc-energy.example", "fuzz-token").start();
             FuzzServer server = new FuzzServer(p -> p.endsWith("/oauth/tokens"))) {
            emulator.seed(new RosterGenerator(SEED), 12);
            ZendeskDirectory zendesk = ZendeskDirectory.builder()
                    .subdomain("abc-energy")
                    .apiToken("fuzz@abc-energy.example", Secret.of("fuzz-token"))
                    .baseUriForTesting(URI.create(server.origin()))
                    .withoutClientRateLimits()
                    .http(HttpSettings.builder().retryPolicy(RetryPolicy.none()).requestTimeout(Duration.ofSeconds(5)).build())
                    .build();
            server.seeds("/api/v2/users", samples);
            server.seeds("/api/v2/incremental/users/cursor", incremental);
            server.seeds("/api/v2/users/show", single);
            run("zendesk", emulator.baseUri(), server, zendesk);
        }
    }

    @Test
    void talkdeskRestAndScimReadPathsEndInRecordsOrTypedErrors() throws Exception {
        List<String> samples = SharedSamples.read("talkdesk", "users-list-paging-sample.json");
        List<String> scimUser = SharedSamples.read("talkdesk", "scim-user-create-or-replace-request.json");
        try (TalkdeskEmulator emulator = TalkdeskEmulator.builder().scimRequestsPerSecond(1000).start();
             FuzzServer server = new FuzzServer(p -> p.endsWith("/oauth/token"))) {
            URI emulatorBase = emulator.baseUri();
            new RosterGenerator(SEED).profiles(12).forEach(emulator::add);
            TalkdeskUserDirectory talkdesk = TalkdeskUserDirectory.builder("acme", TalkdeskRegion.US)
                    .clientCredentials(emulator.clientId(), Secret.of(emulator.clientSecret()))
                    .endpoints(URI.create(server.origin() + "/"), URI.create(server.origin() + "/oauth/token"))
                    .scimRequestsPerSecond(1000)
                    .http(HttpSettings.builder().allowInsecureLoopback().retryPolicy(RetryPolicy.none())
                            .requestTimeout(Duration.ofSeconds(5)).build())
                    .build();
            server.seeds("/users", samples);
            server.seeds("/scim/v2/Users/show", scimUser);
            run("talkdesk", origin(emulatorBase), server, talkdesk);
        }
    }

    @Test
    void scimReadPathsEndInRecordsOrTypedErrors() throws Exception {
        List<String> scimUser = SharedSamples.read("talkdesk", "scim-user-create-or-replace-request.json");
        try (ScimEmulator emulator = ScimEmulator.builder().start();
             FuzzServer server = new FuzzServer(p -> false)) {
            URI emulatorBase = emulator.baseUri();
            new RosterGenerator(SEED).profiles(12).forEach(emulator::add);
            ScimUserDirectory scim = ScimUserDirectory.builder("scim:fuzz", URI.create(server.origin() + "/scim/v2/"))
                    .auth(HttpAuth.bearer(Secret.of("scim-token")))
                    .http(HttpSettings.builder()
                            .allowInsecureLoopback()
                            .retryPolicy(RetryPolicy.none())
                            .requestTimeout(Duration.ofSeconds(5))
                            .build())
                    .build();
            server.seeds("/scim/v2/Users/show", scimUser);
            run("scim", origin(emulatorBase), server, scim);
        }
    }

    @Test
    void salesforceQueryAndGetPathsEndInRecordsOrTypedErrors() throws Exception {
        List<String> query = SharedSamples.read("salesforce", "query-page1-not-done.restforce.json", "query-page2-done.restforce.json",
                "query-empty.restforce.json", "query-with-relationships.restforce.json", "error-malformed-id.json",
                "error-invalid-field.restforce.json");
        try (SalesforceEmulator org = SalesforceEmulator.start();
             FuzzServer server = new FuzzServer(p -> p.endsWith("/services/oauth2/token"))) {
            new RosterGenerator(SEED).profiles(12).forEach(p -> org.addUser(p.toBuilder().roles(List.of()).groups(List.of()).build()));
            SalesforceConnection connection = SalesforceConnection.builder(URI.create(server.origin()))
                    .clientCredentials(org.clientId(), Secret.of(org.clientSecret()))
                    .trustHost("127.0.0.1")
                    .http(HttpSettings.builder().allowInsecureLoopback().retryPolicy(RetryPolicy.none())
                            .requestTimeout(Duration.ofSeconds(5)).build())
                    .build();
            SalesforceUserDirectory salesforce = SalesforceUserDirectory.builder(connection).name("salesforce:fuzz").build();
            server.seeds("/query", query);
            run("salesforce", origin(org.baseUri()), server, salesforce);
        }
    }

    private static URI origin(URI uri) {
        return URI.create(uri.getScheme() + "://" + uri.getRawAuthority());
    }

    /** Records the emulator's answers through a baseline sync, then runs the cases. */
    private static void run(String parser, URI emulatorOrigin, FuzzServer server, UserDirectory source) {
        server.recordFrom(emulatorOrigin);
        InMemoryUserDirectory target = InMemoryUserDirectory.create(parser + "-target");
        InMemorySyncStateStore store = new InMemorySyncStateStore();
        SyncRunner runner = SyncRunner.builder().syncId(SyncId.of(parser + "-fuzz")).source(source).target(target)
                .policy(SyncPolicy.builder().build()).stateStore(store).build();
        SyncReport baseline = runner.run(RunOptions.defaults());
        assertThat(baseline.status()).as(baseline.message()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(target.size()).isPositive();
        Drained first = drain(source.readAll());
        NativeId someId = first.ids.get(0);
        Optional<Cursor> cursor = first.cursor;
        if (cursor.isEmpty() && source.capabilities().contains(Capability.INCREMENTAL_READ)) {
            throw new AssertionError(parser + ": a full read gave no cursor");
        }
        source.get(someId);
        server.fuzz();

        int values = 0;
        int syncRuns = 0;
        Map<String, Integer> typed = new TreeMap<>();
        Map<String, Integer> syncOutcomes = new TreeMap<>();
        List<String> untyped = new ArrayList<>();
        for (int i = 0; i < CASES; i++) {
            long caseSeed = SEED * 1_000_003L + i;
            server.startCase(caseSeed);
            int op = new Random(caseSeed).nextInt(10);
            try {
                if (i % SYNC_EVERY == SYNC_EVERY - 1) {
                    syncRuns++;
                    syncOutcomes.merge(checkSync(parser, caseSeed, runner, target), 1, Integer::sum);
                } else if (op < 6) {
                    drain(source.readAll());
                } else if (op < 8 && cursor.isPresent()) {
                    drain(source.readChanges(cursor.get()));
                } else {
                    source.get(someId);
                }
                values++;
            } catch (RosterSyncException e) {
                typed.merge(e.getClass().getSimpleName(), 1, Integer::sum);
                if (i % SYNC_EVERY == SYNC_EVERY - 1) {
                    syncOutcomes.merge("threw", 1, Integer::sum);
                }
            } catch (AssertionError e) {
                throw e;
            } catch (RuntimeException | StackOverflowError e) {
                if (untyped.size() < 10) {
                    untyped.add("case seed " + caseSeed + ": " + e + " at " + java.util.Arrays.stream(e.getStackTrace())
                            .filter(f -> f.getClassName().startsWith("io.rostersync")).limit(6).map(String::valueOf)
                            .collect(java.util.stream.Collectors.joining(" < ")));
                }
            }
        }
        int typedTotal = typed.values().stream().mapToInt(Integer::intValue).sum();
        TABLE.put(parser, "| " + parser + " JSON | " + CASES + " | " + values + " | " + typedTotal + " " + typed + " | "
                + (CASES - values - typedTotal) + " | " + syncRuns + " " + syncOutcomes + " |\n");
        System.out.println(parser + ": " + server.requestsServed() + " mutated responses by kind " + server.kindsServed());
        assertThat(untyped).as(parser + " cases that ended in an untyped exception").isEmpty();
        assertThat(values + typedTotal).isEqualTo(CASES);
    }

    /**
     * A sync over the mutated source: if it fails nothing was written; if it read problems nobody was
     * deprovisioned.
     */
    private static String checkSync(String parser, long caseSeed, SyncRunner runner, InMemoryUserDirectory target) {
        Map<NativeId, UserStatus> before = statuses(target);
        int writesBefore = target.writeCount();
        SyncReport report;
        try {
            report = runner.run(RunOptions.defaults());
        } catch (RosterSyncException e) {
            assertThat(target.writeCount()).as(parser + " case " + caseSeed + ": a run that threw wrote something").isEqualTo(writesBefore);
            throw e;
        }
        if (report.status() == RunStatus.FAILED || report.status() == RunStatus.REFUSED_BY_GUARD) {
            assertThat(target.writeCount()).as(parser + " case " + caseSeed + ": " + report.status() + " but written")
                    .isEqualTo(writesBefore);
        }
        if (!report.readProblems().isEmpty()) {
            Map<NativeId, UserStatus> after = statuses(target);
            before.forEach((id, status) -> {
                UserStatus now = after.get(id);
                assertThat(now).as(parser + " case " + caseSeed + ": " + id + " deleted despite read problems").isNotNull();
                if (status == UserStatus.ACTIVE) {
                    assertThat(now).as(parser + " case " + caseSeed + ": " + id + " deprovisioned despite read problems")
                            .isEqualTo(UserStatus.ACTIVE);
                }
            });
        }
        return report.status() + (report.readProblems().isEmpty() ? "" : "+problems");
    }

    private static Map<NativeId, UserStatus> statuses(InMemoryUserDirectory target) {
        Map<NativeId, UserStatus> m = new HashMap<>();
        for (UserRecord r : target.all()) {
            m.put(r.id(), r.profile().status());
        }
        return m;
    }

    private record Drained(List<NativeId> ids, int problems, Optional<Cursor> cursor) {
    }

    private static Drained drain(UserPages pages) {
        List<NativeId> ids = new ArrayList<>();
        int problems = 0;
        Optional<Cursor> cursor = Optional.empty();
        try (pages) {
            for (Optional<UserPage> p = pages.next(); p.isPresent(); p = pages.next()) {
                for (UserRecord r : p.get().users()) {
                    ids.add(r.id());
                }
                problems += p.get().problems().size();
                if (p.get().cursorAfter().isPresent()) {
                    cursor = p.get().cursorAfter();
                }
            }
        }
        return new Drained(ids, problems, cursor);
    }
}
