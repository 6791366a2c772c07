package io.rostersync.reliability;

/** The fault classes of the matrix (issue 7). */
enum Fault {
    /** Several 429 + Retry-After answers in a row. */
    RATE_LIMIT_STORM,
    /** More 5xx answers in a row than the retry policy has attempts. */
    SERVER_ERROR_BURST,
    /** The connection is cut while a response body (a page) is being sent. */
    CONNECTION_RESET,
    /** A response held back past the client's request timeout. */
    TIMEOUT,
    /** A 200 whose body is not JSON. */
    MALFORMED_BODY,
    /** A page that claims more results but carries no way to reach them. */
    TRUNCATED_PAGE,
    /** Some users of a write (batch or single) are refused while the others go through. */
    PARTIAL_BATCH,
    /** The OAuth token stops working during the run. */
    TOKEN_EXPIRY,
    /** 5xx answers to the write requests (more than the retry attempts), after a clean read. */
    WRITE_SERVER_ERROR,
    /**
     * Between two page requests of an offset-paged read, the list changes (issue 12): a user is deleted or moves,
     * so that naive paging skips someone while the total may stay the same. Only subjects that page by offset, or whose emulator can change a list mid-read, support it.
     */
    LIST_CHANGED_BETWEEN_PAGES
}
