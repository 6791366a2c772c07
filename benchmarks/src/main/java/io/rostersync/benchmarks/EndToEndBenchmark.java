package io.rostersync.benchmarks;

import io.rostersync.http.HttpSettings;
import io.rostersync.engine.RunOptions;
import io.rostersync.spi.RunStatus;
import io.rostersync.spi.SyncReport;
import io.rostersync.engine.SyncRunner;
import io.rostersync.http.RateLimit;
import io.rostersync.http.Secret;
import io.rostersync.model.SyncId;
import io.rostersync.model.UserProfile;
import io.rostersync.policy.SyncPolicy;
import io.rostersync.policy.LicenseRule;
import io.rostersync.salesforce.NewUserDefaults;
import io.rostersync.salesforce.SalesforceLicensePool;
import io.rostersync.salesforce.TalkdeskPermissionSets;
import io.rostersync.salesforce.SalesforceConnection;
import io.rostersync.salesforce.SalesforceUserDirectory;
import io.rostersync.spi.UserDirectory;
import io.rostersync.talkdesk.TalkdeskRegion;
import io.rostersync.talkdesk.TalkdeskUserDirectory;
import io.rostersync.testkit.InMemorySyncStateStore;
import io.rostersync.testkit.InMemoryUserDirectory;
import io.rostersync.testkit.RosterGenerator;
import io.rostersync.emulators.RecordedRequest;
import io.rostersync.emulators.salesforce.SalesforceEmulator;
import io.rostersync.emulators.talkdesk.TalkdeskEmulator;
import io.rostersync.emulators.zendesk.ZendeskEmulator;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.IntSupplier;
import java.util.function.Supplier;

/**
 * End-to-end cost of a sync from each vendor emulator into an in-memory host directory (issue 8): the
 * requests a first (full) run and a no-change second run send, against the floor the vendor's paging
 * allows, and the wall time, with emulated network latency and the vendors' real limits on both sides
 * (the emulator answers 429 over the limit; the provider's client-side limiter is on, with its defaults).
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar io.rostersync.benchmarks.EndToEndBenchmark [users,...] [latency-ms] [vendors]
 * </pre>
 *
 * Defaults: {@code 1000,10000}, 20 ms, {@code zendesk,talkdesk,talkdesk-rest,salesforce,salesforce-provisioning}
 * ({@code talkdesk-rest} reads without SCIM roles; {@code salesforce-provisioning} is the write direction). Each run must
 * succeed and bring every vendor user into the host, or the benchmark stops with an error: it never
 * reports the cost of a sync that did something else.
 */
public final class EndToEndBenchmark {

    private static final String EMAIL = "bench@example.com";
    private static final String TOKEN = "bench-api-token";

    private EndToEndBenchmark() {
    }

    /** One measured run. */
    record Row(String vendor, int users, String run, int requests, int floor, String floorRule, long millis,
               int rateLimited, Duration rateBound, Map<String, Integer> byEndpoint) {

        double ratio() {
            return floor == 0 ? (requests == 0 ? 1.0 : Double.POSITIVE_INFINITY) : (double) requests / floor;
        }
    }

    /** The vendor side of one scenario: its directory, how to count its requests, what a full read must cost. */
    private interface Vendor extends AutoCloseable {
        UserDirectory directory();

        int requests();

        Map<String, Integer> byEndpoint();

        int rateLimited();

        /** The fewest requests a full read of {@code n} users can take, and the rule that gives it. */
        int fullReadFloor(int n);

        String fullReadRule();

        /** The time the vendor's rate limit alone forces on {@code byEndpoint} requests. */
        Duration rateBound(Map<String, Integer> byEndpoint);

        @Override
        void close();
    }

    public static void main(String[] args) throws Exception {
        int[] sizes = args.length > 0 ? Arrays.stream(args[0].split(",")).mapToInt(Integer::parseInt).toArray() : new int[] {1_000, 10_000};
        Duration latency = Duration.ofMillis(args.length > 1 ? Long.parseLong(args[1]) : 20);
        List<String> vendors = List.of((args.length > 2 ? args[2] : "zendesk,talkdesk,talkdesk-rest,salesforce,salesforce-provisioning").split(","));
        System.out.printf(Locale.ROOT, "End-to-end sync into an in-memory host, %d ms latency per request, java %s, %d cpus%n",
                latency.toMillis(), System.getProperty("java.version"), Runtime.getRuntime().availableProcessors());
        List<Row> rows = new ArrayList<>();
        for (String vendor : vendors) {
            for (int n : sizes) {
                List<Row> measured = vendor.equals("salesforce-provisioning") ? provisionSalesforce(n, latency) : measure(vendor, n, latency);
                measured.forEach(r -> System.out.println("measured: " + r));
                rows.addAll(measured);
            }
        }
        print(rows);
    }

