package io.rostersync.realtime;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/** Named counts of one chaos run, in the order first counted; printed as a two-column table. Not thread-safe. */
final class RealTimeTally {

    private final Map<String, Integer> counts = new LinkedHashMap<>();

    void add(String what, int n) {
        counts.merge(what, n, Integer::sum);
    }

    void add(String what) {
        add(what, 1);
    }

    /** Makes the row appear (at 0) in this position even when nothing is counted. */
    void declare(String what) {
        counts.putIfAbsent(what, 0);
    }

    int get(String what) {
        return counts.getOrDefault(what, 0);
    }

    Map<String, Integer> asMap() {
        return Map.copyOf(counts);
    }

    /** A Markdown table, for RELIABILITY.md. */
    String table(String title) {
        StringBuilder b = new StringBuilder();
        b.append("| ").append(title).append(" | count |\n| --- | ---: |\n");
        counts.forEach((k, v) -> b.append(String.format(Locale.ROOT, "| %s | %,d |%n", k, v)));
        return b.toString();
    }

    @Override
    public String toString() {
        return counts.toString();
    }
}
