package io.rostersync.spi;

import io.rostersync.model.NativeId;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * A deactivation or deletion the deletion guard held back, kept by the {@link SyncStateStore} until the
 * host releases it or a later full read no longer plans it. Held deprovisions are known by the target
 * account's id, the one id every deprovision has (an authoritative sync also deprovisions accounts it
 * never linked).
 *
 * @param targetId   the account that would be deactivated or deleted
 * @param sourceId   the source account it is linked to, empty for an unlinked account
 * @param label      human label (email, else username, else id)
 * @param action     {@link ActionKind#DEACTIVATE} or {@link ActionKind#DELETE}
 * @param reason     why the plan deprovisions the account, in English (the action's reasons as
 *                   {@link ReasonExplainer#english()} shows them), kept as text by the store
 * @param heldSince  when a run first held it
 * @since 0.1.0
 */
public record HeldDeprovision(NativeId targetId, Optional<NativeId> sourceId, String label, ActionKind action,
                              String reason, Instant heldSince) {

    /**
     * Checks the parts.
     *
     * @param targetId  the account that would be deactivated or deleted
     * @param sourceId  the source account it is linked to, empty for an unlinked account
     * @param label     human label (email, else username, else id)
     * @param action    {@link ActionKind#DEACTIVATE} or {@link ActionKind#DELETE}
     * @param reason    why the plan deprovisions the account
     * @param heldSince when a run first held it
     * @throws IllegalArgumentException if the action is not a deactivation or a deletion
     * @throws NullPointerException if a part is null
     */
    public HeldDeprovision {
        Objects.requireNonNull(targetId, "targetId");
        Objects.requireNonNull(sourceId, "sourceId");
        Objects.requireNonNull(label, "label");
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(heldSince, "heldSince");
        if (!action.isDeprovisioning()) {
            throw new IllegalArgumentException("only a deactivation or deletion is held, not " + action);
        }
    }
}
