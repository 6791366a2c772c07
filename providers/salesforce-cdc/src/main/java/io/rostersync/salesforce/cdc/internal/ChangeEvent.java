package io.rostersync.salesforce.cdc.internal;

import java.util.List;
import java.util.Objects;

/**
 * The header of one change event, all the subscriber reads: the payload's fields are never used, the user is
 * re-read from Salesforce.
 *
 * @param changeType   CREATE, UPDATE, DELETE, UNDELETE, GAP_CREATE, GAP_UPDATE, GAP_DELETE, GAP_UNDELETE,
 *                     GAP_OVERFLOW, or whatever Salesforce adds later
 * @param entityName   the object, {@code User}
 * @param recordIds    the changed records (several when Salesforce merged the same change to several records; a
 *                     wildcard such as {@code 005*} when it cannot say which)
 * @param changeOrigin {@code com/salesforce/api/rest/62.0;client=<name>} for an API change, empty when not given
 */
public record ChangeEvent(String changeType, String entityName, List<String> recordIds, String changeOrigin) {

    public ChangeEvent {
        Objects.requireNonNull(changeType, "changeType");
        Objects.requireNonNull(entityName, "entityName");
        recordIds = List.copyOf(recordIds);
        Objects.requireNonNull(changeOrigin, "changeOrigin");
    }

    /** @return whether {@code changeOrigin} names this client ({@code ...;client=<name>}, compared exactly) */
    public boolean fromClient(String clientName) {
        String[] parts = changeOrigin.split(";");
        for (int i = 1; i < parts.length; i++) {
            String part = parts[i].strip();
            if (part.startsWith("client=") && part.substring("client=".length()).equals(clientName)) {
                return true;
            }
        }
        return false;
    }

    /** @return whether this is a gap event other than an overflow: the change is real, its details are missing */
    public boolean isGap() {
        return changeType.startsWith("GAP_") && !isOverflow();
    }

    /** @return whether this is an overflow event: too many changes in one transaction to send each */
    public boolean isOverflow() {
        return changeType.equals("GAP_OVERFLOW");
    }
}
