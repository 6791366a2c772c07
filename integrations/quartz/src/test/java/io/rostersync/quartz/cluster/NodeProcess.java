package io.rostersync.quartz.cluster;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A child JVM running a node's main class on this JVM's class path, as the test's handle on it: started with
 * {@code java -cp <the test class path> <main> <args>}, its output (standard error merged in) copied line by
 * line to a log file, ready when it prints a given line. {@link #stop} asks it to stop gracefully (writes
 * {@code stop} to its standard input), {@link #kill} is {@code kill -9} ({@link Process#destroyForcibly()}).
 * Closing the handle kills a node that is still alive, so a failed test leaves no node behind; a node whose
 * test JVM dies sees its standard input close and exits by itself ({@link QuartzNode} does).
 *
 * <p>Reusable for any node main that prints a ready line and reads {@code stop}; the multi-tenant benchmark
 * starts its nodes the same way.
 */
public final class NodeProcess implements AutoCloseable {

    private final String name;
    private final Process process;
    private final Path log;
    private final CountDownLatch ready = new CountDownLatch(1);
    private final CountDownLatch stopped = new CountDownLatch(1);

    private NodeProcess(String name, Process process, Path log, String readyLine, String stoppedLine) {
        this.name = name;
        this.process = process;
        this.log = log;
        Thread pump = new Thread(() -> pump(readyLine, stoppedLine), "node-output-" + name);
        pump.setDaemon(true);
        pump.start();
    }

    /**
     * Starts a node and waits until it prints {@code readyLine}.
     *
     * @param name       the node's name, for messages and the log file's name
     * @param mainClass  the class whose {@code main} runs in the child JVM
     * @param args       its arguments
     * @param logDir     where {@code <name>.log} is written
     * @param readyLine  the line that says the node is up
     * @param stoppedLine the line that says the node stopped gracefully
     * @param within     how long to wait for it
     * @return the running node
     * @throws IOException if the JVM cannot be started
     * @throws IllegalStateException if it exits or does not get ready in time (the log's tail says why)
     */
    public static NodeProcess start(String name, Class<?> mainClass, List<String> args, Path logDir, String readyLine,
                                    String stoppedLine, Duration within) throws IOException {
        Files.createDirectories(logDir);
        Path log = logDir.resolve(name + ".log");
        Files.deleteIfExists(log);
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        // small, quick-starting JVMs: several share two cores with PostgreSQL and the test
        command.addAll(List.of("-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Xss512k",
                "-Dorg.slf4j.simpleLogger.defaultLogLevel=info", "-Dorg.slf4j.simpleLogger.log.com.zaxxer.hikari=warn",
                "-Dorg.slf4j.simpleLogger.log.org.quartz=warn", "-Dorg.slf4j.simpleLogger.log.io.rostersync.engine=warn"));
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(mainClass.getName());
        command.addAll(args);
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        NodeProcess node = new NodeProcess(name, process, log, readyLine, stoppedLine);
        try {
            if (!node.ready.await(within.toMillis(), TimeUnit.MILLISECONDS)) {
                node.kill();
                throw new IllegalStateException("node " + name + " not ready within " + within + "; its log ends:\n" + node.tail());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            node.kill();
            throw new IllegalStateException("interrupted while starting node " + name, e);
        }
        return node;
    }

    private void pump(String readyLine, String stoppedLine) {
        try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = out.readLine()) != null) {
                Files.writeString(log, line + "\n", StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
                if (line.equals(readyLine)) {
                    ready.countDown();
                } else if (line.equals(stoppedLine)) {
                    stopped.countDown();
                }
            }
        } catch (IOException e) {
            // the process is gone; its log has what it printed
        } finally {
            ready.countDown();
        }
    }

    /**
     * The node's name.
     *
     * @return the name
     */
    public String name() {
        return name;
    }

    /**
     * Whether the JVM runs.
     *
     * @return true while it runs
     */
    public boolean isAlive() {
        return process.isAlive();
    }

    /**
     * Asks the node to stop gracefully (it finishes its running jobs) and waits for its JVM to exit.
     *
     * @param within how long to wait
     * @throws IllegalStateException if it did not stop gracefully in time (it is then killed)
     */
    public void stop(Duration within) {
        try {
            OutputStream in = process.getOutputStream();
            PrintWriter w = new PrintWriter(in, true, StandardCharsets.UTF_8);
            w.println("stop");
            boolean exited = process.waitFor(within.toMillis(), TimeUnit.MILLISECONDS);
            if (!exited || !stopped.await(1, TimeUnit.SECONDS)) {
                kill();
                throw new IllegalStateException("node " + name + " did not stop gracefully within " + within
                        + "; killed. Its log ends:\n" + tail());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            kill();
        }
    }

    /** {@code kill -9}: the JVM ends at once, in the middle of whatever it does, and this waits until it has. */
    public void kill() {
        process.destroyForcibly();
        try {
            process.waitFor(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * The last lines of the node's log, for failure messages.
     *
     * @return up to 40 lines
     */
    public String tail() {
        try {
            if (!Files.exists(log)) {
                return "(no output)";
            }
            List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Kills the node if it still runs. */
    @Override
    public void close() {
        if (process.isAlive()) {
            kill();
        }
    }

    @Override
    public String toString() {
        return "node " + name + (process.isAlive() ? " (pid " + process.pid() + ")" : " (exited)");
    }
}
