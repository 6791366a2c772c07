package io.rostersync.reliability;

import io.rostersync.http.HttpSettings;
import io.rostersync.http.HttpAuth;
import io.rostersync.http.RetryPolicy;
import io.rostersync.http.Secret;
import io.rostersync.model.UserProfile;
import io.rostersync.salesforce.NewUserDefaults;
import io.rostersync.salesforce.SalesforceConnection;
import io.rostersync.salesforce.SalesforceUserDirectory;
import io.rostersync.scim.ScimUserDirectory;
import io.rostersync.spi.FailureKind;
import io.rostersync.spi.UserDirectory;
import io.rostersync.talkdesk.TalkdeskRegion;
import io.rostersync.talkdesk.TalkdeskUserDirectory;
import io.rostersync.testkit.InMemoryUserDirectory;
import io.rostersync.emulators.salesforce.SalesforceEmulator;
import io.rostersync.emulators.Route;
import io.rostersync.emulators.scim.ScimEmulator;
import io.rostersync.emulators.talkdesk.TalkdeskEmulator;
import io.rostersync.testkit.ManualClock;
import io.rostersync.emulators.FaultPlan;
import io.rostersync.emulators.Route;
import io.rostersync.emulators.zendesk.ZendeskEmulator;
import io.rostersync.zendesk.ZendeskDirectory;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.OptionalInt;
import java.util.Set;

/**
 * A directory under test on its emulator (or the in-memory directory), with the faults it can inject. Every
 * HTTP directory gets fast, jitter-free retries whose waits are not slept, and a short request timeout so
 * that a slow response is a timeout within a second.
 */
interface Subject extends AutoCloseable {

    /** Request timeout of the HTTP directories; the slow fault holds a response back longer than this. */
    Duration REQUEST_TIMEOUT = Duration.ofMillis(400);
    Duration SLOW = Duration.ofMillis(900);
    RetryPolicy FAST_RETRY = new RetryPolicy(4, Duration.ofMillis(5), 2.0, 0.0, Duration.ofMillis(50), Duration.ofMinutes(10));

    String name();

    UserDirectory directory();

    /** Adds a user behind the directory's back, as someone using the vendor's UI would. */
    void seed(UserProfile profile);

    /** The faults this subject can inject on the given side. */
    Set<Fault> supported(Role role);

    /**
     * Arms {@code fault} for the next run. {@code victims} are emails of users the run is going to write,
     * for faults that refuse some users only.
     */
    void inject(Fault fault, Role role, List<String> victims);

    /** Removes every armed fault. */
    void heal();

    @Override
    void close();

    /** The subjects of the matrix, by name. */
    static Subject create(String name) {
        switch (name) {
            case "memory":
                return new Memory();
            case "zendesk":
                return new Zendesk();
            case "scim":
                return new Scim();
            case "talkdesk":
                return new Talkdesk();
            case "salesforce":
                return new Salesforce();
            default:
                throw new IllegalArgumentException("no subject " + name);
        }
    }

    List<String> NAMES = List.of("memory", "zendesk", "scim", "talkdesk", "salesforce");

    /** The in-memory directory and its own failure injection. */
    final class Memory implements Subject {
        private final InMemoryUserDirectory directory = InMemoryUserDirectory.builder("memory-under-test")
                .pageSize(2).maxBatchSize(2).build();

        @Override
        public String name() {
            return "memory";
        }

        @Override
        public UserDirectory directory() {
            return directory;
        }

        @Override
        public void seed(UserProfile profile) {
            directory.add(profile);
        }

        @Override
        public Set<Fault> supported(Role role) {
            return role == Role.SOURCE ? EnumSet.of(Fault.CONNECTION_RESET)
                    : EnumSet.of(Fault.CONNECTION_RESET, Fault.SERVER_ERROR_BURST, Fault.PARTIAL_BATCH);
        }

        @Override
        public void inject(Fault fault, Role role, List<String> victims) {
            switch (fault) {
                case CONNECTION_RESET:
                    directory.failReadsAfterPages(1);
                    break;
                case SERVER_ERROR_BURST:
                    // The process or network dies after one more write: every later write throws.
                    directory.crashAfterWrites(1);
                    break;
                case PARTIAL_BATCH:
                    directory.failWritesFor(victims.get(0), FailureKind.VALIDATION);
                    break;
                default:
                    throw new IllegalArgumentException(fault + " is not supported by " + name());
            }
        }