    private static List<Row> measure(String vendor, int n, Duration latency) throws IOException {
        try (Vendor v = start(vendor, n, latency)) {
            InMemoryUserDirectory host = InMemoryUserDirectory.create("host");
            InMemorySyncStateStore state = new InMemorySyncStateStore();
            Supplier<SyncRunner> runner = () -> SyncRunner.builder().syncId(SyncId.of(vendor + "-to-host"))
                    .source(v.directory()).target(host).policy(SyncPolicy.defaults()).stateStore(state).build();
            List<Row> rows = new ArrayList<>();

            Row first = timed(v, vendor, n, "first (full)", v.fullReadFloor(n), v.fullReadRule(), () -> runner.get().run(RunOptions.defaults()));
            if (host.all().size() != n) {
                throw new IllegalStateException(vendor + ": the host has " + host.all().size() + " users after the first run, not " + n);
            }
            rows.add(first);
            rows.add(timed(v, vendor, n, "no change", 0, "0 changes", () -> runner.get().run(RunOptions.defaults())));
            return rows;
        }
    }

    /**
     * The write side, where the Salesforce floor is {@code ceil(writes/200)} collections: N new
     * hires in the host provisioned into an empty org, each with a Talkdesk permission set, a seat of the
     * T4S permission set license and its call centre (four record writes per user), then a no-change run.
     */
    private static List<Row> provisionSalesforce(int n, Duration latency) {
        String[] roles = {"Agent", "Agent", "Agent", "Supervisor", "Admin"};
        try (SalesforceEmulator org = SalesforceEmulator.start()) {
            org.addPermissionSet("Talkdesk_Admin", TalkdeskPermissionSets.ADMIN);
            org.addPermissionSet("Talkdesk_Supervisor", TalkdeskPermissionSets.SUPERVISOR);
            org.addPermissionSet("Talkdesk_Agent", TalkdeskPermissionSets.AGENT);
            String license = org.addPermissionSetLicense("Talkdesk_for_Salesforce", "Talkdesk for Salesforce", n, Optional.empty());
            String callCenter = org.addCallCenter("Talkdesk for Salesforce");
            org.setLatency(latency);
            InMemoryUserDirectory hr = InMemoryUserDirectory.create("hr");
            List<UserProfile> people = new RosterGenerator(11).profiles(n);
            for (int i = 0; i < n; i++) {
                hr.add(people.get(i).toBuilder().roles(List.of(roles[i % roles.length])).groups(List.of()).attributes(Map.of()).build());
            }
            SalesforceConnection connection = SalesforceConnection.builder(org.baseUri())
                    .clientCredentials(org.clientId(), Secret.of(org.clientSecret())).trustHost("127.0.0.1")
                    .http(HttpSettings.builder().allowInsecureLoopback().build()).build();
            SalesforceUserDirectory directory = SalesforceUserDirectory.builder(connection).name("salesforce:bench")
                    .newUserDefaults(NewUserDefaults.of(org.defaultProfileId())).build();
            SalesforceLicensePool pool = SalesforceLicensePool.builder(connection, "Talkdesk_for_Salesforce")
                    .licenseId(TalkdeskPermissionSets.STANDARD).callCenter(callCenter).build();
            InMemorySyncStateStore state = new InMemorySyncStateStore();
            Supplier<SyncRunner> runner = () -> SyncRunner.builder().syncId(SyncId.of("hr-to-salesforce")).source(hr).target(directory)
                    .policy(SyncPolicy.builder().permissions(TalkdeskPermissionSets.mapper())
                            .license(LicenseRule.everyone(TalkdeskPermissionSets.STANDARD)).build())
                    .stateStore(state).licensePool(pool).build();
            Vendor counted = new Vendor() {
                @Override
                public UserDirectory directory() {
                    return directory;
                }

                @Override
                public int requests() {
                    return org.requestCount();
                }

                @Override
                public Map<String, Integer> byEndpoint() {
                    return salesforceEndpoints(org);
                }

                @Override
                public int rateLimited() {
                    return 0;
                }

                @Override
                public int fullReadFloor(int users) {
                    return 4 * ceilDiv(users, 200);
                }

                @Override
                public String fullReadRule() {
                    return "4 x ceil(N/200) collections";
                }

                @Override
                public Duration rateBound(Map<String, Integer> counts) {
                    return Duration.ZERO;
                }

                @Override
                public void close() {
                }
            };
            List<Row> rows = new ArrayList<>();
            rows.add(timed(counted, "sf-provisioning", n, "first (creates)", counted.fullReadFloor(n), counted.fullReadRule(),
                    () -> runner.get().run(RunOptions.defaults())));
            if (org.usedLicenses(license) != n || org.userIds().size() != n) {
                throw new IllegalStateException("salesforce provisioning: not every user holds a seat");
            }
            rows.add(timed(counted, "sf-provisioning", n, "no change", 0, "0 changes", () -> runner.get().run(RunOptions.defaults())));
            return rows;
        }
    }

