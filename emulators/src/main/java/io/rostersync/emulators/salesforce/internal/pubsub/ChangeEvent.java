package io.rostersync.emulators.salesforce.internal.pubsub;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.rostersync.emulators.salesforce.internal.UserChange;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;

/**
 * A change event before it is encoded: the header's values and the user's field values (for an update, only
 * the changed ones; a JSON null for a cleared field).
 */
record ChangeEvent(String eventId, String changeType, List<String> recordIds, ObjectNode values,
        List<String> changedFields, String changeOrigin, String transactionKey, int sequenceNumber,
        long commitTimestamp, long commitNumber, String commitUser) {

    ChangeEvent {
        recordIds = List.copyOf(recordIds);
        changedFields = List.copyOf(changedFields);
    }

    static ChangeEvent of(UserChange c) {
        return new ChangeEvent(eventId(c.commitNumber(), c.sequenceNumber()), c.changeType(), List.of(c.recordId()),
                c.values(), c.changedFields(), c.changeOrigin(), c.transactionKey(), c.sequenceNumber(),
                c.commitTimestamp(), c.commitNumber(), c.commitUser());
    }

    /** The {@code GAP_OVERFLOW} event that stands for the changes of a transaction past {@code sequenceNumber - 1}. */
    static ChangeEvent overflow(String transactionKey, int sequenceNumber, long commitTimestamp, long commitNumber,
            String commitOrigin, String commitUser) {
        return new ChangeEvent(eventId(commitNumber, sequenceNumber), "GAP_OVERFLOW", List.of(),
                JsonNodeFactory.instance.objectNode(), List.of(), commitOrigin, transactionKey, sequenceNumber,
                commitTimestamp, commitNumber, commitUser);
    }

    /** The gap event of this change: the same header with a {@code GAP_} change type, and no field values. */
    ChangeEvent asGap() {
        String type = changeType.startsWith("GAP_") ? changeType : "GAP_" + changeType;
        return new ChangeEvent(eventId, type, recordIds, JsonNodeFactory.instance.objectNode(), List.of(), changeOrigin,
                transactionKey, sequenceNumber, commitTimestamp, commitNumber, commitUser);
    }

    private static String eventId(long commitNumber, int sequenceNumber) {
        return UUID.nameUUIDFromBytes(("event-" + commitNumber + "-" + sequenceNumber).getBytes(StandardCharsets.UTF_8))
                .toString();
    }
}