        @Override
        public void heal() {
            directory.heal();
        }

        @Override
        public void close() {
        }
    }

    /** Zendesk on its emulator, OAuth client credentials (so that tokens can expire), pages of 3. */
    final class Zendesk implements Subject {
        private final ManualClock clock = ManualClock.startingAtAFixedTime();
        private final ZendeskEmulator emulator;
        private final ZendeskDirectory directory;

        Zendesk() {
            emulator = ZendeskEmulator.builder().oauthClient("rostersync", "zendesk-client-secret").clock(clock).start();
            directory = ZendeskDirectory.builder().subdomain("reliability")
                    .oauthClientCredentials("rostersync", Secret.of("zendesk-client-secret"), "read write")
                    .baseUriForTesting(emulator.baseUri()).withoutClientRateLimits().jobPolling(Duration.ofSeconds(1), Duration.ofMinutes(1))
                    .pageSize(3).http(HttpSettings.builder().retryPolicy(FAST_RETRY).clock(clock).sleeper(clock::sleep)
                            .requestTimeout(REQUEST_TIMEOUT).build()).build();
        }

        @Override
        public String name() {
            return "zendesk";
        }

        @Override
        public UserDirectory directory() {
            return directory;
        }

        @Override
        public void seed(UserProfile profile) {
            emulator.addUser(profile.firstName() + " " + profile.lastName(),
                    profile.email().orElseThrow().value(), "end-user");
        }

        @Override
        public Set<Fault> supported(Role role) {
            return role == Role.SOURCE ? EnumSet.complementOf(EnumSet.of(Fault.PARTIAL_BATCH, Fault.WRITE_SERVER_ERROR))
                    : EnumSet.allOf(Fault.class);
        }

        @Override
        public void inject(Fault fault, Role role, List<String> victims) {
            // After the baseline run the source is read incrementally (the export), the target by the list.
            Route users = role == Role.SOURCE ? ZendeskEmulator.INCREMENTAL_USERS : ZendeskEmulator.LIST_USERS;
            FaultPlan plan = emulator.faults();
            switch (fault) {
                case RATE_LIMIT_STORM:
                    plan.next(Route.any(), 3, io.rostersync.emulators.Fault.rateLimited(Duration.ofSeconds(2)));
                    break;
                case SERVER_ERROR_BURST:
                    plan.next(Route.any(), 5, io.rostersync.emulators.Fault.status(503));
                    break;
                case CONNECTION_RESET:
                    plan.next(users, 2, io.rostersync.emulators.Fault.resetMidBody());
                    break;
                case TIMEOUT:
                    plan.next(users, io.rostersync.emulators.Fault.slowBody(SLOW));
                    break;
                case MALFORMED_BODY:
                    plan.next(users, io.rostersync.emulators.Fault.malformedBody());
                    break;
                case TRUNCATED_PAGE:
                    plan.next(ZendeskEmulator.LIST_USERS, io.rostersync.emulators.Fault.truncatedBody());
                    break;
                case PARTIAL_BATCH:
                    // Zendesk reports a failed item in a bulk job's results and the other items are written; creates
                    // are single requests, of which the first is refused.
                    for (Route batch : List.of(ZendeskEmulator.CREATE_OR_UPDATE_MANY, ZendeskEmulator.UPDATE_MANY)) {
                        plan.always(batch, io.rostersync.emulators.Fault.partialBatchFailure(Set.of(victims.get(0)), "Email is invalid"));
                    }
                    plan.next(ZendeskEmulator.CREATE_USER, io.rostersync.emulators.Fault.status(422));
                    break;
                case WRITE_SERVER_ERROR:
                    for (Route write : List.of(ZendeskEmulator.CREATE_USER, ZendeskEmulator.CREATE_OR_UPDATE_MANY)) {
                        plan.next(write, 5, io.rostersync.emulators.Fault.status(503));
                    }
                    break;
                case TOKEN_EXPIRY:
                    // Mid-run: the first users request finds its token expired (and revoked), so the client
                    // must fetch another.
                    plan.next(users, io.rostersync.emulators.Fault.tokenExpired());
                    break;
                case LIST_CHANGED_BETWEEN_PAGES:
                    // Met by a full read (the matrix forces one): after the first list page, a user is deleted
                    // (as the source: the first one, already read; as the target: a bystander nobody is linked
                    // to, so that no account of a source user goes behind the sync's back) and another added.
                    // Cursor pagination (page[after]) is moved by neither.
                    long victim = role == Role.SOURCE ? emulator.userIds().get(0)
                            : emulator.addUser("By Stander", "by.stander@reliability.example", "end-user");
                    plan.next(ZendeskEmulator.LIST_USERS, io.rostersync.emulators.Fault.listChangedBetweenPages(() -> {
                        emulator.softDelete(victim);
                        emulator.addUser("Late Comer", "late.comer@reliability.example", "end-user");
                    }));
                    break;
                default:
                    throw new IllegalArgumentException(fault.toString());
            }
        }

