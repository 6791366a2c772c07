package io.rostersync.plan;

import io.rostersync.model.NativeId;
import java.util.Objects;
import java.util.Optional;

/**
 * Who an action or conflict is about. A planned create has no target id yet; the executor finds it
 * through the link it records when the create succeeds.
 *
 * @param sourceId the source account's id, empty for a target-only user (authoritative clean-up)
 * @param targetId the target account's id, empty until created
 * @param label    human label: email, else username, else id
 * @since 0.1.0
 */
public record UserRef(Optional<NativeId> sourceId, Optional<NativeId> targetId, String label) {

    /**
     * Checks the parts.
     *
     * @param sourceId the source account's id, empty for a target-only user (authoritative clean-up)
     * @param targetId the target account's id, empty until created
     * @param label    human label: email, else username, else id
     * @throws IllegalArgumentException if both ids are empty
     * @throws NullPointerException if a part is null
     */
    public UserRef {
        Objects.requireNonNull(sourceId, "sourceId");
        Objects.requireNonNull(targetId, "targetId");
        Objects.requireNonNull(label, "label");
        if (sourceId.isEmpty() && targetId.isEmpty()) {
            throw new IllegalArgumentException("a user reference needs a source id or a target id");
        }
    }

    /**
     * A user known only on the source side (not created yet).
     *
     * @param sourceId the source account's id
     * @param label    human label
     * @return the reference
     */
    public static UserRef source(NativeId sourceId, String label) {
        return new UserRef(Optional.of(sourceId), Optional.empty(), label);
    }

    /**
     * A target account with no source (an authoritative sync's clean-up).
     *
     * @param targetId the target account's id
     * @param label    human label
     * @return the reference
     */
    public static UserRef target(NativeId targetId, String label) {
        return new UserRef(Optional.empty(), Optional.of(targetId), label);
    }

    /**
     * A linked or matched user.
     *
     * @param sourceId the source account's id
     * @param targetId the target account's id
     * @param label    human label
     * @return the reference
     */
    public static UserRef both(NativeId sourceId, NativeId targetId, String label) {
        return new UserRef(Optional.of(sourceId), Optional.of(targetId), label);
    }

    /** A stable key for ordering: label, then source id, then target id. */
    String sortKey() {
        return label + '\u0000' + sourceId.map(NativeId::value).orElse("") + '\u0000'
                + targetId.map(NativeId::value).orElse("");
    }

    @Override
    public String toString() {
        return label;
    }
}
