package io.rostersync.spi;

import io.rostersync.spi.FailureKind;
import java.util.Objects;
import java.util.Optional;

/**
 * One failed or skipped action in a {@link SyncReport}, kept so a host can show it and a later run retries it.
 *
 * @param user       who
 * @param action     what was attempted
 * @param kind       why it failed, by what can be done about it
 * @param message    human explanation
 * @param vendorCode the directory's error code, if it gave one
 * @since 0.1.0
 */
public record FailedAction(UserRef user, ActionKind action, FailureKind kind, String message, Optional<String> vendorCode) {
    /**
     * Checks every part is present.
     *
     * @param user       who
     * @param action     what was attempted
     * @param kind       why it failed, by what can be done about it
     * @param message    human explanation
     * @param vendorCode the directory's error code, if it gave one
     * @throws NullPointerException if a part is null
     */
    public FailedAction {
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(message, "message");
        Objects.requireNonNull(vendorCode, "vendorCode");
    }
}
