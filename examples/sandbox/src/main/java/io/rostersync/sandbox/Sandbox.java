package io.rostersync.sandbox;

import io.rostersync.engine.RunOptions;
import io.rostersync.engine.RunStatus;
import io.rostersync.engine.SyncReport;
import io.rostersync.json.PlanJson;
import io.rostersync.plan.Plan;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The sandbox command: sets up a seed flow on emulators with generated users and shows the whole
 * cycle: the plan as a table, the apply with a progress bar, the report, a second run that has nothing
 * to do, and the deletion guard refusing a truncated source.
 *
 * <pre>
 * ./sandbox [--scenario all|000|001|002|003] [--users N] [--seed S] [--dry-run] [--json FILE|-] [--rows N]
 * </pre>
 */
public final class Sandbox {

    private static final Map<String, SandboxScenario> SCENARIOS = new LinkedHashMap<>();

    static {
        register(new TalkdeskScenario());
        register(new SalesforceTalkdeskScenario());
        register(new ZendeskScenario());
        register(new CsvTeamScenario());
    }

    private static void register(SandboxScenario s) {
        SCENARIOS.put(s.id(), s);
    }

    private Sandbox() {
    }

    public static void main(String[] args) throws Exception {
        int code = run(args, System.out, System.console() != null, System.getenv());
        System.out.flush();
        System.exit(code);
    }

    /** Runs the sandbox; returns the process exit code. */
    static int run(String[] args, PrintStream out, boolean liveProgress) throws Exception {
        return run(args, out, liveProgress, Map.of());
    }

    /** Runs the sandbox with {@code env} as the environment (credentials for {@code --live}). */
    static int run(String[] args, PrintStream out, boolean liveProgress, Map<String, String> env) throws Exception {
        Options options;
        try {
            options = Options.parse(args);
        } catch (IllegalArgumentException e) {
            out.println("sandbox: " + e.getMessage());
            out.println(Options.USAGE);
            return 2;
        }
        if (options.help) {
            out.println(Options.USAGE);
            out.println(LiveDryRun.USAGE);
            return 0;
        }
        if (options.live != null) {
            return LiveDryRun.run(options.live, java.util.Optional.ofNullable(options.hostCsv),
                    options.json == null ? "live-plan.json" : options.json, env, out);
        }
        List<SandboxScenario> chosen = new ArrayList<>();
        if (options.scenario.equals("all")) {
            chosen.addAll(SCENARIOS.values());
        } else if (SCENARIOS.containsKey(options.scenario)) {
            chosen.add(SCENARIOS.get(options.scenario));
        } else {
            out.println("sandbox: unknown scenario '" + options.scenario + "'; available: all, " + String.join(", ", SCENARIOS.keySet()));
            return 2;
        }
        boolean ok = true;
        for (SandboxScenario scenario : chosen) {
            ok &= runScenario(scenario, options, out, liveProgress);
        }
        return ok ? 0 : 1;
    }

