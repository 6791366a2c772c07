package io.rostersync.scim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.rostersync.model.UserProfile;
import io.rostersync.model.UserRecord;
import io.rostersync.spi.CreateOptions;
import io.rostersync.spi.FailureKind;
import io.rostersync.spi.UserDirectory;
import io.rostersync.spi.WriteResult;
import io.rostersync.testkit.UserDirectoryContract;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Interoperability: the directory contract against an independent SCIM server, scimmy 1.3.5 with
 * scimmy-routers 1.3.2 on express 4 ({@code src/test/scim-server}), started here on 127.0.0.1.
 *
 * <p>scimmy's quirks, which the client is deliberately not bent to: its filter compares
 * {@code userName} case-sensitively although RFC 7643 makes it case-insensitive (the 409 lookup still
 * works because it searches the exact userName it sent), and a create answers 201 without a
 * {@code Location} header (the client reads the id from the body, never from that header).
 *
 * <p>Skipped when node or npm is missing, except under {@code CI=true}, where that is a failure.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class ScimmyInteropContractTest extends UserDirectoryContract {

    private static final String TOKEN = "scimmy-interop-" + UUID.randomUUID();
    private static Process server;
    private static URI base;

    @BeforeAll
    static void startScimmy() throws Exception {
        Path dir = serverDir();
        boolean ci = "true".equalsIgnoreCase(System.getenv("CI"));
        if (!works("node", "--version") || !works("npm", "--version")) {
            if (ci) {
                fail("node and npm are required for the SCIM interoperability test under CI=true");
            }
            assumeTrue(false, "node/npm not installed; SCIM interoperability test skipped");
        }
        if (!Files.isDirectory(dir.resolve("node_modules"))) {
            Process npm = new ProcessBuilder("npm", "ci", "--no-audit", "--no-fund")
                    .directory(dir.toFile()).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            if (!npm.waitFor(180, TimeUnit.SECONDS) || npm.exitValue() != 0) {
                npm.destroyForcibly();
                fail("npm ci failed in " + dir);
            }
        }
        server = new ProcessBuilder("node", "server.js", "0", TOKEN).directory(dir.toFile()).redirectErrorStream(true).start();
        CompletableFuture<Integer> port = new CompletableFuture<>();
        Thread reader = new Thread(() -> {
            try (BufferedReader out = new BufferedReader(new InputStreamReader(server.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line = out.readLine(); line != null; line = out.readLine()) {
                    if (line.startsWith("listening ")) {
                        port.complete(Integer.parseInt(line.substring("listening ".length()).strip()));
                    }
                }
                port.completeExceptionally(new IOException("scimmy server exited before listening"));
            } catch (IOException | RuntimeException e) {
                port.completeExceptionally(e);
            }
        }, "scimmy-output");
        reader.setDaemon(true);
        reader.start();
        base = URI.create("http://127.0.0.1:" + port.get(30, TimeUnit.SECONDS) + "/scim/v2/");
    }

    @AfterAll
    static void stopScimmy() throws InterruptedException {
        if (server != null) {
            server.destroy();
            if (!server.waitFor(10, TimeUnit.SECONDS)) {
                server.destroyForcibly();
            }
        }
    }

    /** The server folder below this module, found from the working directory upwards. */
    private static Path serverDir() {
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            for (Path candidate : new Path[] {p.resolve("src/test/scim-server"), p.resolve("providers/scim/src/test/scim-server")}) {
                if (Files.isRegularFile(candidate.resolve("server.js"))) {
                    return candidate;
                }
            }
        }
        throw new IllegalStateException("src/test/scim-server not found from " + Path.of("").toAbsolutePath());
    }

    private static boolean works(String... command) {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            return p.waitFor(20, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private ScimUserDirectory scimmy() {
        return ScimUserDirectory.builder("scimmy", ScimFixtures.client(base, TOKEN)).pageSize(3).build();
    }

    @Override
    protected UserDirectory directory() {
        return scimmy();
    }

    @Test
    void secondCreateOfTheSameUserIsAlreadyExistsAndFindExistingNamesTheFirst() {
        ScimUserDirectory dir = scimmy();
        UserProfile profile = newProfile(UUID.randomUUID().toString().substring(0, 8));
        WriteResult first = dir.create(profile, CreateOptions.silent());
        WriteResult second = dir.create(profile, CreateOptions.silent());
        assertThat(first).isInstanceOf(WriteResult.Stored.class);
        assertThat(second).isInstanceOfSatisfying(WriteResult.Failed.class,
                f -> assertThat(f.failure().kind()).isEqualTo(FailureKind.ALREADY_EXISTS));
        UserRecord a = ((WriteResult.Stored) first).record();
        assertThat(dir.findExisting(profile)).extracting(UserRecord::id).containsExactly(a.id());
        assertThat(dir.findByUserName(profile.email().orElseThrow().value())).hasSize(1);
    }
}