        @Override
        public void heal() {
            emulator.faults().clear();
        }

        @Override
        public void close() {
            emulator.close();
        }
    }

    /** A plain SCIM 2.0 service on the SCIM emulator, bearer token, pages of 3. */
    final class Scim implements Subject {
        private static final String TOKEN = "scim-reliability-token-77c1";
        private final ScimEmulator emulator = ScimEmulator.builder().bearerToken(TOKEN).start();
        private final ScimUserDirectory directory;

        Scim() {
            var base = emulator.baseUri();
            directory = ScimUserDirectory.builder("scim", base).auth(HttpAuth.bearer(Secret.of(TOKEN)))
                    .http(HttpSettings.builder().retryPolicy(FAST_RETRY).sleeper(d -> { }).requestTimeout(REQUEST_TIMEOUT)
                            .allowInsecureLoopback().build())
                    .pageSize(3).build();
        }

        @Override
        public String name() {
            return "scim";
        }

        @Override
        public UserDirectory directory() {
            return directory;
        }

        @Override
        public void seed(UserProfile profile) {
            emulator.add(profile);
        }

        @Override
        public Set<Fault> supported(Role role) {
            EnumSet<Fault> all = EnumSet.complementOf(EnumSet.of(Fault.TOKEN_EXPIRY, Fault.WRITE_SERVER_ERROR));
            if (role == Role.SOURCE) {
                all.remove(Fault.PARTIAL_BATCH);
            }
            return all;
        }

        @Override
        public void inject(Fault fault, Role role, List<String> victims) {
            Route users = ScimEmulator.USERS;
            switch (fault) {
                case RATE_LIMIT_STORM:
                    emulator.faults().next(Route.any(), 3, io.rostersync.emulators.Fault.rateLimited(Duration.ofSeconds(2)));
                    break;
                case SERVER_ERROR_BURST:
                    emulator.faults().next(Route.any(), 5, io.rostersync.emulators.Fault.status(503));
                    break;
                case CONNECTION_RESET:
                    emulator.faults().next(users, 2, io.rostersync.emulators.Fault.resetMidBody());
                    break;
                case TIMEOUT:
                    emulator.faults().next(users, io.rostersync.emulators.Fault.slowBody(SLOW));
                    break;
                case MALFORMED_BODY:
                    emulator.faults().next(users, io.rostersync.emulators.Fault.malformedBody());
                    break;
                case TRUNCATED_PAGE:
                    emulator.faults().next(ScimEmulator.LIST_USERS, io.rostersync.emulators.Fault.emptyList());
                    break;
                case PARTIAL_BATCH:
                    // Only one more account fits: the other creates of the run are refused.
                    emulator.seats(OptionalInt.of(emulator.activeCount() + 1));
                    break;
                case LIST_CHANGED_BETWEEN_PAGES:
                    if (role == Role.SOURCE) {
                        // A user already listed is deleted: naive startIndex paging would skip a newcomer.
                        emulator.faults().next(ScimEmulator.LIST_USERS, io.rostersync.emulators.Fault.listChangedBetweenPages(
                                () -> emulator.users().stream().findFirst().ifPresent(u -> emulator.remove((String) u.get("id")))));
                    } else {
                        // Bystanders make the target read span pages; then a user moves to the end (same id).
                        for (int n = 0; n < 4; n++) {
                            emulator.add(UserProfile.builder().email("bystander" + n + "@reliability.example")
                                    .firstName("By").lastName("Stander").build());
                        }
                        emulator.faults().next(ScimEmulator.LIST_USERS, io.rostersync.emulators.Fault.listChangedBetweenPages(
                                () -> emulator.users().stream().findFirst().ifPresent(u -> emulator.moveToEnd((String) u.get("id")))));
                    }
                    break;
                default:
                    throw new IllegalArgumentException(fault.toString());
            }
        }

