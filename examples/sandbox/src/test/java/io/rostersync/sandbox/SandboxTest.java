package io.rostersync.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(120)
class SandboxTest {

    private static String run(int expectedCode, String... args) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        int code = Sandbox.run(args, new PrintStream(bytes, true, StandardCharsets.UTF_8), false);
        String out = bytes.toString(StandardCharsets.UTF_8);
        assertThat(code).as(out).isEqualTo(expectedCode);
        return out;
    }

    @Test
    void everyScenarioShowsPlanProgressReportNoOpAndGuard() throws Exception {
        String out = run(0, "--scenario", "all", "--users", "150", "--rows", "3");
        for (String seed : new String[] {"000", "001", "002", "003"}) {
            assertThat(out).contains("== seed " + seed, "== " + seed + " / plan", "== " + seed + " / apply",
                    "== " + seed + " / second run", "== " + seed + " / guard", "seed " + seed + ": OK");
        }
        assertThat(out).contains("USER", "ACTION", "WHY", "applying [", "planned 0", "HELD");
    }

    @Test
    void dryRunWritesNothingAndCanPrintThePlanAsJson() throws Exception {
        String out = run(0, "--scenario", "003", "--users", "20", "--dry-run", "--json", "-");
        assertThat(out).contains("\"format\" : \"rostersync-plan\"", "dry run: nothing was written").doesNotContain("/ apply");
    }

    @Test
    void liveDryRunSaysWhichCredentialsAreMissing() throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        int code = Sandbox.run(new String[] {"--live", "zendesk"}, new PrintStream(bytes, true, StandardCharsets.UTF_8), false,
                java.util.Map.of("ZENDESK_SUBDOMAIN", "abc-energy"));
        String out = bytes.toString(StandardCharsets.UTF_8);
        assertThat(code).isEqualTo(2);
        assertThat(out).contains("ZENDESK_EMAIL, ZENDESK_API_TOKEN");
    }

    @Test
    void liveDryRunRejectsACraftedSubdomainWithoutEchoingSecrets() throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        int code = Sandbox.run(new String[] {"--live", "zendesk"}, new PrintStream(bytes, true, StandardCharsets.UTF_8), false,
                java.util.Map.of("ZENDESK_SUBDOMAIN", "evil.com#", "ZENDESK_OAUTH_TOKEN", "tok-very-secret-123"));
        String out = bytes.toString(StandardCharsets.UTF_8);
        assertThat(code).isEqualTo(2);
        assertThat(out).contains("invalid zendesk configuration").doesNotContain("tok-very-secret-123");
    }

    @Test
    void liveDryRunNeedsAKnownVendor() throws Exception {
        assertThat(run(2, "--live", "hubspot")).contains("--live takes zendesk, talkdesk or salesforce");
    }

    @Test
    void badOptionsExplainThemselves() throws Exception {
        assertThat(run(2, "--users", "many")).contains("--users needs a positive whole number");
        assertThat(run(2, "--scenario", "999")).contains("unknown scenario '999'");
        assertThat(run(0, "--help")).contains("usage: ./sandbox");
    }
}