    private static final java.util.regex.Pattern SOQL_SUBQUERY = java.util.regex.Pattern.compile("\\([^()]*\\)");
    private static final java.util.regex.Pattern SOQL_FROM = java.util.regex.Pattern.compile("(?i)\\bFROM\\s+(\\w+)");

    /**
     * The requests the org recorded, by endpoint: {@code token}, {@code versions}, {@code limits}, {@code query}
     * (and {@code query:<Object>} by the query's object), {@code query.more}, {@code collections.create},
     * {@code collections.update}, {@code collections.delete}; anything else as its method and path.
     */
    private static Map<String, Integer> salesforceEndpoints(SalesforceEmulator org) {
        Map<String, Integer> out = new TreeMap<>();
        for (RecordedRequest r : org.requests()) {
            String m = r.method();
            String p = r.path();
            String endpoint;
            if (SalesforceEmulator.TOKEN.matches(m, p)) {
                endpoint = "token";
            } else if (SalesforceEmulator.VERSIONS.matches(m, p)) {
                endpoint = "versions";
            } else if (SalesforceEmulator.LIMITS.matches(m, p)) {
                endpoint = "limits";
            } else if (SalesforceEmulator.QUERY.matches(m, p)) {
                endpoint = "query";
                java.util.regex.Matcher from = SOQL_FROM.matcher(SOQL_SUBQUERY.matcher(r.queryParameter("q").orElse("")).replaceAll(""));
                if (from.find()) {
                    out.merge("query:" + from.group(1), 1, Integer::sum);
                }
            } else if (SalesforceEmulator.QUERY_MORE.matches(m, p)) {
                endpoint = "query.more";
            } else if (SalesforceEmulator.COLLECTIONS_CREATE.matches(m, p)) {
                endpoint = "collections.create";
            } else if (SalesforceEmulator.COLLECTIONS_UPDATE.matches(m, p)) {
                endpoint = "collections.update";
            } else if (SalesforceEmulator.COLLECTIONS_DELETE.matches(m, p)) {
                endpoint = "collections.delete";
            } else {
                endpoint = m + " " + p;
            }
            out.merge(endpoint, 1, Integer::sum);
        }
        return out;
    }

    private static Row timed(Vendor v, String vendor, int n, String run, int floor, String rule, Supplier<SyncReport> sync) {
        Map<String, Integer> before = v.byEndpoint();
        int requestsBefore = v.requests();
        int limitedBefore = v.rateLimited();
        long start = System.nanoTime();
        SyncReport report = sync.get();
        long millis = (System.nanoTime() - start) / 1_000_000;
        if (report.status() != RunStatus.SUCCEEDED) {
            throw new IllegalStateException(vendor + " " + run + " did not succeed: " + report.status() + " " + report.message());
        }
        Map<String, Integer> delta = new TreeMap<>();
        v.byEndpoint().forEach((k, c) -> {
            int d = c - before.getOrDefault(k, 0);
            if (d > 0) {
                delta.put(k, d);
            }
        });
        return new Row(vendor, n, run + " [" + report.mode().name().toLowerCase(Locale.ROOT) + "]", v.requests() - requestsBefore,
                floor, rule, millis, v.rateLimited() - limitedBefore, v.rateBound(delta), delta);
    }

    private static Vendor start(String vendor, int n, Duration latency) throws IOException {
        switch (vendor) {
            case "zendesk":
                return zendesk(n, latency);
            case "talkdesk":
                return talkdesk(n, latency, true);
            case "talkdesk-rest":
                return talkdesk(n, latency, false);
            case "salesforce":
                return salesforce(n, latency);
            default:
                throw new IllegalArgumentException("unknown vendor '" + vendor + "': zendesk, talkdesk, talkdesk-rest, salesforce or salesforce-provisioning");
        }
    }

