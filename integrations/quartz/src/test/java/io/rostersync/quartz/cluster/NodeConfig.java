package io.rostersync.quartz.cluster;

import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.TreeMap;

/**
 * What one {@link QuartzNode} runs, handed to the child JVM as a properties file (so a thousand tenants do not
 * make a command line too long).
 *
 * @param node             the node's name: its Quartz instance id and its lease owner
 * @param jdbcUrl          the shared database (Quartz's tables, the state store, the target tables, the run log)
 * @param tenants          sync id to the base URI of that tenant's Zendesk emulator
 * @param interval         every sync's interval
 * @param firstRunWithin   the window of a newly registered sync's first run
 * @param leaseTtl         the state store lease's time to live
 * @param writeDelay       a pause after each applied action, so a run is long enough to be killed in the middle
 * @param threads          Quartz worker threads
 * @param checkinInterval  Quartz's cluster check-in interval
 * @param misfireThreshold Quartz's misfire threshold
 */
public record NodeConfig(String node, String jdbcUrl, Map<String, URI> tenants, Duration interval, Duration firstRunWithin,
                         Duration leaseTtl, Duration writeDelay, int threads, Duration checkinInterval,
                         Duration misfireThreshold) {

    private static final String TENANT = "tenant.";

    /**
     * Checks and copies.
     */
    public NodeConfig {
        Objects.requireNonNull(node, "node");
        Objects.requireNonNull(jdbcUrl, "jdbcUrl");
        tenants = Map.copyOf(tenants);
    }

    /**
     * Short intervals and timeouts for tests: a check-in every second, a misfire after 1.5 seconds, a
     * 2-second lease, 4 worker threads, no write delay.
     *
     * @param node    the node's name
     * @param jdbcUrl the shared database
     * @param tenants sync id to emulator base URI
     * @param interval every sync's interval
     * @return the configuration
     */
    public static NodeConfig forTests(String node, String jdbcUrl, Map<String, URI> tenants, Duration interval) {
        return new NodeConfig(node, jdbcUrl, tenants, interval, Duration.ofSeconds(1), Duration.ofSeconds(2),
                Duration.ZERO, 4, Duration.ofSeconds(1), Duration.ofMillis(1500));
    }

    /**
     * This configuration for another node.
     *
     * @param name the other node's name
     * @return the copy
     */
    public NodeConfig named(String name) {
        return new NodeConfig(name, jdbcUrl, tenants, interval, firstRunWithin, leaseTtl, writeDelay, threads,
                checkinInterval, misfireThreshold);
    }

    /**
     * This configuration with a pause after each applied action.
     *
     * @param delay the pause
     * @return the copy
     */
    public NodeConfig withWriteDelay(Duration delay) {
        return new NodeConfig(node, jdbcUrl, tenants, interval, firstRunWithin, leaseTtl, delay, threads,
                checkinInterval, misfireThreshold);
    }

    /**
     * This configuration with another lease time to live.
     *
     * @param ttl the state store lease's time to live
     * @return the copy
     */
    public NodeConfig withLeaseTtl(Duration ttl) {
        return new NodeConfig(node, jdbcUrl, tenants, interval, firstRunWithin, ttl, writeDelay, threads,
                checkinInterval, misfireThreshold);
    }

    /**
     * Writes the file a node reads.
     *
     * @param file where
     * @throws IOException if it cannot
     */
    public void store(Path file) throws IOException {
        Properties p = new Properties();
        p.setProperty("node", node);
        p.setProperty("jdbcUrl", jdbcUrl);
        tenants.forEach((id, uri) -> p.setProperty(TENANT + id, uri.toString()));
        p.setProperty("interval", interval.toString());
        p.setProperty("firstRunWithin", firstRunWithin.toString());
        p.setProperty("leaseTtl", leaseTtl.toString());
        p.setProperty("writeDelay", writeDelay.toString());
        p.setProperty("threads", Integer.toString(threads));
        p.setProperty("checkinInterval", checkinInterval.toString());
        p.setProperty("misfireThreshold", misfireThreshold.toString());
        try (Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            p.store(w, "rostersync Quartz test node");
        }
    }

    /**
     * Reads a file {@link #store} wrote.
     *
     * @param file the file
     * @return the configuration
     * @throws IOException if it cannot be read
     */
    public static NodeConfig load(Path file) throws IOException {
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            p.load(r);
        }
        Map<String, URI> tenants = new TreeMap<>();
        for (String key : p.stringPropertyNames()) {
            if (key.startsWith(TENANT)) {
                tenants.put(key.substring(TENANT.length()), URI.create(p.getProperty(key)));
            }
        }
        return new NodeConfig(p.getProperty("node"), p.getProperty("jdbcUrl"), tenants,
                Duration.parse(p.getProperty("interval")), Duration.parse(p.getProperty("firstRunWithin")),
                Duration.parse(p.getProperty("leaseTtl")), Duration.parse(p.getProperty("writeDelay")),
                Integer.parseInt(p.getProperty("threads")), Duration.parse(p.getProperty("checkinInterval")),
                Duration.parse(p.getProperty("misfireThreshold")));
    }
}
