package io.rostersync.jdbc.nodes;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.lang.ProcessBuilder.Redirect;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A node program in a child JVM on this JVM's class path, as a test's (or the benchmark's) handle on it: the
 * one harness of the Quartz, db-scheduler and shared-quota cluster tests and the multi-tenant benchmark.
 *
 * <p>The protocol is lines: the node prints its protocol lines ({@code READY}, {@code RESULT ...},
 * {@code STATS ...}) on standard output, which {@link #await} waits for by prefix (each line is read once; lines
 * other than the awaited one are skipped); it logs to standard error. Both go to {@code <logDir>/<name>.log}.
 * The parent writes commands with {@link #send}. {@link #stop} sends {@code STOP} and closes standard input:
 * the node stops gracefully, letting running work finish, and exits 0; a node whose parent dies sees its
 * input close. {@link #kill} is {@code kill -9}. Closing the handle kills a node that still runs, so a failed
 * test leaves no node behind.
 */
public final class NodeProcess implements AutoCloseable {

    /** What every node runs with unless told otherwise: small, quick-starting JVMs that share two cores. */
    public static final List<String> SMALL_JVM = List.of("-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
            "-Xss512k");

    private final String name;
    private final Process process;
    private final Path log;
    private final Writer commands;
    private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    private volatile boolean outputEnded;

    private NodeProcess(String name, Process process, Path log) {
        this.name = name;
        this.process = process;
        this.log = log;
        this.commands = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
        Thread pump = new Thread(this::pump, "node-" + name + "-stdout");
        pump.setDaemon(true);
        pump.start();
    }

    /**
     * Starts a node.
     *
     * @param name      the node's name, for messages and its log file
     * @param mainClass the class whose {@code main} runs in the child JVM
     * @return a builder
     */
    public static Builder node(String name, Class<?> mainClass) {
        return new Builder(name, mainClass);
    }

    private void pump() {
        try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line = out.readLine(); line != null; line = out.readLine()) {
                lines.add(line);
                Files.writeString(log, line + "\n", StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
            }
        } catch (IOException e) {
            // the process is gone; whoever waits for a line is told so with its log's tail
        } finally {
            outputEnded = true;
        }
    }

    /**
     * Waits for the next line of standard output that starts with {@code prefix}, skipping others.
     *
     * @param prefix what the line starts with
     * @param within how long to wait at most
     * @return the whole line
     * @throws IllegalStateException if no such line came in time, or the node exited first (with its log's tail)
     */
    public String await(String prefix, Duration within) {
        long deadline = System.nanoTime() + within.toNanos();
        try {
            while (true) {
                long left = deadline - System.nanoTime();
                String line = left <= 0 ? null : lines.poll(Math.min(left, TimeUnit.MILLISECONDS.toNanos(200)), TimeUnit.NANOSECONDS);
                if (line != null && line.startsWith(prefix)) {
                    return line;
                }
                if (line == null && (left <= 0 || (outputEnded && lines.isEmpty()))) {
                    throw new IllegalStateException("node " + name + " did not print " + prefix.strip() + " within " + within
                            + (process.isAlive() ? "" : " (it exited with " + process.exitValue() + ")")
                            + "; its log ends:\n" + tail());
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted waiting for node " + name + " to print " + prefix.strip(), e);
        }
    }

    /**
     * Writes one command line to the node's standard input.
     *
     * @param command the line
     * @throws UncheckedIOException if the node is gone
     */
    public void send(String command) {
        try {
            commands.write(command + "\n");
            commands.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("node " + name + " is gone", e);
        }
    }

    /**
     * Asks the node to stop gracefully ({@code STOP}, then end of input) and waits for it to exit.
     *
     * @param within how long it may take
     * @throws IllegalStateException if it did not exit with 0 in time (it is then killed)
     */
    public void stop(Duration within) {
        if (!process.isAlive()) {
            return;
        }
        try {
            send("STOP");
            commands.close();
        } catch (IOException | UncheckedIOException e) {
            // it stopped reading: it is on its way out
        }
        int exit = awaitExit(within);
        if (exit != 0) {
            throw new IllegalStateException("node " + name + " did not stop cleanly (exit " + exit + "); its log ends:\n" + tail());
        }
    }

    /**
     * Waits for the node to exit by itself.
     *
     * @param within how long to wait
     * @return its exit code
     * @throws IllegalStateException if it still ran after {@code within} (it is then killed)
     */
    public int awaitExit(Duration within) {
        try {
            if (!process.waitFor(within.toMillis(), TimeUnit.MILLISECONDS)) {
                kill();
                throw new IllegalStateException("node " + name + " did not exit within " + within + "; killed. Its log ends:\n" + tail());
            }
            return process.exitValue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            kill();
            throw new IllegalStateException("interrupted waiting for node " + name + " to exit", e);
        }
    }

    /** {@code kill -9}: the JVM ends at once, in the middle of whatever it does; this returns once it has. */
    public void kill() {
        process.destroyForcibly();
        try {
            process.waitFor(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
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
     * The child JVM's process id.
     *
     * @return the pid
     */
    public long pid() {
        return process.pid();
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
     * The last lines of the node's log, for failure messages.
     *
     * @return up to 40 lines
     */
    public String tail() {
        try {
            if (!Files.exists(log)) {
                return "(no output)";
            }
            List<String> all = Files.readAllLines(log, StandardCharsets.UTF_8);
            return String.join("\n", all.subList(Math.max(0, all.size() - 40), all.size()));
        } catch (IOException | UncheckedIOException e) {
            return "(log unreadable: " + e.getMessage() + ")";
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

    /** How a node is started. Not thread-safe. */
    public static final class Builder {
        private final String name;
        private final Class<?> mainClass;
        private final List<String> jvm = new ArrayList<>(SMALL_JVM);
        private final List<String> args = new ArrayList<>();
        private final Map<String, String> environment = new LinkedHashMap<>();
        private Path logDir = Path.of("target", "nodes");

        private Builder(String name, Class<?> mainClass) {
            this.name = Objects.requireNonNull(name, "name");
            this.mainClass = Objects.requireNonNull(mainClass, "mainClass");
        }

        /**
         * Replaces the JVM options ({@link #SMALL_JVM} by default).
         *
         * @param options the options
         * @return this builder
         */
        public Builder jvm(List<String> options) {
            jvm.clear();
            jvm.addAll(options);
            return this;
        }

        /**
         * Adds JVM options, e.g. system properties for the node's logging.
         *
         * @param options the options
         * @return this builder
         */
        public Builder jvmAlso(String... options) {
            jvm.addAll(List.of(options));
            return this;
        }

        /**
         * The main class's arguments.
         *
         * @param values the arguments
         * @return this builder
         */
        public Builder args(List<String> values) {
            args.clear();
            args.addAll(values);
            return this;
        }

        /**
         * An environment variable of the child (for secrets, which must not be on its command line).
         *
         * @param key   the name
         * @param value the value
         * @return this builder
         */
        public Builder env(String key, String value) {
            environment.put(key, value);
            return this;
        }

        /**
         * Where {@code <name>.log} is written ({@code target/nodes} by default).
         *
         * @param dir the directory
         * @return this builder
         */
        public Builder logDir(Path dir) {
            logDir = Objects.requireNonNull(dir, "logDir");
            return this;
        }

        /**
         * Starts the JVM; it runs on when this returns ({@link #await} its ready line).
         *
         * @return the node
         * @throws UncheckedIOException if the JVM cannot be started
         */
        public NodeProcess start() {
            List<String> command = new ArrayList<>();
            command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
            command.addAll(jvm);
            command.add("-cp");
            command.add(System.getProperty("java.class.path"));
            command.add(mainClass.getName());
            command.addAll(args);
            try {
                Files.createDirectories(logDir);
                Path log = logDir.resolve(name + ".log");
                Files.deleteIfExists(log);
                Files.createFile(log);
                ProcessBuilder pb = new ProcessBuilder(command).redirectError(Redirect.appendTo(log.toFile()));
                pb.environment().putAll(environment);
                return new NodeProcess(name, pb.start(), log);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot start node " + name, e);
            }
        }
    }
}
