package io.rostersync.spi;

import io.rostersync.model.UserRecord;
import java.util.Objects;

/**
 * Outcome of one write for one user: the record as stored, or a typed failure.
 *
 * @since 0.1.0
 */
public sealed interface WriteResult {

    /**
     * The write succeeded.
     *
     * @param record what the directory now holds
     * @return a {@link Stored} result
     * @throws NullPointerException if {@code record} is null
     */
    static WriteResult stored(UserRecord record) {
        return new Stored(record);
    }

    /**
     * The write failed for this user only.
     *
     * @param failure why
     * @return a {@link Failed} result
     * @throws NullPointerException if {@code failure} is null
     */
    static WriteResult failed(WriteFailure failure) {
        return new Failed(failure);
    }

    /**
     * The write failed for this user only, with no vendor code.
     *
     * @param kind    what the caller can do about it
     * @param message what was wrong, without credentials
     * @return a {@link Failed} result
     */
    static WriteResult failed(FailureKind kind, String message) {
        return new Failed(WriteFailure.of(kind, message));
    }

    /**
     * The write succeeded; {@code record} is what the directory now holds.
     *
     * @param record what the directory now holds
     */
    record Stored(UserRecord record) implements WriteResult {
        /**
         * Checks the record is present.
         *
         * @param record what the directory now holds
         * @throws NullPointerException if {@code record} is null
         */
        public Stored {
            Objects.requireNonNull(record, "record");
        }
    }

    /**
     * The write failed for this user only.
     *
     * @param failure why the write failed
     */
    record Failed(WriteFailure failure) implements WriteResult {
        /**
         * Checks the failure is present.
         *
         * @param failure why the write failed
         * @throws NullPointerException if {@code failure} is null
         */
        public Failed {
            Objects.requireNonNull(failure, "failure");
        }
    }
}
