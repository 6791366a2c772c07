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
     * Between two pages of a list read, a user already read is deleted and another added (issue 12 section
     * 2): a list paged by position then skips someone while its total stays the same.
     */
    LIST_CHANGED_BETWEEN_PAGES
}
