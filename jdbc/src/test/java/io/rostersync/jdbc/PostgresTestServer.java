package io.rostersync.jdbc;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import javax.sql.DataSource;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * A throwaway PostgreSQL server on 127.0.0.1 for tests: the one named by {@code ROSTERSYNC_TEST_PG_URL}
 * (a JDBC URL with user and password), else a private cluster started from the Debian server binaries
 * ({@code /usr/lib/postgresql/N/bin}) in a temporary directory, run as the {@code postgres} user when
 * the tests run as root, and stopped when the JVM exits. Without either, tests are skipped locally and
 * fail under {@code CI=true}.
 *
 * <p>Published in this module's test jar for the other modules' tests (the scheduler integrations start
 * nodes in child JVMs and hand them {@link #jdbcUrl(String)}). Each caller that needs isolation takes its
 * own database with {@link #newDatabase(String)}.
 */
public final class PostgresTestServer {

    private static DataSource shared;
    private static String url;
    private static String failure;
    private static final java.util.concurrent.atomic.AtomicInteger DATABASES = new java.util.concurrent.atomic.AtomicInteger();

    private PostgresTestServer() {
    }

    /**
     * A fresh, empty database on the shared test server, named after {@code prefix}.
     *
     * @param prefix letters, digits and underscores, for finding it in server logs
     * @return its JDBC URL, user included, usable from another JVM on this machine
     */
    public static synchronized String newDatabase(String prefix) {
        if (!prefix.matches("[a-z][a-z0-9_]{0,30}")) {
            throw new IllegalArgumentException("database prefix must be lower-case letters, digits and underscores: " + prefix);
        }
        DataSource server = dataSource();
        String name = prefix + "_" + ProcessHandle.current().pid() + "_" + DATABASES.incrementAndGet();
        try (java.sql.Connection c = server.getConnection(); java.sql.Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + name);
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException("could not create test database " + name + ": " + e.getMessage(), e);
        }
        return jdbcUrl(name);
    }

    /**
     * The JDBC URL of database {@code name} on the shared test server.
     *
     * @param name the database
     * @return the URL with the user as a parameter
     */
    public static synchronized String jdbcUrl(String name) {
        dataSource();
        return url.replaceFirst("^(jdbc:postgresql://[^/]+/)[^?]*", "$1" + name);
    }

    /**
     * A data source for database {@code name} on the shared test server.
     *
     * @param jdbcUrl a URL from {@link #newDatabase(String)}
     * @return a data source without a pool
     */
    public static DataSource dataSource(String jdbcUrl) {
        PGSimpleDataSource ds = new PGSimpleDataSource();
        ds.setUrl(jdbcUrl);
        return ds;
    }

    /**
     * The shared server's {@code postgres} database, started on first use.
     *
     * @return its data source
     */
    public static synchronized DataSource dataSource() {
        if (shared == null && failure == null) {
            try {
                shared = start();
            } catch (Exception e) {
                failure = e.getMessage();
            }
        }
        if (shared == null) {
            boolean ci = "true".equalsIgnoreCase(System.getenv("CI"));
            if (ci) {
                throw new IllegalStateException("PostgreSQL is required under CI but could not be started: " + failure);
            }
            assumeTrue(false, "no PostgreSQL available: " + failure);
        }
        return shared;
    }

    private static DataSource start() throws IOException, InterruptedException {
        String given = System.getenv("ROSTERSYNC_TEST_PG_URL");
        if (given != null && !given.isBlank()) {
            PGSimpleDataSource ds = new PGSimpleDataSource();
            ds.setUrl(given);
            PostgresTestServer.url = ds.getUrl();
            return ds;
        }
        Path bin = findBinaries().orElseThrow(() -> new IOException("no PostgreSQL server binaries under /usr/lib/postgresql"));
        boolean root = "root".equals(System.getProperty("user.name"));
        Path dir = Files.createTempDirectory("rostersync-pg-");
        Path data = dir.resolve("data");
        if (root) {
            run(List.of("chown", "-R", "postgres:postgres", dir.toString()), false);
        }
        run(List.of(bin.resolve("initdb").toString(), "-D", data.toString(), "-A", "trust", "-U", "rostersync",
                "-E", "UTF8", "--no-sync"), root);
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            port = s.getLocalPort();
        }
        run(List.of(bin.resolve("pg_ctl").toString(), "-D", data.toString(), "-l", dir.resolve("server.log").toString(),
                "-o", "-p " + port + " -h 127.0.0.1 -k " + dir + " -F", "-w", "-t", "60", "start"), root);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                run(List.of(bin.resolve("pg_ctl").toString(), "-D", data.toString(), "-m", "immediate", "-w", "stop"), root);
            } catch (Exception ignored) {
                // the JVM is going away; the temporary directory goes with the next reboot at worst
            }
            deleteQuietly(dir);
        }));
        PGSimpleDataSource ds = new PGSimpleDataSource();
        ds.setServerNames(new String[] {"127.0.0.1"});
        ds.setPortNumbers(new int[] {port});
        ds.setDatabaseName("postgres");
        ds.setUser("rostersync");
        url = "jdbc:postgresql://127.0.0.1:" + port + "/postgres?user=rostersync";
        return ds;
    }

    private static Optional<Path> findBinaries() throws IOException {
        Path base = Path.of("/usr/lib/postgresql");
        if (!Files.isDirectory(base)) {
            return Optional.empty();
        }
        try (Stream<Path> versions = Files.list(base)) {
            return versions.map(v -> v.resolve("bin"))
                    .filter(b -> Files.isExecutable(b.resolve("initdb")) && Files.isExecutable(b.resolve("pg_ctl")))
                    .max(Comparator.comparing(Path::toString));
        }
    }

    private static void run(List<String> command, boolean asPostgres) throws IOException, InterruptedException {
        List<String> full = new ArrayList<>();
        if (asPostgres) {
            full.addAll(List.of("runuser", "-u", "postgres", "--"));
        }
        full.addAll(command);
        Process p = new ProcessBuilder(full).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.PIPE).start();
        byte[] out = p.getInputStream().readAllBytes();
        if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IOException(String.join(" ", command.subList(0, 1)) + " failed: " + new String(out).strip());
        }
    }

    private static void deleteQuietly(Path dir) {
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
        } catch (IOException ignored) {
            // best effort
        }
    }
}
