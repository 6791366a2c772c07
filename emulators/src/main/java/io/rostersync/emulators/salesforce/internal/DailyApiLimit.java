package io.rostersync.emulators.salesforce.internal;

import mockwebserver3.MockResponse;

/**
 * The org's daily API request limit and today's usage, as {@code /limits} and {@code Sforce-Limit-Info} report
 * them. Guarded by the {@link OrgStore}'s monitor.
 */
public final class DailyApiLimit {

    private final OrgStore store;
    private int limit = 100_000;
    private int used;

    /** A limit of 100,000 requests a day, none used, guarded by {@code store}'s monitor. */
    public DailyApiLimit(OrgStore store) {
        this.store = store;
    }

    /** Sets the requests a day. */
    public void setLimit(int limit) {
        synchronized (store) {
            this.limit = limit;
        }
    }

    /** The requests counted today. */
    public int used() {
        synchronized (store) {
            return used;
        }
    }

    /** A new day: usage back to zero. */
    public void reset() {
        synchronized (store) {
            used = 0;
        }
    }

    int limit() {
        return limit;
    }

    boolean exhausted() {
        return used >= limit;
    }

    void consume() {
        used++;
    }

    MockResponse.Builder withLimitInfo(MockResponse.Builder b) {
        return b.setHeader("Sforce-Limit-Info", "api-usage=" + used + "/" + limit);
    }
}
