package io.rostersync.spi;

import io.rostersync.model.UserRecord;
import java.util.Objects;

/** Outcome of one write for one user: the record as stored, or a typed failure. */
public sealed interface WriteResult {

    static WriteResult stored(UserRecord record) {
        return new Stored(record);
    }

    static WriteResult failed(WriteFailure failure) {
        return new Failed(failure);
    }

    static WriteResult failed(FailureKind kind, String message) {
        return new Failed(WriteFailure.of(kind, message));
    }

    /** The write succeeded; {@code record} is what the directory now holds. */
    record Stored(UserRecord record) implements WriteResult {
        public Stored {
            Objects.requireNonNull(record, "record");
        }
    }

    /** The write failed for this user only. */
    record Failed(WriteFailure failure) implements WriteResult {
        public Failed {
            Objects.requireNonNull(failure, "failure");
        }
    }
}
