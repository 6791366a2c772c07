package io.rostersync.csv.internal;

import java.util.Locale;

/** Header matching. */
public final class Headers {

    private Headers() {
    }

    /** Trimmed, inner whitespace collapsed, lower case, byte order mark dropped. */
    public static String normalise(String header) {
        String h = header.replace("\uFEFF", "").strip().replaceAll("\\s+", " ");
        return h.toLowerCase(Locale.ROOT);
    }
}