        @Override
        public void heal() {
            emulator.faults().clear();
            emulator.seats(OptionalInt.empty());
        }

        @Override
        public void close() {
            emulator.close();
        }
    }

    /** Talkdesk (SCIM users API behind OAuth client credentials) on its emulator. */
    final class Talkdesk implements Subject {
        private final TalkdeskEmulator emulator = TalkdeskEmulator.builder().scimRequestsPerSecond(1000).start();
        private final TalkdeskUserDirectory directory;

        Talkdesk() {
            directory = TalkdeskUserDirectory.builder("reliability", TalkdeskRegion.US)
                    .clientCredentials(emulator.clientId(), Secret.of(emulator.clientSecret()))
                    .endpoints(emulator.apiBaseUri(), emulator.tokenUri()).scimRequestsPerSecond(1000).restPageSize(2)
                    .http(HttpSettings.builder().allowInsecureLoopback().sleeper(d -> { }).retryPolicy(FAST_RETRY)
                            .requestTimeout(REQUEST_TIMEOUT).build()).build();
        }

        @Override
        public String name() {
            return "talkdesk";
        }

        @Override
        public UserDirectory directory() {
            return directory;
        }

        @Override
        public void seed(UserProfile profile) {
            emulator.add(profile);
        }

        @Override
        public Set<Fault> supported(Role role) {
            EnumSet<Fault> all = EnumSet.complementOf(EnumSet.of(Fault.WRITE_SERVER_ERROR));
            if (role == Role.SOURCE) {
                all.remove(Fault.PARTIAL_BATCH);
            }
            return all;
        }

        @Override
        public void inject(Fault fault, Role role, List<String> victims) {
            Route users = Route.of("GET", "/users/**");
            switch (fault) {
                case RATE_LIMIT_STORM:
                    emulator.faults().next(Route.any(), 3, io.rostersync.emulators.Fault.rateLimited(Duration.ofSeconds(2)));
                    break;
                case SERVER_ERROR_BURST:
                    emulator.faults().next(Route.any(), 5, io.rostersync.emulators.Fault.status(503));
                    break;
                case CONNECTION_RESET:
                    emulator.faults().next(users, 2, io.rostersync.emulators.Fault.resetMidBody());
                    break;
                case TIMEOUT:
                    emulator.faults().next(users, io.rostersync.emulators.Fault.slowBody(SLOW));
                    break;
                case MALFORMED_BODY:
                    emulator.faults().next(users, io.rostersync.emulators.Fault.malformedBody());
                    break;
                case TRUNCATED_PAGE:
                    emulator.faults().next(TalkdeskEmulator.LIST_USERS, io.rostersync.emulators.Fault.emptyList());
                    break;
                case PARTIAL_BATCH:
                    emulator.seats(OptionalInt.of(emulator.activeCount() + 1));
                    break;
                case TOKEN_EXPIRY:
                    // The token cached by the previous run no longer works: the first call of this run gets 401.
                    emulator.faults().next(users, io.rostersync.emulators.Fault.tokenExpired());
                    break;
                case LIST_CHANGED_BETWEEN_PAGES:
                    // REST pages of 2: after page 1 the first user (already read) goes, deleted from the source
                    // or, in the target, moved to the end (no account of a source user goes behind the sync's
                    // back), and a user comes. Page 2 then starts a place later and one user is skipped while
                    // the total stays the same.
                    emulator.faults().next(TalkdeskEmulator.LIST_USERS, io.rostersync.emulators.Fault.listChangedBetweenPages(() -> {
                        String first = emulator.userIds().get(0);
                        if (role == Role.SOURCE) {
                            emulator.delete(first);
                        } else {
                            emulator.moveToEnd(first);
                        }
                        emulator.add(UserProfile.builder().email("late.comer@reliability.example")
                                .firstName("Late").lastName("Comer").build());
                    }));
                    break;
                default:
                    throw new IllegalArgumentException(fault.toString());
            }
        }

