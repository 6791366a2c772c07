package io.rostersync.http.internal;

import io.rostersync.http.AuthHeader;
import io.rostersync.http.HttpAuth;
import java.util.Optional;

/** Credentials that never change; a 401 is final. */
public final class StaticAuth implements HttpAuth {

    public static final StaticAuth NONE = new StaticAuth("NoAuth", null, "");

    private final String label;
    private final Optional<AuthHeader> header;
    private final String publicPart;

    public StaticAuth(String label, @org.jspecify.annotations.Nullable AuthHeader header, String publicPart) {
        this.label = label;
        this.header = Optional.ofNullable(header);
        this.publicPart = publicPart;
    }

    @Override
    public Optional<AuthHeader> header() {
        return header;
    }

    @Override
    public String toString() {
        if (header.isEmpty()) {
            return label;
        }
        return label + "[" + (publicPart.isEmpty() ? "" : publicPart + ", ") + "secret=****]";
    }
}
