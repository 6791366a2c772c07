package io.rostersync.http.internal;

import java.time.Duration;
import java.util.Objects;

/** Argument checks shared by the builders of this module and the providers. */
public final class Checks {

    private Checks() {
    }

    /** A short lower-case vendor name for messages and logs, such as {@code zendesk}. */
    public static String vendor(String vendor) {
        Objects.requireNonNull(vendor, "vendor");
        if (!vendor.matches("[a-z0-9][a-z0-9._-]{0,39}")) {
            throw new IllegalArgumentException("vendor must be a short lower-case name");
        }
        return vendor;
    }

    public static Duration positive(Duration d, String what) {
        Objects.requireNonNull(d, what);
        if (d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(what + " must be positive");
        }
        return d;
    }

    public static Duration notNegative(Duration d, String what) {
        Objects.requireNonNull(d, what);
        if (d.isNegative()) {
            throw new IllegalArgumentException(what + " must not be negative");
        }
        return d;
    }
}
