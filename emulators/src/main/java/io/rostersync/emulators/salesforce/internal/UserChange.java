package io.rostersync.emulators.salesforce.internal;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/**
 * One committed change of a {@code User} record, as Change Data Capture reports it.
 *
 * @param changeType {@code CREATE} or {@code UPDATE} (users are never deleted)
 * @param recordId the user's id
 * @param values for a create every field the new record has; for an update the changed fields with their new
 *     values (a JSON null for a field that was cleared); always a private copy
 * @param changedFields for an update the changed fields' names, {@code LastModifiedDate} included; empty for a create
 * @param changeOrigin {@code com/salesforce/api/rest/<version>[;client=<name>]} for a REST write, empty for an admin's
 * @param transactionKey the same for every change of one transaction
 * @param sequenceNumber the change's place in its transaction, from 1
 * @param transactionSize how many changes its transaction committed
 * @param commitTimestamp when the transaction committed, epoch milliseconds of the org's clock
 * @param commitNumber the org's commit counter, increasing per transaction
 * @param commitUser the id of the user who made the change
 */
public record UserChange(String changeType, String recordId, ObjectNode values, List<String> changedFields,
        String changeOrigin, String transactionKey, int sequenceNumber, int transactionSize, long commitTimestamp,
        long commitNumber, String commitUser) {

    /** Copies the lists; the values are the caller's own copy. */
    public UserChange {
        changedFields = List.copyOf(changedFields);
    }
}
