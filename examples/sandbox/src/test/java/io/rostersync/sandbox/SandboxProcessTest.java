package io.rostersync.sandbox;

import static io.rostersync.sandbox.SandboxTest.ESC;
import static io.rostersync.sandbox.SandboxTest.STRICT;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The sandbox as a user starts it: {@link Sandbox#main} in a JVM of its own (real standard output and
 * error, not a terminal), and the {@code ./sandbox} script at the repository root with a stand-in
 * {@code mvn} that is as noisy as Debian's Maven 3.8 (escape codes on both streams even with {@code -B -q}).
 */
@Timeout(120)
class SandboxProcessTest {

    @TempDir
    Path tmp;

    record Result(int code, String out, String err) {
    }

    private static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    private static String testClasspath() {
        return System.getProperty("java.class.path");
    }

    private Result start(List<String> command, Map<String, String> env) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(command);
        pb.environment().remove("NO_COLOR");
        pb.environment().putAll(env);
        Path out = tmp.resolve("stdout-" + System.nanoTime());
        Path err = tmp.resolve("stderr-" + System.nanoTime());
        pb.redirectOutput(out.toFile()).redirectError(err.toFile()).redirectInput(ProcessBuilder.Redirect.PIPE);
        Process p = pb.start();
        p.getOutputStream().close();
        int code = p.waitFor();
        return new Result(code, Files.readString(out, StandardCharsets.UTF_8), Files.readString(err, StandardCharsets.UTF_8));
    }

    @Test
    void mainWritesOnlyTheJsonDocumentToStandardOutput() throws Exception {
        Result r = start(List.of(java(), "-cp", testClasspath(), Sandbox.class.getName(),
                "--scenario", "all", "--users", "20", "--rows", "1", "--json", "-"), Map.of());

        assertThat(r.code()).as(r.err()).isZero();
        JsonNode doc = STRICT.readTree(r.out());
        assertThat(doc.get("scenarios")).extracting(n -> n.get("scenario").asText()).containsExactly("000", "001", "002", "003");
        assertThat(r.out()).doesNotContain(ESC);
        assertThat(r.err()).contains("seed 000: OK", "seed 003: OK").doesNotContain(ESC);
    }

    // ---- the script ---------------------------------------------------------------------------------

    /** The repository root: the nearest folder above this module that holds the {@code sandbox} script. */
    private static Path repositoryRoot() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve("sandbox")) && Files.isRegularFile(dir.resolve("pom.xml"))) {
                return dir;
            }
        }
        throw new IllegalStateException("no sandbox script above " + Path.of("").toAbsolutePath());
    }

    /**
     * A stand-in for {@code mvn}: prints what Debian's Maven 3.8 prints around a quiet batch build (escape
     * codes on both streams, and a line of its own on standard output), answers {@code build-classpath} with
     * this test's class path, and fails like a broken build when {@code FAKE_MVN_FAIL} is set.
     */
    private Path fakeMaven() throws Exception {
        Path bin = Files.createDirectories(tmp.resolve("bin"));
        Path mvn = bin.resolve("mvn");
        Files.writeString(mvn, String.join("\n",
                "#!/usr/bin/env bash",
                "printf '\\033[0m'; printf '\\033[0m' >&2",
                "echo \"[INFO] Scanning for projects...\"",
                "for a in \"$@\"; do",
                "  case \"$a\" in -Dmdep.outputFile=*) printf '%s' \"$FAKE_CLASSPATH\" > \"${a#-Dmdep.outputFile=}\" ;; esac",
                "done",
                "if [ -n \"${FAKE_MVN_FAIL:-}\" ]; then",
                "  printf '\\033[1;31m[ERROR]\\033[m COMPILATION ERROR in Sandbox.java\\n'",
                "  printf '\\033[0m'; exit 1",
                "fi",
                "printf '\\033[0m'; printf '\\033[0m' >&2",
                ""), StandardCharsets.UTF_8);
        Files.setPosixFilePermissions(mvn, PosixFilePermissions.fromString("rwxr-xr-x"));
        return bin;
    }

    private Result script(Map<String, String> extraEnv, String... args) throws Exception {
        Path bin = fakeMaven();
        List<String> command = new ArrayList<>(List.of("bash", repositoryRoot().resolve("sandbox").toString()));
        command.addAll(List.of(args));
        Map<String, String> env = new java.util.HashMap<>(Map.of(
                "PATH", bin + File.pathSeparator + System.getenv("PATH"),
                "JAVA_HOME", System.getProperty("java.home"),
                "FAKE_CLASSPATH", testClasspath()));
        env.putAll(extraEnv);
        return start(command, env);
    }

    @Test
    void theScriptKeepsMavenOffStandardOutputSoJsonIsAllThereIs() throws Exception {
        Result r = script(Map.of(), "--scenario", "003", "--users", "20", "--rows", "1", "--json", "-");

        assertThat(r.code()).as(r.err()).isZero();
        assertThat(STRICT.readTree(r.out()).get("scenarios").get(0).get("ok").booleanValue()).isTrue();
        assertThat(r.out()).doesNotContain(ESC, "[INFO]");
        assertThat(r.err()).contains("seed 003: OK").doesNotContain(ESC, "[INFO]");
    }

    @Test
    void theScriptPassesArgumentsAsGivenEvenWithSpaces() throws Exception {
        Path report = Files.createDirectories(tmp.resolve("my results")).resolve("seed 003.json");
        Result r = script(Map.of(), "--scenario", "003", "--users", "20", "--dry-run", "--json", report.toString());

        assertThat(r.code()).as(r.err()).isZero();
        assertThat(STRICT.readTree(Files.readString(report)).get("scenario").asText()).isEqualTo("003");
        assertThat(r.out()).contains("results of seed 003 written to " + report).doesNotContain(ESC);
    }

    @Test
    void aFailedBuildIsShownOnStandardErrorWithoutEscapeCodes() throws Exception {
        Result r = script(Map.of("FAKE_MVN_FAIL", "1"), "--scenario", "003", "--json", "-");

        assertThat(r.code()).isNotZero();
        assertThat(r.out()).isEmpty();
        assertThat(r.err()).contains("[ERROR] COMPILATION ERROR in Sandbox.java", "the build failed").doesNotContain("\u001b");
    }
}
