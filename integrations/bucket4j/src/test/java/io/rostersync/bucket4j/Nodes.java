package io.rostersync.bucket4j;

import io.rostersync.jdbc.nodes.NodeProcess;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Nodes in child JVMs ({@link QuotaNode}, through the shared {@link NodeProcess} harness) on this test's class
 * path: started together, released together with {@code GO} once all are ready (so JVM start-up is not measured),
 * and awaited.
 */
final class Nodes implements AutoCloseable {

    private static final Duration READY_WITHIN = Duration.ofSeconds(120);
    private static final Duration RESULT_WITHIN = Duration.ofSeconds(120);

    /** What the nodes printed after {@code RESULT}, in start order, and the time from GO to the last result. */
    record Outcome(List<String> results, long wallNanos) {
    }

    private final List<NodeProcess> processes = new ArrayList<>();

    Nodes(int count, String... args) {
        for (int i = 0; i < count; i++) {
            processes.add(NodeProcess.node(args[0] + "-" + ProcessHandle.current().pid() + "-" + System.nanoTime(), QuotaNode.class)
                    .jvm(List.of("-Xmx256m", "-XX:TieredStopAtLevel=1",
                            // Each request with its status and time, in the node's log under target/quota-nodes.
                            "-Dorg.slf4j.simpleLogger.log.io.rostersync.http=debug", "-Dorg.slf4j.simpleLogger.showDateTime=true",
                            "-Dorg.slf4j.simpleLogger.dateTimeFormat=HH:mm:ss.SSS"))
                    .logDir(Path.of("target", "quota-nodes")).args(List.of(args)).start());
        }
    }

    /** Waits for every node's READY, sends GO to all, and waits for every RESULT. */
    Outcome run() throws Exception {
        for (NodeProcess p : processes) {
            p.await("READY", READY_WITHIN);
        }
        long start = System.nanoTime();
        for (NodeProcess p : processes) {
            p.send("GO");
        }
        List<CompletableFuture<String>> results = new ArrayList<>();
        for (NodeProcess p : processes) {
            results.add(CompletableFuture.supplyAsync(() -> p.await("RESULT ", RESULT_WITHIN).substring("RESULT ".length()).strip()));
        }
        List<String> lines = new ArrayList<>();
        for (CompletableFuture<String> r : results) {
            lines.add(r.get(RESULT_WITHIN.toSeconds() + 10, TimeUnit.SECONDS));
        }
        long wall = System.nanoTime() - start;
        for (NodeProcess p : processes) {
            int exit = p.awaitExit(Duration.ofSeconds(30));
            if (exit != 0) {
                throw new IllegalStateException(p + " ended with " + exit + "; its log ends:\n" + p.tail());
            }
        }
        return new Outcome(lines, wall);
    }

    @Override
    public void close() {
        processes.forEach(NodeProcess::close);
    }
}
