package io.rostersync.scim;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

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

/**
 * The independent scimmy server ({@code src/test/scim-server}: scimmy 1.3.5, scimmy-routers 1.3.2, express 4),
 * started once per test JVM on 127.0.0.1 and stopped when the JVM ends. Tests that use it are skipped when
 * node or npm is missing, except under {@code CI=true}, where that is a failure.
 */
final class ScimmyServer {

    static final String TOKEN = "scimmy-interop-" + UUID.randomUUID();
    private static Process server;
    private static URI base;

    private ScimmyServer() {
    }

    /** The base URI of the running server, starting it on first use. */
    static synchronized URI base() throws Exception {
        if (base != null) {
            return base;
        }
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
        Process started = new ProcessBuilder("node", "server.js", "0", TOKEN).directory(dir.toFile()).redirectErrorStream(true).start();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            started.destroy();
            try {
                if (!started.waitFor(10, TimeUnit.SECONDS)) {
                    started.destroyForcibly();
                }
            } catch (InterruptedException e) {
                started.destroyForcibly();
            }
        }, "scimmy-stop"));
        CompletableFuture<Integer> port = new CompletableFuture<>();
        Thread reader = new Thread(() -> {
            try (BufferedReader out = new BufferedReader(new InputStreamReader(started.getInputStream(), StandardCharsets.UTF_8))) {
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
        server = started;
        base = URI.create("http://127.0.0.1:" + port.get(30, TimeUnit.SECONDS) + "/scim/v2/");
        return base;
    }

    /** The server folder below this module, found from the working directory upwards. */
    private static Path serverDir() {
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            for (Path candidate : new Path[] {p.resolve("src/test/scim-server"), p.resolve("integration-tests/src/test/scim-server")}) {
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
}