    private static int ceilDiv(int a, int b) {
        return (a + b - 1) / b;
    }

    // ---- Zendesk: 700 requests a minute for the account (Enterprise), 10 a minute to the incremental export.

    private static Vendor zendesk(int n, Duration latency) throws IOException {
        // Seeded a month ago, as an account's users mostly are: a full read's resume point is a minute
        // before it started, so users seeded just now would all be exported again by the no-change run.
        SwitchableClock clock = new SwitchableClock(new SteppingClock(Instant.now().minus(Duration.ofDays(30))));
        ZendeskEmulator emulator = ZendeskEmulator.builder().apiToken(EMAIL, TOKEN).latency(latency).clock(clock)
                .accountLimitPerMinute(700).incrementalLimitPerMinute(10).start();
        emulator.seed(new RosterGenerator(8), n);
        clock.use(Clock.systemUTC());
        io.rostersync.zendesk.ZendeskDirectory directory = io.rostersync.zendesk.ZendeskDirectory.builder()
                .subdomain("bench")
                .apiToken(EMAIL, Secret.of(TOKEN))
                .baseUriForTesting(emulator.baseUri())
                .accountRateLimit(RateLimit.of("zendesk-account", 700, Duration.ofMinutes(1)))
                .incrementalRateLimit(RateLimit.of("zendesk-incremental-export", 10, Duration.ofMinutes(1)))
                .build();
        return new Vendor() {
            @Override
            public UserDirectory directory() {
                return directory;
            }

            @Override
            public int requests() {
                return emulator.requestCount();
            }

            @Override
            public Map<String, Integer> byEndpoint() {
                Map<String, Integer> counts = new TreeMap<>();
                emulator.requests().forEach(r -> counts.merge(zendeskEndpoint(r), 1, Integer::sum));
                return counts;
            }

            @Override
            public int rateLimited() {
                return emulator.rateLimitedCount();
            }

            @Override
            public int fullReadFloor(int users) {
                return ceilDiv(users, 100);
            }

            @Override
            public String fullReadRule() {
                return "ceil(N/100) list pages";
            }

            @Override
            public Duration rateBound(Map<String, Integer> counts) {
                int all = counts.values().stream().mapToInt(Integer::intValue).sum();
                int incremental = counts.entrySet().stream().filter(e -> e.getKey().contains("/incremental/"))
                        .mapToInt(Map.Entry::getValue).sum();
                // The bound, requests / allowed rate, for whichever limit is the tighter.
                return Duration.ofMillis(Math.max(all * 60_000L / 700, incremental * 60_000L / 10));
            }

            @Override
            public void close() {
                emulator.close();
            }
        };
    }

    // ---- Talkdesk: REST users pages (per_page 100), SCIM at 4 requests a second.

    /** A Zendesk request's endpoint: method and path, a user's or job's id as {@code {id}}. */
    private static String zendeskEndpoint(io.rostersync.emulators.RecordedRequest r) {
        String[] parts = r.path().split("/", -1);
        if (parts.length == 5 && (parts[3].equals("job_statuses") || parts[3].equals("users") && parts[4].matches("[0-9]+"))) {
            parts[4] = "{id}";
        }
        return r.method() + " " + String.join("/", parts);
    }

    private static Vendor talkdesk(int n, Duration latency, boolean rolesFromScim) {
        TalkdeskEmulator emulator = TalkdeskEmulator.builder().latency(latency).scimRequestsPerSecond(4).start();
        for (UserProfile p : new RosterGenerator(9).profiles(n)) {
            emulator.add(p);
        }
        TalkdeskUserDirectory directory = TalkdeskUserDirectory.builder("bench", TalkdeskRegion.US)
                .clientCredentials(emulator.clientId(), Secret.of(emulator.clientSecret()))
                .endpoints(emulator.apiBaseUri(), emulator.tokenUri())
                .scimRequestsPerSecond(4)
                .restPageSize(100)
                .rolesFromScim(rolesFromScim)
                .http(HttpSettings.builder().allowInsecureLoopback().build())
                .build();
        Map<String, Integer> seeded = emulator.requestCounts();
        IntSupplier total = emulator::requestCount;
        return new Vendor() {
            @Override
            public UserDirectory directory() {
                return directory;
            }

            @Override
            public int requests() {
                return total.getAsInt();
            }

            @Override
            public Map<String, Integer> byEndpoint() {
                return new TreeMap<>(emulator.requestCounts());
            }

            @Override
            public int rateLimited() {
                return emulator.rateLimitedCount();
            }

            @Override
            public int fullReadFloor(int users) {
                return ceilDiv(users, 100) * (rolesFromScim ? 2 : 1);
            }

            @Override
            public String fullReadRule() {
                return rolesFromScim ? "ceil(N/100) REST + ceil(N/100) SCIM pages" : "ceil(N/100) REST pages";
            }

            @Override
            public Duration rateBound(Map<String, Integer> counts) {
                int scim = counts.entrySet().stream().filter(e -> e.getKey().contains(" /scim/v2/"))
                        .mapToInt(Map.Entry::getValue).sum();
                return Duration.ofMillis(scim * 250L); // requests / 4 per second; REST has no documented limit
            }

            @Override
            public void close() {
                emulator.close();
            }
        };
    }

