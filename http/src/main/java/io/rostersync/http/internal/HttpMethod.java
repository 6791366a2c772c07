package io.rostersync.http.internal;

/** The HTTP methods the client sends. */
public enum HttpMethod {
    GET(true), HEAD(true), POST(false), PUT(true), PATCH(false), DELETE(true);

    private final boolean idempotent;

    HttpMethod(boolean idempotent) {
        this.idempotent = idempotent;
    }

    /** Whether repeating the request has the same effect as sending it once (RFC 9110 §9.2.2). */
    public boolean idempotent() {
        return idempotent;
    }
}
