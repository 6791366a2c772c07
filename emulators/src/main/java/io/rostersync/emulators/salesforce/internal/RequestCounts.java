package io.rostersync.emulators.salesforce.internal;

import java.util.Map;
import java.util.TreeMap;

/** Requests received, by endpoint name ({@code "query"}, {@code "query:User"}, ...). Guarded by the {@link OrgStore}'s monitor. */
public final class RequestCounts {

    private final OrgStore store;
    private final Map<String, Integer> counts = new TreeMap<>();

    /** No requests yet, guarded by {@code store}'s monitor. */
    public RequestCounts(OrgStore store) {
        this.store = store;
    }

    /** Requests for one endpoint name; 0 if never called. */
    public int count(String endpoint) {
        synchronized (store) {
            return counts.getOrDefault(endpoint, 0);
        }
    }

    /** Every count, by endpoint name. */
    public Map<String, Integer> all() {
        synchronized (store) {
            return Map.copyOf(counts);
        }
    }

    /** REST requests in all: the token endpoint and the per-object counts left out. */
    public int api() {
        synchronized (store) {
            return counts.entrySet().stream()
                    .filter(e -> !e.getKey().contains(":") && !e.getKey().equals("token"))
                    .mapToInt(Map.Entry::getValue).sum();
        }
    }

    /** Forgets every count. */
    public void reset() {
        synchronized (store) {
            counts.clear();
        }
    }

    void add(String endpoint) {
        counts.merge(endpoint, 1, Integer::sum);
    }
}
