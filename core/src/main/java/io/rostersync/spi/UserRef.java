package io.rostersync.spi;

import io.rostersync.model.NativeId;
import java.util.Comparator;
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
public record UserRef(Optional<NativeId> sourceId, Optional<NativeId> targetId, String label) implements Comparable<UserRef> {

    private static final Comparator<UserRef> ORDER = Comparator.comparing(UserRef::label)
            .thenComparing(r -> r.sourceId().map(NativeId::value).orElse(""))
            .thenComparing(r -> r.targetId().map(NativeId::value).orElse(""));

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

    /**
     * The stable order of users in a conflict and in {@code Plan.explain()}: by label, then source id, then
     * target id (an absent id before any other).
     */
    @Override
    public int compareTo(UserRef other) {
        return ORDER.compare(this, other);
    }

    @Override
    public String toString() {
        return label;
    }
}
