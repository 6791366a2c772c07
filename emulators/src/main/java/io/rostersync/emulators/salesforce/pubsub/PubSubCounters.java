package io.rostersync.emulators.salesforce.pubsub;

/**
 * What a {@link SalesforcePubSubEmulator} did since it started, for tests that count. Every event put on the
 * channel counts once in {@code published} (a duplicate and a released delayed event too); a dropped one
 * never does.
 *
 * @param changes user changes the org committed (each one becomes at most one event before chaos)
 * @param published events put on the channel, each with its own replay id
 * @param dropped events chaos dropped
 * @param duplicated extra copies chaos published
 * @param reordered events chaos published after the event that followed them
 * @param delayed events chaos held back
 * @param released held-back events published later
 * @param gaps events chaos turned into a {@code GAP_} event (header only)
 * @param overflows {@code GAP_OVERFLOW} events published
 * @param delivered events sent to subscribers, over all streams (a replayed event counts again)
 * @param keepalives empty responses sent to idle streams
 * @param aborted streams ended with {@code UNAVAILABLE} on purpose
 */
public record PubSubCounters(long changes, long published, long dropped, long duplicated, long reordered, long delayed,
        long released, long gaps, long overflows, long delivered, long keepalives, long aborted) {
}