        @Override
        public void heal() {
            emulator.faults().clear();
            emulator.seats(OptionalInt.empty());
        }

        @Override
        public void close() {
            emulator.close();
        }
    }

    /** Salesforce Users through the REST API on the org emulator. */
    final class Salesforce implements Subject {
        private final SalesforceEmulator org = SalesforceEmulator.start();
        private final SalesforceConnection connection;
        private final SalesforceUserDirectory directory;

        Salesforce() {
            connection = org.connection()
                    .http(HttpSettings.builder().allowInsecureLoopback().retryPolicy(FAST_RETRY).sleeper(d -> { })
                            .requestTimeout(REQUEST_TIMEOUT).build()).build();
            directory = SalesforceUserDirectory.builder(connection).name("salesforce:emulator")
                    .newUserDefaults(NewUserDefaults.of(org.defaultProfileId())).build();
        }

        SalesforceEmulator org() {
            return org;
        }

        SalesforceConnection connection() {
            return connection;
        }

        @Override
        public String name() {
            return "salesforce";
        }

        @Override
        public UserDirectory directory() {
            return directory;
        }

        @Override
        public void seed(UserProfile profile) {
            org.addUser(profile);
        }

        /**
         * No truncated page: a query page holds at least 200 records, so in a run of a few users every query
         * is answered in one page; SalesforceUserDirectoryTest covers an emptied query page that says more
         * follow ({@code Fault.emptyList()} on {@code SalesforceEmulator.QUERY}) directly. No list changed
         * between pages either: a query's later pages come from its query locator, a server-side cursor over
         * the rows the query matched when it ran, and Salesforce users cannot be deleted.
         */
        @Override
        public Set<Fault> supported(Role role) {
            EnumSet<Fault> all = EnumSet.complementOf(EnumSet.of(Fault.TRUNCATED_PAGE, Fault.LIST_CHANGED_BETWEEN_PAGES));
            if (role == Role.SOURCE) {
                all.remove(Fault.PARTIAL_BATCH);
                all.remove(Fault.WRITE_SERVER_ERROR);
            }
            return all;
        }

        @Override
        public void inject(Fault fault, Role role, List<String> victims) {
            switch (fault) {
                case RATE_LIMIT_STORM:
                    org.faults().next(SalesforceEmulator.REST, 3, io.rostersync.emulators.Fault.rateLimited(Duration.ofSeconds(2)));
                    break;
                case SERVER_ERROR_BURST:
                    org.faults().next(SalesforceEmulator.REST, 5, io.rostersync.emulators.Fault.status(503));
                    break;
                case CONNECTION_RESET:
                    org.faults().next(SalesforceEmulator.QUERY, io.rostersync.emulators.Fault.resetMidBody());
                    break;
                case TIMEOUT:
                    org.faults().next(SalesforceEmulator.QUERY, io.rostersync.emulators.Fault.slowBody(SLOW));
                    break;
                case MALFORMED_BODY:
                    org.faults().next(SalesforceEmulator.QUERY, io.rostersync.emulators.Fault.malformedBody());
                    break;
                case PARTIAL_BATCH:
                    org.faults().always(SalesforceEmulator.COLLECTIONS,
                            io.rostersync.emulators.Fault.partialBatchFailure(Set.of(victims.get(0)), "injected validation failure"));
                    break;
                case WRITE_SERVER_ERROR:
                    org.faults().next(SalesforceEmulator.COLLECTIONS_CREATE, 5, io.rostersync.emulators.Fault.status(503));
                    break;
                case TOKEN_EXPIRY:
                    org.faults().next(SalesforceEmulator.REST, io.rostersync.emulators.Fault.tokenExpired());
                    break;
                default:
                    throw new IllegalArgumentException(fault.toString());
            }
        }

        @Override
        public void heal() {
            org.faults().clear();
        }

        @Override
        public void close() {
            org.close();
        }
    }
}
