package io.rostersync.benchmarks.tenants;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** A node JVM the benchmark started, and its stdin/stdout protocol ({@link MultiTenantNode}). */
final class NodeProcess {

    final String name;
    private final Process process;
    private final Writer commands;
    private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    private final Path log;

    private NodeProcess(String name, Process process, Path log) {
        this.name = name;
        this.process = process;
        this.log = log;
        this.commands = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
        Thread reader = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line = r.readLine(); line != null; line = r.readLine()) {
                    lines.add(line);
                }
            } catch (IOException e) {
                // the node died; callers see it when they wait
            }
        }, name + "-stdout");
        reader.setDaemon(true);
        reader.start();
    }

    static NodeProcess start(String name, String heap, List<String> args, Path logDir) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-Xmx" + heap);
        command.add("-XX:+UseG1GC");
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(MultiTenantNode.class.getName());
        command.add("--name");
        command.add(name);
        command.addAll(args);
        Path log = logDir.resolve(name + ".log");
        try {
            Process p = new ProcessBuilder(command).redirectError(log.toFile()).start();
            return new NodeProcess(name, p, log);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start node " + name, e);
        }
    }

    long pid() {
        return process.pid();
    }

    boolean alive() {
        return process.isAlive();
    }

    /** Waits for a line starting with {@code prefix}; other lines are dropped. */
    String await(String prefix, long seconds) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (true) {
            long left = deadline - System.nanoTime();
            String line = left <= 0 ? null : lines.poll(left, TimeUnit.NANOSECONDS);
            if (line == null) {
                throw new IllegalStateException("node " + name + " did not say " + prefix + " within " + seconds + " s"
                        + (process.isAlive() ? "" : " (it exited with " + process.exitValue() + ")") + "; its log:\n" + tail());
            }
            if (line.startsWith(prefix)) {
                return line;
            }
        }
    }

    void send(String command) {
        try {
            commands.write(command + "\n");
            commands.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("node " + name + " is gone", e);
        }
    }

    Map<String, String> stats() throws InterruptedException {
        send("STATS");
        return Args.parseStats(await("STATS ", 30).substring(6));
    }

    /** A counter from a {@code STATS} answer. */
    static long stat(Map<String, String> stats, String key) {
        return Long.parseLong(Args.required(stats, key));
    }

    /** kill -9. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
    }

    void stop() throws InterruptedException {
        if (process.isAlive()) {
            send("STOP");
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        }
    }

    /** The resident set of the node's JVM, in bytes, from /proc. */
    long rssBytes() {
        return Proc.rssBytes(process.pid());
    }

    String tail() {
        try {
            List<String> all = Files.readAllLines(log);
            return String.join("\n", all.subList(Math.max(0, all.size() - 30), all.size()));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }
}
