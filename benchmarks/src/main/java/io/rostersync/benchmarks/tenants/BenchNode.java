package io.rostersync.benchmarks.tenants;

import io.rostersync.jdbc.nodes.NodeProcess;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * A {@link MultiTenantNode} in a child JVM, on the shared {@link NodeProcess} harness (the one the Quartz,
 * db-scheduler and shared-quota cluster tests use), plus what the benchmark asks of a node: its counters and its
 * resident set.
 */
final class BenchNode {

    final String name;
    private final NodeProcess process;

    private BenchNode(String name, NodeProcess process) {
        this.name = name;
        this.process = process;
    }

    static BenchNode start(String name, String heap, List<String> args, Path logDir) {
        List<String> all = new java.util.ArrayList<>(List.of("--name", name));
        all.addAll(args);
        return new BenchNode(name, NodeProcess.node(name, MultiTenantNode.class)
                .jvm(List.of("-Xmx" + heap, "-XX:+UseG1GC")).logDir(logDir).args(all).start());
    }

    long pid() {
        return process.pid();
    }

    boolean alive() {
        return process.isAlive();
    }

    /** Waits for a line starting with {@code prefix}; other lines are dropped. */
    String await(String prefix, long seconds) {
        return process.await(prefix, Duration.ofSeconds(seconds));
    }

    void send(String command) {
        process.send(command);
    }

    Map<String, String> stats() {
        send("STATS");
        return Args.parseStats(await("STATS ", 30).substring(6));
    }

    /** A counter from a {@code STATS} answer. */
    static long stat(Map<String, String> stats, String key) {
        return Long.parseLong(Args.required(stats, key));
    }

    /** kill -9. */
    void kill() {
        process.kill();
    }

    void stop() {
        try {
            process.stop(Duration.ofSeconds(60));
        } catch (IllegalStateException e) {
            System.err.println(e.getMessage());
        }
    }

    /** The resident set of the node's JVM, in bytes, from /proc. */
    long rssBytes() {
        return Proc.rssBytes(process.pid());
    }

    String tail() {
        return process.tail();
    }
}
