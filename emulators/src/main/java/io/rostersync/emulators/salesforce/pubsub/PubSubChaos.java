package io.rostersync.emulators.salesforce.pubsub;

/**
 * The ways the emulator can mistreat change events on their way to the channel, as a real event bus sometimes
 * does: each committed change is, in this order, dropped, turned into a gap event, held back (delayed),
 * published after the next event (reordered), or published twice (duplicated). A "next" count applies to the
 * next events before any rate; rates draw from a {@link java.util.Random} seeded by {@link #seed(long)}, so the
 * same seed and the same changes give the same mistreatment. All of it is off by default and applies from the
 * next committed change on. Thread-safe.
 */
public interface PubSubChaos {

    /**
     * @param seed the seed of the random draws (default 0); resets the draws
     * @return this
     */
    PubSubChaos seed(long seed);

    /**
     * @param rate the share of events never published, 0 to 1
     * @return this
     * @throws IllegalArgumentException if it is not within 0..1
     */
    PubSubChaos dropRate(double rate);

    /**
     * @param rate the share of events published twice (the same event id, two replay ids), 0 to 1
     * @return this
     * @throws IllegalArgumentException if it is not within 0..1
     */
    PubSubChaos duplicateRate(double rate);

    /**
     * @param rate the share of events published only after the event that follows them, 0 to 1
     * @return this
     * @throws IllegalArgumentException if it is not within 0..1
     */
    PubSubChaos reorderRate(double rate);

    /**
     * @param rate the share of events held back until {@link #releaseDelayed()}, 0 to 1
     * @return this
     * @throws IllegalArgumentException if it is not within 0..1
     */
    PubSubChaos delayRate(double rate);

    /**
     * @param rate the share of events published as a {@code GAP_} event: the header (change type
     *     {@code GAP_CREATE} or {@code GAP_UPDATE}, the record ids) without field values, 0 to 1
     * @return this
     * @throws IllegalArgumentException if it is not within 0..1
     */
    PubSubChaos gapRate(double rate);

    /**
     * @param count how many of the next events to drop
     * @return this
     * @throws IllegalArgumentException if it is negative
     */
    PubSubChaos dropNext(int count);

    /**
     * @param count how many of the next events to publish twice
     * @return this
     * @throws IllegalArgumentException if it is negative
     */
    PubSubChaos duplicateNext(int count);

    /**
     * @param count how many of the next events to publish after the event that follows each
     * @return this
     * @throws IllegalArgumentException if it is negative
     */
    PubSubChaos reorderNext(int count);

    /**
     * @param count how many of the next events to hold back until {@link #releaseDelayed()}
     * @return this
     * @throws IllegalArgumentException if it is negative
     */
    PubSubChaos delayNext(int count);

    /**
     * @param count how many of the next events to publish as {@code GAP_} events
     * @return this
     * @throws IllegalArgumentException if it is negative
     */
    PubSubChaos gapNext(int count);

    /**
     * A transaction with more user changes than this publishes its first {@code changes} events and then one
     * {@code GAP_OVERFLOW} event instead of the rest, as Salesforce does past 100,000 (the default).
     *
     * @param changes the most change events one transaction publishes, at least 1
     * @return this
     * @throws IllegalArgumentException if it is below 1
     */
    PubSubChaos overflowAfter(int changes);

    /**
     * Publishes the held-back events now, in the order they were held, each with a new replay id but its
     * original commit time and commit number: a late delivery. An event held for a reorder whose follower never
     * came is published too.
     *
     * @return how many events were published
     */
    int releaseDelayed();

    /**
     * Turns all chaos off (rates 0, no pending "next" counts, overflow after 100,000) and draws from the seed
     * again; held-back events stay held until {@link #releaseDelayed()}.
     *
     * @return this
     */
    PubSubChaos reset();
}
