package io.rostersync.bucket4j;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Nodes in child JVMs ({@link QuotaNode}) on this test's class path: started together, released together
 * with {@code GO} once all are ready (so JVM start-up is not measured), and awaited.
 */
final class Nodes implements AutoCloseable {

    /** What the nodes printed after {@code RESULT}, in start order, and the time from GO to the last result. */
    record Outcome(List<String> results, long wallNanos) {
    }

    private final List<Process> processes = new ArrayList<>();
    private final List<BufferedReader> outputs = new ArrayList<>();

    Nodes(int count, String... args) throws IOException {
        Path logs = Files.createDirectories(Path.of("target", "quota-nodes"));
        for (int i = 0; i < count; i++) {
            List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-Xmx256m", "-XX:TieredStopAtLevel=1",
                    // Each request with its status and time, in the node's log under target/quota-nodes.
                    "-Dorg.slf4j.simpleLogger.log.io.rostersync.http=debug", "-Dorg.slf4j.simpleLogger.showDateTime=true",
                    "-Dorg.slf4j.simpleLogger.dateTimeFormat=HH:mm:ss.SSS", "-cp", System.getProperty("java.class.path"),
                    QuotaNode.class.getName()));
            command.addAll(List.of(args));
            Process p = new ProcessBuilder(command)
                    .redirectError(logs.resolve(args[0] + "-" + ProcessHandle.current().pid() + "-" + System.nanoTime() + ".log").toFile())
                    .start();
            processes.add(p);
            outputs.add(new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8)));
        }
    }

    /** Waits for every node's READY, sends GO to all, and waits for every RESULT. */
    Outcome run() throws Exception {
        for (int i = 0; i < processes.size(); i++) {
            expect(i, "READY");
        }
        long start = System.nanoTime();
        for (Process p : processes) {
            OutputStream in = p.getOutputStream();
            in.write("GO\n".getBytes(StandardCharsets.UTF_8));
            in.flush();
        }
        List<CompletableFuture<String>> results = new ArrayList<>();
        for (int i = 0; i < processes.size(); i++) {
            int node = i;
            results.add(CompletableFuture.supplyAsync(() -> {
                try {
                    return expect(node, "RESULT ");
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                }
            }));
        }
        List<String> lines = new ArrayList<>();
        for (CompletableFuture<String> r : results) {
            lines.add(r.get(120, TimeUnit.SECONDS));
        }
        long wall = System.nanoTime() - start;
        for (Process p : processes) {
            if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new IllegalStateException("a node did not end cleanly; see target/quota-nodes");
            }
        }
        return new Outcome(lines, wall);
    }

    private String expect(int node, String prefix) throws IOException {
        String line;
        while ((line = outputs.get(node).readLine()) != null) {
            if (line.startsWith(prefix)) {
                return line.substring(prefix.length()).strip();
            }
        }
        throw new IllegalStateException("node " + node + " ended before printing " + prefix.strip() + "; see target/quota-nodes");
    }

    @Override
    public void close() {
        for (Process p : processes) {
            p.destroyForcibly();
        }
    }
}
