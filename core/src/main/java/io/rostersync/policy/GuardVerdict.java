package io.rostersync.policy;

import java.util.Objects;

/**
 * Whether a plan may be applied.
 *
 * @param tripped whether the guard refuses it
 * @param reason  why, in plain words
 */
public record GuardVerdict(boolean tripped, String reason) {
    public GuardVerdict {
        Objects.requireNonNull(reason, "reason");
    }
}