    // ---- Salesforce: query batches of 2,000, 100,000 calls a day (the emulator's budget), no per-second limit.

    private static Vendor salesforce(int n, Duration latency) {
        SalesforceEmulator org = SalesforceEmulator.start();
        // Seeded users carry the modstamps of a real org's history (a second apart, a month ago): a full
        // read resumes a minute before it started, so users seeded just now would all be read again by
        // the no-change run.
        org.setClock(new SteppingClock(Instant.now().minus(Duration.ofDays(30))));
        org.addUsers(new RosterGenerator(10).profiles(n).stream().map(p -> p.toBuilder().roles(List.of()).build()).toList());
        org.setClock(Clock.systemUTC());
        org.setLatency(latency);
        SalesforceConnection connection = SalesforceConnection.builder(org.baseUri())
                .clientCredentials(org.clientId(), Secret.of(org.clientSecret()))
                .trustHost("127.0.0.1")
                .http(HttpSettings.builder().allowInsecureLoopback().build())
                .build();
        SalesforceUserDirectory directory = SalesforceUserDirectory.builder(connection).name("salesforce:bench")
                .newUserDefaults(NewUserDefaults.of(org.defaultProfileId())).build();
        return new Vendor() {
            @Override
            public UserDirectory directory() {
                return directory;
            }

            @Override
            public int requests() {
                return org.requestCount();
            }

            @Override
            public Map<String, Integer> byEndpoint() {
                // Calls by kind ("query") and queries by object ("query:User"); requests() counts calls only.
                return salesforceEndpoints(org);
            }

            @Override
            public int rateLimited() {
                return 0; // no per-second limit; the daily budget is reported by requests()
            }

            @Override
            public int fullReadFloor(int users) {
                return ceilDiv(users, 2000);
            }

            @Override
            public String fullReadRule() {
                return "ceil(N/2000) query batches";
            }

            @Override
            public Duration rateBound(Map<String, Integer> counts) {
                return Duration.ZERO;
            }

            @Override
            public void close() {
                org.close();
            }
        };
    }

    /** A clock a second further on each time it is read. */
    private static final class SteppingClock extends Clock {
        private Instant next;

        SteppingClock(Instant start) {
            this.next = start;
        }

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            throw new UnsupportedOperationException("UTC only");
        }

        @Override
        public synchronized Instant instant() {
            Instant now = next;
            next = next.plusSeconds(1);
            return now;
        }
    }

    // ---- output

    private static void print(List<Row> rows) {
        System.out.println();
        System.out.printf(Locale.ROOT, "| %-15s | %7s | %-26s | %8s | %5s | %-42s | %6s | %8s | %9s | %4s |%n",
                "vendor", "users", "run", "requests", "floor", "floor rule", "x floor", "wall ms", "req/rate", "429s");
        for (Row r : rows) {
            System.out.printf(Locale.ROOT, "| %-15s | %7d | %-26s | %8d | %5d | %-42s | %6s | %8d | %9.1fs | %4d |%n",
                    r.vendor(), r.users(), r.run(), r.requests(), r.floor(), r.floorRule(),
                    r.floor() == 0 ? "-" : String.format(Locale.ROOT, "%.2f", r.ratio()), r.millis(),
                    r.rateBound().toMillis() / 1000.0, r.rateLimited());
        }
        System.out.println();
        for (Row r : rows) {
            System.out.println(r.vendor() + " " + r.users() + " " + r.run() + ": " + r.byEndpoint());
        }
    }
}
