package io.rostersync.zendesk.webhooks;

/**
 * Why a webhook request was refused. Each reason carries the HTTP status a receiving endpoint should answer
 * with: 4xx for a request that must not be retried as it is, and 200 for an authentic event the receiver has
 * no use for (a replay or another domain's event), so that Zendesk does not retry it.
 *
 * @since 0.2.0
 */
public enum RejectionReason {
    /** The body is larger than the receiver's cap; it was not read further. */
    TOO_LARGE(413),
    /** No {@code X-Zendesk-Webhook-Signature} header, or it is empty. */
    MISSING_SIGNATURE(401),
    /** No {@code X-Zendesk-Webhook-Signature-Timestamp} header, or it is empty. */
    MISSING_TIMESTAMP(401),
    /** A signature or timestamp header was sent more than once (an intermediary or a forger added one). */
    DUPLICATE_HEADER(400),
    /** The signature does not match the timestamp and body under the signing secret: not from Zendesk, or altered. */
    BAD_SIGNATURE(401),
    /** The timestamp is not an ISO-8601 instant such as {@code 2021-03-25T05:09:27Z}. */
    MALFORMED_TIMESTAMP(400),
    /** Signed, but older than the tolerance allows: a late delivery or a replay. The scheduled run catches the change. */
    STALE_TIMESTAMP(400),
    /** Signed, but further in the future than the tolerance allows (clock skew, or a forged future replay). */
    FUTURE_TIMESTAMP(400),
    /** Signed, but the body is not a Zendesk event (not JSON, no id, type or subject, or a subject that is not a user). */
    MALFORMED_PAYLOAD(400),
    /** Signed and well formed, but not a user event (e.g. an organization event). */
    NOT_A_USER_EVENT(200),
    /** Signed, but this event id was already accepted within the replay window. */
    REPLAYED(200);

    private final int suggestedStatus;

    RejectionReason(int suggestedStatus) {
        this.suggestedStatus = suggestedStatus;
    }

    /**
     * The HTTP status to answer Zendesk with.
     *
     * @return 200, 400, 401 or 413
     */
    public int suggestedStatus() {
        return suggestedStatus;
    }
}
