package io.rostersync.sandbox;

import io.rostersync.engine.RunOptions;
import io.rostersync.spi.RunStatus;
import io.rostersync.spi.SyncReport;
import io.rostersync.json.PlanJson;
import io.rostersync.plan.Plan;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The sandbox command: sets up a seed flow on emulators with generated users and shows the whole
 * cycle: the plan as a table, the apply with a progress bar, the report, a second run that has nothing
 * to do, and the deletion guard refusing a truncated source.
 *
 * <pre>
 * ./sandbox [--scenario all|000|001|002|003] [--users N] [--seed S] [--dry-run] [--json FILE|-] [--rows N] [--sync-now ID,...]
 * </pre>
 *
 * <p>Standard output carries either the human account of the run, or, with {@code --json -}, one JSON
 * document and nothing else (the human account then goes to standard error). Errors always go to
 * standard error. Colour is used only on a terminal, and never when {@code NO_COLOR} is set.
 */
public final class Sandbox {

    /** The {@code format} of the document {@code --json -} writes: every scenario run, in order. */
    static final String RUN_FORMAT = "rostersync-sandbox";
    /** The {@code format} of one scenario's document (a file of {@code --json FILE}, or an element of the above). */
    static final String SCENARIO_FORMAT = "rostersync-sandbox-scenario";
    static final int JSON_VERSION = 1;

