package io.rostersync.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.rostersync.json.PlanJson;
import io.rostersync.model.UserProfile;
import io.rostersync.plan.Plan;
import io.rostersync.policy.SyncPolicy;
import io.rostersync.spi.CreateOptions;
import io.rostersync.testkit.InMemoryUserDirectory;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(120)
class SandboxTest {

    static final String ESC = "\u001b[";

    /** Reads exactly one JSON document: anything after it (a stray line of text, a second document) fails. */
    static final ObjectMapper STRICT = new ObjectMapper().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    record Run(int code, String out, String err) {
        JsonNode json() throws Exception {
            return STRICT.readTree(out);
        }
    }

    private static Run run(Map<String, String> env, boolean terminal, String... args) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = Sandbox.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), env, terminal);
        return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private static Run run(int expectedCode, String... args) throws Exception {
        Run r = run(Map.of(), false, args);
        assertThat(r.code()).as(r.out() + r.err()).isEqualTo(expectedCode);
        return r;
    }

    @Test
    void everyScenarioShowsPlanProgressReportNoOpAndGuard() throws Exception {
        String out = run(0, "--scenario", "all", "--users", "150", "--rows", "3").out();
        for (String seed : new String[] {"000", "001", "002", "003"}) {
            assertThat(out).contains("== seed " + seed, "== " + seed + " / plan", "== " + seed + " / apply",
                    "== " + seed + " / second run", "== " + seed + " / guard", "seed " + seed + ": OK");
        }
        assertThat(out).contains("USER", "ACTION", "WHY", "applying [", "planned 0", "HELD");
    }

    @Test
    void everyScenarioSyncsNamedUsersNowAndLeavesAnUnknownOneForTheFullRun() throws Exception {
        Run r = run(0, "--scenario", "all", "--users", "40", "--rows", "1", "--json", "-");

        for (JsonNode scenario : r.json().get("scenarios")) {
            String seed = scenario.get("scenario").asText();
            JsonNode named = scenario.get("namedSync");
            assertThat(named.get("ok").booleanValue()).as(seed).isTrue();
            assertThat(named.get("report").get("status").asText()).as(seed).isEqualTo("SUCCEEDED");
            List<String> outcomes = new ArrayList<>();
            for (JsonNode u : named.get("users")) {
                outcomes.add(u.get("asked").asText() + " " + u.get("outcome").asText());
                assertThat(u.get("steps").size()).as(seed).isPositive();
            }
            assertThat(outcomes).as(seed).hasSize(3).contains("id nobody-42 NOT_FOUND")
                    .filteredOn(o -> !o.startsWith("id nobody")).allMatch(o -> o.endsWith(" IN_SYNC") || o.endsWith(" CONFLICT"));
        }
        assertThat(r.err()).contains("/ sync named users now", "found in ", "left for the full run");
    }

    @Test
    void syncNowNamesTheUsersToSync() throws Exception {
        Run r = run(0, "--scenario", "003", "--users", "20", "--rows", "1", "--sync-now", "nobody-1,nobody-2", "--json", "-");

        JsonNode named = r.json().get("scenarios").get(0).get("namedSync");
        assertThat(named.get("users")).extracting(u -> u.get("asked").asText() + " " + u.get("outcome").asText())
                .containsExactly("id nobody-1 NOT_FOUND", "id nobody-2 NOT_FOUND");
    }

    @Test
    void dryRunWritesNothingAndCanPrintThePlanAsJson() throws Exception {
        Run r = run(0, "--scenario", "003", "--users", "20", "--dry-run", "--json", "-");
        JsonNode scenario = r.json().get("scenarios").get(0);
        assertThat(scenario.get("dryRun").booleanValue()).isTrue();
        assertThat(scenario.get("syncs").get(0).get("plan").get("format").asText()).isEqualTo("rostersync-plan");
        assertThat(scenario.get("syncs").get(0).has("run")).isFalse();
        assertThat(r.out()).contains("\"format\" : \"rostersync-plan\"");
        assertThat(r.err()).contains("dry run: nothing was written").doesNotContain("/ apply");
    }

    @Test
    void jsonToStandardOutputIsOneDocumentWithEveryScenarioAndTheHumanTextGoesToStandardError() throws Exception {
        Run r = run(0, "--scenario", "all", "--users", "40", "--rows", "2", "--json", "-");

        JsonNode doc = r.json();
        assertThat(doc.get("format").asText()).isEqualTo(Sandbox.RUN_FORMAT);
        assertThat(doc.get("ok").booleanValue()).isTrue();
        List<String> ids = new ArrayList<>();
        for (JsonNode scenario : doc.get("scenarios")) {
            ids.add(scenario.get("scenario").asText());
            assertThat(scenario.get("format").asText()).isEqualTo(Sandbox.SCENARIO_FORMAT);
            assertThat(scenario.get("ok").booleanValue()).as(scenario.get("scenario").asText()).isTrue();
            assertThat(scenario.get("users").intValue()).isEqualTo(40);
            for (JsonNode sync : scenario.get("syncs")) {
                assertThat(sync.get("plan").get("format").asText()).isEqualTo("rostersync-plan");
                assertThat(sync.get("plan").get("syncId").asText()).isEqualTo(sync.get("syncId").asText());
                assertThat(sync.get("run").get("format").asText()).isEqualTo("rostersync-report");
                assertThat(sync.get("run").get("status").asText()).isEqualTo("SUCCEEDED");
                int secondPlanned = 0;
                for (JsonNode count : sync.get("secondRun").get("planned")) {
                    secondPlanned += count.intValue();
                }
                assertThat(secondPlanned).as("the second run has nothing to do").isZero();
            }
            assertThat(scenario.get("guard").get("run").get("status").asText()).isIn("HELD", "REFUSED_BY_GUARD", "SUCCEEDED");
        }
        assertThat(ids).containsExactly("000", "001", "002", "003");
        assertThat(doc.get("scenarios").get(1).get("syncs")).as("seed 001 has two syncs, both kept").hasSize(2);
        assertThat(doc.get("scenarios").get(3).get("syncs").get(0).get("run").get("applied").intValue()).isPositive();

        for (String seed : new String[] {"000", "001", "002", "003"}) {
            assertThat(r.err()).contains("== seed " + seed, "== " + seed + " / apply", "seed " + seed + ": OK");
        }
        assertThat(r.err()).contains("USER", "applying [");
    }

    @Test
    void jsonToAFileWithSeveralScenariosWritesOneCompleteDocumentPerScenario(@TempDir Path dir) throws Exception {
        Path given = dir.resolve("report.json");
        Run r = run(0, "--scenario", "all", "--users", "30", "--rows", "1", "--json", given.toString());

        List<Path> written;
        try (Stream<Path> files = Files.list(dir)) {
            written = files.sorted().toList();
        }
        assertThat(written).extracting(p -> p.getFileName().toString())
                .containsExactly("report-000.json", "report-001.json", "report-002.json", "report-003.json");
        for (Path file : written) {
            String id = file.getFileName().toString().substring("report-".length(), "report-".length() + 3);
            JsonNode doc = STRICT.readTree(Files.readString(file));
            assertThat(doc.get("format").asText()).isEqualTo(Sandbox.SCENARIO_FORMAT);
            assertThat(doc.get("scenario").asText()).isEqualTo(id);
            assertThat(doc.get("ok").booleanValue()).isTrue();
            assertThat(doc.get("syncs").get(0).get("plan").get("format").asText()).isEqualTo("rostersync-plan");
            assertThat(r.out()).contains("results of seed " + id + " written to " + file);
        }
        assertThat(r.err()).isEmpty();
    }

    @Test
    void jsonToAFileWithOneScenarioWritesThatFile(@TempDir Path dir) throws Exception {
        Path given = dir.resolve("plan");
        run(0, "--scenario", "002", "--users", "20", "--dry-run", "--json", given.toString());

        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files).containsExactly(given);
        }
        assertThat(STRICT.readTree(Files.readString(given)).get("scenario").asText()).isEqualTo("002");
    }

    @Test
    void perScenarioFileNamesPutTheScenarioBeforeTheExtension() {
        assertThat(Sandbox.jsonFile("report.json", "000")).isEqualTo(Path.of("report-000.json"));
        assertThat(Sandbox.jsonFile("out/run.1.json", "003")).isEqualTo(Path.of("out/run.1-003.json"));
        assertThat(Sandbox.jsonFile("out.d/report", "001")).isEqualTo(Path.of("out.d/report-001"));
        assertThat(Sandbox.jsonFile(".report", "002")).isEqualTo(Path.of(".report-002"));
    }

    @Test
    void jsonIntoAFolderThatIsMissingOrIsTheTargetIsRefusedBeforeAnythingRuns(@TempDir Path dir) throws Exception {
        Run missing = run(2, "--scenario", "all", "--users", "20", "--json", dir.resolve("nope/report.json").toString());
        assertThat(missing.err()).contains("--json cannot write", "does not exist");
        assertThat(missing.out()).isEmpty();

        Run folder = run(2, "--scenario", "003", "--users", "20", "--json", dir.toString());
        assertThat(folder.err()).contains("--json names a folder");
        assertThat(folder.out()).isEmpty();

        assertThat(run(2, "--json", " ").err()).contains("--json needs a file name, or - for standard output");
        assertThat(run(2, "--scenario", "all", "--json", "/").err()).contains("--json needs a file name", "'/' names none");
    }

    @Test
    void noColourCodesWhenNotATerminal() throws Exception {
        Run r = run(Map.of(), false, "--scenario", "003", "--users", "20", "--rows", "2");
        assertThat(r.code()).isZero();
        assertThat(r.out()).contains("seed 003: OK").doesNotContain(ESC);
        assertThat(r.err()).doesNotContain(ESC);

        Run json = run(Map.of(), false, "--scenario", "003", "--users", "20", "--rows", "2", "--json", "-");
        assertThat(json.out()).doesNotContain(ESC);
        assertThat(json.err()).contains("seed 003: OK").doesNotContain(ESC);
    }

    @Test
    void aTerminalGetsColourUnlessNoColorIsSet() throws Exception {
        Run coloured = run(Map.of(), true, "--scenario", "003", "--users", "20", "--rows", "2");
        assertThat(coloured.out()).contains(ESC + "32mseed 003: OK" + ESC + "0m");

        Run emptyNoColor = run(Map.of("NO_COLOR", ""), true, "--scenario", "003", "--users", "20", "--rows", "2");
        assertThat(emptyNoColor.out()).as("NO_COLOR set to the empty string counts as unset").contains(ESC);

        Run noColor = run(Map.of("NO_COLOR", "1"), true, "--scenario", "003", "--users", "20", "--rows", "2");
        assertThat(noColor.code()).isZero();
        assertThat(noColor.out()).contains("seed 003: OK").doesNotContain(ESC);
        assertThat(noColor.err()).doesNotContain(ESC);

        Run noColorJson = run(Map.of("NO_COLOR", "yes"), true, "--scenario", "003", "--users", "20", "--json", "-");
        assertThat(noColorJson.out()).doesNotContain(ESC);
        assertThat(noColorJson.err()).contains("seed 003: OK").doesNotContain(ESC);
        assertThat(noColorJson.json().get("ok").booleanValue()).isTrue();
    }

    @Test
    void helpGoesToStandardOutputAndSaysHowJsonIsWritten() throws Exception {
        Run r = run(0, "--help");
        assertThat(r.out()).contains("usage: ./sandbox", "--scenario", "--users", "--seed", "--dry-run", "--rows", "--live",
                "--json FILE", "report.json: report-000.json, report-001.json", "--json -", "\"scenarios\" array",
                "standard error", "NO_COLOR");
        assertThat(r.err()).isEmpty();
    }

    @Test
    void liveDryRunSaysWhichCredentialsAreMissing() throws Exception {
        Run r = run(Map.of("ZENDESK_SUBDOMAIN", "abc-energy"), false, "--live", "zendesk");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("ZENDESK_EMAIL, ZENDESK_API_TOKEN");
        assertThat(r.out()).isEmpty();
    }

    @Test
    void liveDryRunRejectsACraftedSubdomainWithoutEchoingSecrets() throws Exception {
        Run r = run(Map.of("ZENDESK_SUBDOMAIN", "evil.com#", "ZENDESK_OAUTH_TOKEN", "tok-very-secret-123"), false,
                "--live", "zendesk", "--json", "-");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("invalid zendesk configuration").doesNotContain("tok-very-secret-123");
        assertThat(r.out()).isEmpty();
    }

    @Test
    void liveDryRunWithJsonToStandardOutputWritesThePlanAloneThere() throws Exception {
        // The vendor's directory is built from real-tenant credentials (https only); what follows is the same for all.
        InMemoryUserDirectory tenant = InMemoryUserDirectory.create("tenant");
        tenant.create(UserProfile.builder().email("ada@abc-energy.example").firstName("Ada").lastName("Lovelace").build(),
                CreateOptions.silent());
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = LiveDryRun.plan("salesforce", tenant, SyncPolicy.builder().build(), Optional.empty(), "-",
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8), false);
        Run r = new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));

        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.json().get("format").asText()).isEqualTo("rostersync-plan");
        Plan plan = PlanJson.readPlan(r.out());
        assertThat(plan.actions()).extracting(a -> a.user().label()).anyMatch(l -> l.contains("ada@abc-energy.example"));
        assertThat(r.err()).contains("live dry run: tenant", "plan written to standard output");
        assertThat(Path.of("-")).as("no file named -").doesNotExist();
    }

    @Test
    void liveDryRunNeedsAKnownVendor() throws Exception {
        Run r = run(2, "--live", "hubspot");
        assertThat(r.err()).contains("--live takes zendesk, talkdesk or salesforce");
        assertThat(r.out()).isEmpty();
    }

    @Test
    void badOptionsExplainThemselvesOnStandardError() throws Exception {
        Run users = run(2, "--users", "many");
        assertThat(users.err()).contains("--users needs a positive whole number", "usage: ./sandbox");
        assertThat(users.out()).isEmpty();
        Run scenario = run(2, "--scenario", "999", "--json", "-");
        assertThat(scenario.err()).contains("unknown scenario '999'");
        assertThat(scenario.out()).isEmpty();
        assertThat(run(2, "--json").err()).contains("--json needs a value");
    }
}