    private static boolean runScenario(SandboxScenario scenario, Options options, PrintStream out, boolean live) throws Exception {
        Console console = new Console(out, live, options.rows);
        console.heading("seed " + scenario.id() + ": " + scenario.title());
        try (SandboxScenario.World world = scenario.start(options.users, options.seed, console)) {
            world.description().forEach(l -> console.line("  " + l));

            List<SyncReport> firsts = new ArrayList<>();
            for (io.rostersync.engine.SyncRunner runner : world.runners()) {
                String leg = world.runners().size() > 1 ? " (" + runner.syncId() + ")" : "";
                console.heading(scenario.id() + " / plan" + leg);
                Plan plan = runner.plan(RunOptions.defaults());
                console.planTable(plan);
                if (options.json != null) {
                    writeJson(plan, options.json, out);
                }
                if (options.dryRun) {
                    continue;
                }
                console.heading(scenario.id() + " / apply" + leg);
                SyncReport first = runner.run(RunOptions.defaults());
                console.report(first);
                firsts.add(first);
            }
            if (options.dryRun) {
                console.line("dry run: nothing was written");
                return true;
            }

            console.heading(scenario.id() + " / second run (nothing changed)");
            int secondPlanned = 0;
            for (io.rostersync.engine.SyncRunner runner : world.runners()) {
                SyncReport second = runner.run(RunOptions.defaults());
                console.report(second);
                secondPlanned += second.plannedTotal();
            }

            console.heading(scenario.id() + " / guard: the source comes back truncated");
            SyncReport guarded = world.truncatedSourceRunner().run(RunOptions.defaults().withForceFull());
            console.report(guarded);
            int deprovisions = guarded.planned().getOrDefault(io.rostersync.plan.ActionKind.DEACTIVATE, 0)
                    + guarded.planned().getOrDefault(io.rostersync.plan.ActionKind.DELETE, 0);
            boolean guardOk = world.truncationTripsGuard()
                    ? guarded.status() == RunStatus.REFUSED_BY_GUARD
                            || (guarded.status() == RunStatus.HELD && guarded.held().size() == deprovisions)
                    : guarded.status() == RunStatus.SUCCEEDED
                            && guarded.planned().getOrDefault(io.rostersync.plan.ActionKind.DEACTIVATE, 0) == 0
                            && guarded.planned().getOrDefault(io.rostersync.plan.ActionKind.REVOKE_LICENSE, 0) == 0;
            if (!world.truncationTripsGuard()) {
                console.line("  this flow never takes access away from absent users, so the short read changed nothing");
            }

            boolean ok = firsts.stream().noneMatch(r -> r.status() == RunStatus.FAILED) && secondPlanned == 0 && guardOk;
            console.line(ok ? "seed " + scenario.id() + ": OK" : "seed " + scenario.id() + ": UNEXPECTED OUTCOME");
            return ok;
        }
    }

    private static void writeJson(Plan plan, String target, PrintStream out) throws Exception {
        String json = PlanJson.write(plan);
        if (target.equals("-")) {
            out.println(json);
        } else {
            Files.writeString(Path.of(target), json, StandardCharsets.UTF_8);
            out.println("plan written to " + target);
        }
    }

    /** Command-line options. */
    static final class Options {
        static final String USAGE = String.join("\n",
                "usage: ./sandbox [--scenario all|000|001|002|003] [--users N] [--seed S] [--dry-run] [--json FILE|-] [--rows N]",
                "       ./sandbox --live zendesk|talkdesk|salesforce [--host-csv FILE] [--json FILE]",
                "  --scenario  which seed flow to run (default all)",
                "  --users     generated users per scenario (default 2000)",
                "  --seed      seed of the generated data (default 42)",
                "  --dry-run   plan only, write nothing",
                "  --json      also write the plan as JSON to FILE, or to standard output with -",
                "  --rows      plan rows to print (default 25)");

        String scenario = "all";
        int users = 2000;
        long seed = 42;
        boolean dryRun;
        @Nullable String json;
        int rows = 25;
        boolean help;
        @Nullable String live;
        @Nullable String hostCsv;

        static Options parse(String[] args) {
            Options o = new Options();
            for (int i = 0; i < args.length; i++) {
                String a = args[i];
                switch (a) {
                    case "--scenario" -> o.scenario = value(args, ++i, a);
                    case "--users" -> o.users = positive(value(args, ++i, a), a);
                    case "--seed" -> o.seed = Long.parseLong(value(args, ++i, a));
                    case "--dry-run" -> o.dryRun = true;
                    case "--json" -> o.json = value(args, ++i, a);
                    case "--rows" -> o.rows = positive(value(args, ++i, a), a);
                    case "--help", "-h" -> o.help = true;
                    case "--live" -> o.live = value(args, ++i, a);
                    case "--host-csv" -> o.hostCsv = value(args, ++i, a);
                    default -> throw new IllegalArgumentException("unknown option '" + a + "'");
                }
            }
            return o;
        }

        private static String value(String[] args, int i, String option) {
            if (i >= args.length) {
                throw new IllegalArgumentException(option + " needs a value");
            }
            return args[i];
        }

        private static int positive(String v, String option) {
            try {
                int n = Integer.parseInt(v);
                if (n < 1) {
                    throw new NumberFormatException();
                }
                return n;
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(option + " needs a positive whole number, got '" + v + "'");
            }
        }
    }
}