    private static final ObjectMapper JSON = new ObjectMapper();
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
        int code;
        try {
            code = run(args, System.out, System.err, System.getenv(), System.console() != null);
        } finally {
            System.out.flush();
            System.err.flush();
        }
        System.exit(code);
    }

    /**
     * Runs the sandbox; returns the process exit code (0 when every scenario went as expected, 1 when one
     * did not or a result could not be written, 2 for bad options).
     *
     * @param out      standard output: the human account, or the JSON document alone with {@code --json -}
     * @param err      standard error: errors, and the human account with {@code --json -}
     * @param env      the environment ({@code NO_COLOR}, and the credentials of {@code --live})
     * @param terminal whether the output is a terminal ({@code System.console() != null}): the progress bar
     *                 is redrawn in place and, unless {@code NO_COLOR} is set, headings and verdicts are coloured
     */
    static int run(String[] args, PrintStream out, PrintStream err, Map<String, String> env, boolean terminal) throws Exception {
        Options options;
        try {
            options = Options.parse(args);
        } catch (IllegalArgumentException e) {
            err.println("sandbox: " + e.getMessage());
            err.println(Options.USAGE);
            return 2;
        }
        if (options.help) {
            out.println(Options.USAGE);
            out.println(LiveDryRun.USAGE);
            return 0;
        }
        boolean colour = terminal && !noColor(env);
        if (options.live != null) {
            return LiveDryRun.run(options.live, Optional.ofNullable(options.hostCsv),
                    options.json == null ? "live-plan.json" : options.json, env, out, err, colour);
        }
        List<SandboxScenario> chosen = new ArrayList<>();
        if (options.scenario.equals("all")) {
            chosen.addAll(SCENARIOS.values());
        } else if (SCENARIOS.containsKey(options.scenario)) {
            chosen.add(SCENARIOS.get(options.scenario));
        } else {
            err.println("sandbox: unknown scenario '" + options.scenario + "'; available: all, " + String.join(", ", SCENARIOS.keySet()));
            return 2;
        }
        boolean jsonToStdout = "-".equals(options.json);
        Map<String, Path> files = new LinkedHashMap<>();
        if (options.json != null && !jsonToStdout) {
            for (SandboxScenario scenario : chosen) {
                files.put(scenario.id(), chosen.size() == 1 ? Path.of(options.json) : jsonFile(options.json, scenario.id()));
            }
            Optional<String> problem = files.values().stream().map(Sandbox::unwritable).flatMap(Optional::stream).findFirst();
            if (problem.isPresent()) {
                err.println("sandbox: --json " + problem.get());
                return 2;
            }
        }
        PrintStream human = jsonToStdout ? err : out;
        ObjectNode all = JSON.createObjectNode();
        all.put("format", RUN_FORMAT);
        all.put("version", JSON_VERSION);
        ArrayNode scenarios = JSON.createArrayNode();
        boolean ok = true;
        for (SandboxScenario scenario : chosen) {
            Console console = new Console(human, terminal, colour, options.rows);
            ObjectNode result = runScenario(scenario, options, console);
            ok &= result.get("ok").booleanValue();
            scenarios.add(result);
            Path file = files.get(scenario.id());
            if (file != null) {
                try {
                    Files.writeString(file, pretty(result), StandardCharsets.UTF_8);
                } catch (IOException e) {
                    err.println("sandbox: could not write " + file + ": " + e);
                    return 1;
                }
                human.println("results of seed " + scenario.id() + " written to " + file);
            }
        }
        if (jsonToStdout) {
            all.put("ok", ok);
            all.set("scenarios", scenarios);
            out.println(pretty(all));
            out.flush();
        }
        return ok ? 0 : 1;
    }

    /** Whether the user asked for no colour: {@code NO_COLOR} set to anything but the empty string (no-color.org). */
    static boolean noColor(Map<String, String> env) {
        String v = env.get("NO_COLOR");
        return v != null && !v.isEmpty();
    }

    /**
     * The file for one scenario when {@code --json FILE} covers several: the scenario's id goes before the
     * file's extension ({@code out/report.json} gives {@code out/report-000.json}), or at the end of a name
     * without one ({@code report} gives {@code report-000}).
     */
    static Path jsonFile(String given, String scenarioId) {
        Path path = Path.of(given);
        Path fileName = path.getFileName();
        String name = fileName == null ? "" : fileName.toString();
        int dot = name.lastIndexOf('.');
        String derived = dot > 0 ? name.substring(0, dot) + "-" + scenarioId + name.substring(dot) : name + "-" + scenarioId;
        return path.resolveSibling(derived);
    }

    /** Why the JSON cannot be written to {@code file}, checked before any scenario runs; empty when it can. */
    private static Optional<String> unwritable(Path file) {
        if (Files.isDirectory(file)) {
            return Optional.of("names a folder (" + file + "); give a file name, or - for standard output");
        }
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null && !Files.isDirectory(parent)) {
            return Optional.of("cannot write " + file + ": the folder " + parent + " does not exist");
        }
        return Optional.empty();
    }

    private static String pretty(JsonNode node) throws IOException {
        return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(node);
    }

    private static JsonNode tree(String json) throws IOException {
        return JSON.readTree(json);
    }

    /** Runs one scenario, telling {@code console} about it; returns its JSON document (whose {@code ok} says how it went). */
    private static ObjectNode runScenario(SandboxScenario scenario, Options options, Console console) throws Exception {
        ObjectNode doc = JSON.createObjectNode();
        doc.put("format", SCENARIO_FORMAT);
        doc.put("version", JSON_VERSION);
        doc.put("scenario", scenario.id());
        doc.put("title", scenario.title());
        doc.put("users", options.users);
        doc.put("seed", options.seed);
        doc.put("dryRun", options.dryRun);
        ArrayNode syncs = doc.putArray("syncs");
        console.heading("seed " + scenario.id() + ": " + scenario.title());
        try (SandboxScenario.World world = scenario.start(options.users, options.seed, console)) {
            world.description().forEach(l -> console.line("  " + l));

            List<SyncReport> firsts = new ArrayList<>();
            List<Plan> firstPlans = new ArrayList<>();
            for (io.rostersync.engine.SyncRunner runner : world.runners()) {
                ObjectNode sync = syncs.addObject();
                sync.put("syncId", runner.syncId().value());
                String leg = world.runners().size() > 1 ? " (" + runner.syncId() + ")" : "";
                console.heading(scenario.id() + " / plan" + leg);
                Plan plan = runner.plan(RunOptions.defaults());
                firstPlans.add(plan);
                console.planTable(plan);
                sync.set("plan", tree(PlanJson.write(plan)));
                if (options.dryRun) {
                    continue;
                }
                console.heading(scenario.id() + " / apply" + leg);
                SyncReport first = runner.run(RunOptions.defaults());
                console.report(first);
                sync.set("run", tree(PlanJson.write(first)));
                firsts.add(first);
            }
            if (options.dryRun) {
                console.line("dry run: nothing was written");
                doc.put("ok", true);
                return doc;
            }

            console.heading(scenario.id() + " / second run (nothing changed)");
            int secondPlanned = 0;
            for (int i = 0; i < world.runners().size(); i++) {
                SyncReport second = world.runners().get(i).run(RunOptions.defaults());
                console.report(second);
                ((ObjectNode) syncs.get(i)).set("secondRun", tree(PlanJson.write(second)));
                secondPlanned += second.plannedTotal();
            }

            boolean namedOk = syncNamedNow(world.runners().get(0), firstPlans.get(0), firsts.get(0), options, console, doc);

            console.heading(scenario.id() + " / guard: the source comes back truncated");
            SyncReport guarded = world.truncatedSourceRunner().run(RunOptions.defaults().withForceFull());
            console.report(guarded);
            ObjectNode guard = doc.putObject("guard");
            guard.put("truncationTripsGuard", world.truncationTripsGuard());
            guard.set("run", tree(PlanJson.write(guarded)));
            int deprovisions = guarded.planned().getOrDefault(io.rostersync.spi.ActionKind.DEACTIVATE, 0)
                    + guarded.planned().getOrDefault(io.rostersync.spi.ActionKind.DELETE, 0);
            boolean guardOk = world.truncationTripsGuard()
                    ? guarded.status() == RunStatus.REFUSED_BY_GUARD
                            || (guarded.status() == RunStatus.HELD && guarded.held().size() == deprovisions)
                    : guarded.status() == RunStatus.SUCCEEDED
                            && guarded.planned().getOrDefault(io.rostersync.spi.ActionKind.DEACTIVATE, 0) == 0
                            && guarded.planned().getOrDefault(io.rostersync.spi.ActionKind.REVOKE_LICENSE, 0) == 0;
            if (!world.truncationTripsGuard()) {
                console.line("  this flow never takes access away from absent users, so the short read changed nothing");
            }

            boolean ok = firsts.stream().noneMatch(r -> r.status() == RunStatus.FAILED) && secondPlanned == 0 && guardOk && namedOk;
            console.verdict(ok, ok ? "seed " + scenario.id() + ": OK" : "seed " + scenario.id() + ": UNEXPECTED OUTCOME");
            doc.put("ok", ok);
            return doc;
        }
    }

    /**
     * Syncs a few users now, by name, as a host does when it hears of a change ({@code SyncRunner.syncNamed}):
     * those given with {@code --sync-now}, or else two users the first run planned and one id nobody has. Every
     * named user is already in step after the second run, and the unknown one is left for the full run. Adds
     * {@code namedSync} to the scenario's document; true when it went as expected.
     */
    private static boolean syncNamedNow(io.rostersync.engine.SyncRunner runner, Plan firstPlan, SyncReport first, Options options,
                                        Console console, ObjectNode doc) throws IOException {
        java.util.Set<io.rostersync.model.NativeId> ids = new java.util.TreeSet<>();
        boolean chosen = !options.syncNow.isEmpty();
        if (chosen) {
            options.syncNow.forEach(id -> ids.add(io.rostersync.model.NativeId.of(id)));
        } else {
            List<io.rostersync.model.NativeId> known = new ArrayList<>();
            for (io.rostersync.model.NativeId linked : linkedSourceIds(firstPlan, first)) {
                if (known.size() < 2) {
                    known.add(linked);
                }
            }
            ids.addAll(known);
            ids.add(io.rostersync.model.NativeId.of("nobody-" + options.seed));
        }
        console.heading(runner.syncId().value() + " / sync named users now " + ids.stream().map(io.rostersync.model.NativeId::value).toList());
        io.rostersync.engine.NamedSyncReport named = runner.syncNamed(io.rostersync.engine.NamedUsers.ofIds(ids));
        named.lines().forEach(l -> console.line("  " + l));
        ObjectNode node = doc.putObject("namedSync");
        node.put("syncId", runner.syncId().value());
        node.set("report", tree(PlanJson.write(named.report())));
        ArrayNode users = node.putArray("users");
        for (io.rostersync.engine.NamedUserResult u : named.users()) {
            ObjectNode n = users.addObject();
            n.put("asked", u.asked());
            n.put("outcome", u.outcome().name());
            ArrayNode steps = n.putArray("steps");
            u.steps().forEach(steps::add);
        }
        boolean ok = named.report().status() == RunStatus.SUCCEEDED
                && named.users().stream().noneMatch(u -> u.outcome() == io.rostersync.engine.NamedUserResult.Outcome.FAILED
                        || u.outcome() == io.rostersync.engine.NamedUserResult.Outcome.APPLIED && !chosen);
        node.put("ok", ok);
        return ok;
    }

    /** Source ids the sandbox's first run acted on (and did not fail for), in plan order. */
    private static List<io.rostersync.model.NativeId> linkedSourceIds(Plan plan, SyncReport first) {
        List<io.rostersync.model.NativeId> out = new ArrayList<>();
        java.util.Set<io.rostersync.model.NativeId> failed = new java.util.HashSet<>();
        first.failures().forEach(f -> f.user().sourceId().ifPresent(failed::add));
        for (io.rostersync.plan.PlanAction a : plan.actions()) {
            a.user().sourceId().filter(id -> !failed.contains(id) && !out.contains(id)).ifPresent(out::add);
        }
        return out;
    }

    /** Command-line options. */
    static final class Options {
        static final String USAGE = String.join("\n",
                "usage: ./sandbox [--scenario all|000|001|002|003] [--users N] [--seed S] [--dry-run] [--json FILE|-] [--rows N] [--sync-now ID,...]",
                "       ./sandbox --live zendesk|talkdesk|salesforce [--host-csv FILE] [--json FILE|-]",
                "  --scenario  which seed flow to run (default all)",
                "  --users     generated users per scenario (default 2000)",
                "  --seed      seed of the generated data (default 42)",
                "  --dry-run   plan only, write nothing",
                "  --json      also write the results as JSON (each sync's plan and reports, the guard's run, ok):",
                "                --json FILE  one scenario: to FILE; several: one file per scenario, named by putting the",
                "                             scenario before the extension (report.json: report-000.json, report-001.json, ...)",
                "                --json -     to standard output, which then carries one JSON document and nothing else (its",
                "                             \"scenarios\" array holds every scenario's result; all other text goes to standard error)",
                "  --rows      plan rows to print (default 25)",
                "  --sync-now  source ids (comma-separated) to sync by name after the second run (default: two users",
                "              of the first run and one id nobody has)",
                "  colour only on a terminal, and never when NO_COLOR is set");

        String scenario = "all";
        int users = 2000;
        long seed = 42;
        boolean dryRun;
        @Nullable String json;
        int rows = 25;
        List<String> syncNow = List.of();
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
                    case "--json" -> o.json = jsonTarget(value(args, ++i, a));
                    case "--rows" -> o.rows = positive(value(args, ++i, a), a);
                    case "--help", "-h" -> o.help = true;
                    case "--live" -> o.live = value(args, ++i, a);
                    case "--host-csv" -> o.hostCsv = value(args, ++i, a);
                    case "--sync-now" -> o.syncNow = List.of(value(args, ++i, a).split(","));
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

        private static String jsonTarget(String v) {
            if (v.isBlank()) {
                throw new IllegalArgumentException("--json needs a file name, or - for standard output");
            }
            if (!v.equals("-")) {
                try {
                    if (Path.of(v).getFileName() == null) {
                        throw new IllegalArgumentException("--json needs a file name, or - for standard output; '" + v + "' names none");
                    }
                } catch (InvalidPathException e) {
                    throw new IllegalArgumentException("--json needs a file name, or - for standard output; '" + v + "' is not one: " + e.getReason());
                }
            }
            return v;
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
