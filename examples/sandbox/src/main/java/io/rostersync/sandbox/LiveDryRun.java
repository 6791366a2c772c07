package io.rostersync.sandbox;

import io.rostersync.csv.CsvUserDirectory;
import io.rostersync.engine.RunOptions;
import io.rostersync.engine.SyncRunner;
import io.rostersync.http.Secret;
import io.rostersync.json.PlanJson;
import io.rostersync.model.NativeId;
import io.rostersync.model.SyncId;
import io.rostersync.model.UserRecord;
import io.rostersync.plan.Plan;
import io.rostersync.policy.SyncPolicy;
import io.rostersync.salesforce.SalesforceConnection;
import io.rostersync.salesforce.SalesforceUserDirectory;
import io.rostersync.spi.Capability;
import io.rostersync.spi.RosterSyncException;
import io.rostersync.spi.UserDirectory;
import io.rostersync.spi.UserPages;
import io.rostersync.talkdesk.TalkdeskRegion;
import io.rostersync.talkdesk.TalkdeskUserDirectory;
import io.rostersync.testkit.InMemorySyncStateStore;
import io.rostersync.testkit.InMemoryUserDirectory;
import io.rostersync.zendesk.ZendeskDirectory;
import io.rostersync.zendesk.ZendeskRole;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A read-only dry run against a real tenant: reads the vendor with credentials from environment
 * variables, plans against the host's users (a CSV export, or nobody), writes the plan as JSON and
 * changes nothing anywhere. The source is wrapped so that no write can reach the vendor, and only
 * {@link SyncRunner#plan} is called, which never writes the target either.
 */
final class LiveDryRun {

    static final String USAGE = String.join("\n",
            "  --live zendesk|talkdesk|salesforce  read-only dry run against a real tenant (credentials from the environment):",
            "      zendesk:    ZENDESK_SUBDOMAIN, and ZENDESK_OAUTH_TOKEN or ZENDESK_EMAIL + ZENDESK_API_TOKEN",
            "      talkdesk:   TALKDESK_ACCOUNT, TALKDESK_CLIENT_ID, TALKDESK_CLIENT_SECRET, optional TALKDESK_REGION (US, EU, CA)",
            "      salesforce: SALESFORCE_MY_DOMAIN (https://….my.salesforce.com), SALESFORCE_CLIENT_ID, SALESFORCE_CLIENT_SECRET",
            "  --host-csv FILE   the host app's current users (CSV export) to plan against; default: none",
            "  the plan goes to --json FILE (default live-plan.json), or with --json - to standard output alone");

    private LiveDryRun() {
    }

    /**
     * Runs the dry run; returns the exit code. The plan goes to {@code jsonTarget}, or with {@code -} to
     * {@code out} alone (the human account then goes to {@code err}); errors always go to {@code err}.
     */
    static int run(String vendor, Optional<String> hostCsv, String jsonTarget, Map<String, String> env,
                   PrintStream out, PrintStream err, boolean colour) {
        UserDirectory source;
        SyncPolicy policy;
        try {
            switch (vendor.toLowerCase(Locale.ROOT)) {
                case "zendesk" -> {
                    source = zendesk(env);
                    policy = ZendeskScenario.policy();
                }
                case "talkdesk" -> {
                    source = talkdesk(env);
                    policy = SyncPolicy.builder().build();
                }
                case "salesforce" -> {
                    source = salesforce(env);
                    policy = SyncPolicy.builder().build();
                }
                default -> {
                    err.println("sandbox: --live takes zendesk, talkdesk or salesforce, not '" + vendor + "'");
                    return 2;
                }
            }
        } catch (MissingVariables e) {
            err.println("sandbox: " + e.getMessage());
            err.println(USAGE);
            return 2;
        } catch (RosterSyncException | IllegalArgumentException e) {
            err.println("sandbox: invalid " + vendor + " configuration: " + e.getMessage());
            return 2;
        }
        return plan(vendor, source, policy, hostCsv, jsonTarget, out, err, colour);
    }

    /** The dry run once the vendor's directory is built: plans {@code source} against the host and writes the plan. */
    static int plan(String vendor, UserDirectory source, SyncPolicy policy, Optional<String> hostCsv, String jsonTarget,
                    PrintStream out, PrintStream err, boolean colour) {
        boolean jsonToStdout = jsonTarget.equals("-");
        PrintStream human = jsonToStdout ? err : out;
        UserDirectory host = hostCsv.<UserDirectory>map(f -> new HostStandIn(CsvUserDirectory.readOnly(Path.of(f))))
                .orElseGet(() -> InMemoryUserDirectory.create("host (empty)"));
        SyncRunner runner = SyncRunner.builder().syncId(SyncId.of("live-dry-run-" + vendor.toLowerCase(Locale.ROOT)))
                .source(new ReadOnly(source)).target(host).policy(policy).stateStore(new InMemorySyncStateStore()).build();
        Console console = new Console(human, false, colour, 25);
        console.heading("live dry run: " + source.name() + " -> " + host.name() + " (read-only, nothing is written)");
        try {
            Plan plan = runner.plan(RunOptions.defaults());
            console.planTable(plan);
            if (jsonToStdout) {
                out.println(PlanJson.write(plan));
                out.flush();
                human.println("plan written to standard output; nothing was changed in " + source.name() + " or the host");
            } else {
                Files.writeString(Path.of(jsonTarget), PlanJson.write(plan), StandardCharsets.UTF_8);
                human.println("plan written to " + jsonTarget + "; nothing was changed in " + source.name() + " or the host");
            }
            return 0;
        } catch (RosterSyncException e) {
            err.println("sandbox: could not read " + source.name() + ": " + e.kind() + ": " + e.getMessage());
            return 1;
        } catch (java.io.IOException e) {
            err.println("sandbox: could not write " + jsonTarget + ": " + e.getMessage());
            return 1;
        }
    }

    private static final class MissingVariables extends RuntimeException {
        private static final long serialVersionUID = 1L;

        MissingVariables(String vendor, List<String> names) {
            super("a live " + vendor + " dry run needs the environment variable(s) " + String.join(", ", names));
        }
    }

    /** The values of the variables {@code names}, in their order; each must be set and not blank. */
    private static List<String> need(Map<String, String> env, String vendor, String... names) {
        List<String> missing = new ArrayList<>();
        List<String> values = new ArrayList<>();
        for (String n : names) {
            String v = env.get(n);
            if (v == null || v.isBlank()) {
                missing.add(n);
            } else {
                values.add(v);
            }
        }
        if (!missing.isEmpty()) {
            throw new MissingVariables(vendor, missing);
        }
        return values;
    }

    private static UserDirectory zendesk(Map<String, String> env) {
        String subdomain = need(env, "zendesk", "ZENDESK_SUBDOMAIN").get(0);
        ZendeskDirectory.Builder b = ZendeskDirectory.builder().subdomain(subdomain)
                .onlyRoles(Set.of(ZendeskRole.AGENT, ZendeskRole.ADMIN)).readOnly();
        String oauth = env.get("ZENDESK_OAUTH_TOKEN");
        if (oauth != null && !oauth.isBlank()) {
            b.oauthToken(Secret.of(oauth));
        } else {
            List<String> token = need(env, "zendesk", "ZENDESK_EMAIL", "ZENDESK_API_TOKEN");
            b.apiToken(token.get(0), Secret.of(token.get(1)));
        }
        return b.build();
    }

    private static UserDirectory talkdesk(Map<String, String> env) {
        List<String> v = need(env, "talkdesk", "TALKDESK_ACCOUNT", "TALKDESK_CLIENT_ID", "TALKDESK_CLIENT_SECRET");
        TalkdeskRegion region = TalkdeskRegion.valueOf(env.getOrDefault("TALKDESK_REGION", "US").toUpperCase(Locale.ROOT));
        return TalkdeskUserDirectory.builder(v.get(0), region)
                .clientCredentials(v.get(1), Secret.of(v.get(2)))
                .build();
    }

    private static UserDirectory salesforce(Map<String, String> env) {
        List<String> v = need(env, "salesforce", "SALESFORCE_MY_DOMAIN", "SALESFORCE_CLIENT_ID", "SALESFORCE_CLIENT_SECRET");
        SalesforceConnection connection = SalesforceConnection.builder(URI.create(v.get(0)))
                .clientCredentials(v.get(1), Secret.of(v.get(2)))
                .build();
        return SalesforceUserDirectory.builder(connection).build();
    }

    /**
     * The host's users as its export shows them, standing in for the host's own directory, which can do what
     * the policy asks of it (the runner checks that when it is built). Only {@link SyncRunner#plan} is called,
     * so nothing is ever written; a write would fail, as the export is read-only.
     */
    private static final class HostStandIn implements UserDirectory {
        private static final Set<Capability> HOST = Set.copyOf(EnumSet.of(Capability.READ, Capability.CREATE,
                Capability.UPDATE, Capability.DEACTIVATE, Capability.REACTIVATE, Capability.DELETE));

        private final UserDirectory export;

        HostStandIn(UserDirectory export) {
            this.export = export;
        }

        @Override
        public String name() {
            return export.name();
        }

        @Override
        public Set<Capability> capabilities() {
            return HOST;
        }

        @Override
        public UserPages readAll() {
            return export.readAll();
        }

        @Override
        public Optional<UserRecord> get(NativeId id) {
            return export.get(id);
        }
    }

    /** Exposes only the reads of a directory, so nothing can be written to it by mistake. */
    private static final class ReadOnly implements UserDirectory {
        private final UserDirectory real;

        ReadOnly(UserDirectory real) {
            this.real = real;
        }

        @Override
        public String name() {
            return real.name();
        }

        @Override
        public Set<Capability> capabilities() {
            EnumSet<Capability> reads = EnumSet.noneOf(Capability.class);
            real.capabilities().stream().filter(c -> c == Capability.READ || c == Capability.INCREMENTAL_READ).forEach(reads::add);
            return Set.copyOf(reads);
        }

        @Override
        public UserPages readAll() {
            return real.readAll();
        }

        @Override
        public UserPages readChanges(io.rostersync.model.Cursor since) {
            return real.readChanges(since);
        }

        @Override
        public Optional<UserRecord> get(NativeId id) {
            return real.get(id);
        }
    }
}
