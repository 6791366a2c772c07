package io.rostersync.spi;

import java.util.Objects;

/**
 * A record a directory could not read (a malformed CSV row, a vendor user with an invalid email). The
 * read goes on without it, but the engine then treats the read as incomplete: nobody is deprovisioned
 * for being absent, and the cursor does not move.
 *
 * @param location where: {@code "line 17"}, {@code "user 3942"}
 * @param message  what was wrong, without secrets
 * @since 0.1.0
 */
public record ReadProblem(String location, String message) {
    /**
     * Checks both parts are present.
     *
     * @param location where: {@code "line 17"}, {@code "user 3942"}
     * @param message  what was wrong, without secrets
     * @throws NullPointerException if a part is null
     */
    public ReadProblem {
        Objects.requireNonNull(location, "location");
        Objects.requireNonNull(message, "message");
    }
}
