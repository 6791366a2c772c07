package io.rostersync.realtime;

/**
 * What goes wrong with the events between a vendor and the host, as shares of the events (0 to 1). A source
 * maps each onto its own transport and ignores those it has no equivalent for ({@link RealTimeSource#describe}).
 *
 * @param drop      never delivered
 * @param duplicate delivered twice
 * @param reorder   delivered after a later event
 * @param hold      signed (or committed to the stream) when the change was made, delivered rounds later, after
 *                  later changes of the same users, possibly hours later
 * @param replay    delivered once, then the same delivery sent again later
 * @param forge     sent by someone without the signing secret (a bad signature)
 * @param tamper    signed, then altered in transit
 */
record RealTimeChaos(double drop, double duplicate, double reorder, double hold, double replay, double forge, double tamper) {

    /** No chaos at all. */
    static final RealTimeChaos NONE = new RealTimeChaos(0, 0, 0, 0, 0, 0, 0);

    RealTimeChaos {
        for (double r : new double[] {drop, duplicate, reorder, hold, replay, forge, tamper}) {
            if (!(r >= 0 && r <= 1)) {
                throw new IllegalArgumentException("a share is between 0 and 1, was " + r);
            }
        }
    }
}
