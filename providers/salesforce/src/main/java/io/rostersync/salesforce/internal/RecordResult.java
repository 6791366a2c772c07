package io.rostersync.salesforce.internal;

import java.util.Optional;

/**
 * One record's outcome in an sObject Collections call.
 *
 * @param id      the record id (present on success, sometimes on failure)
 * @param success whether the record was written
 * @param code    the {@code statusCode} of the first error (or the top-level {@code errorCode} when the whole call failed)
 * @param message the first error's message
 */
public record RecordResult(Optional<String> id, boolean success, Optional<String> code, String message) {

    public static RecordResult failed(String code, String message) {
        return new RecordResult(Optional.empty(), false, Optional.of(code), message);
    }
}
