package io.rostersync.engine;

import io.rostersync.model.NativeId;
import java.util.Objects;
import java.util.Set;

/**
 * Which deprovisions held by the deletion guard on earlier runs the host releases for this run: none, all
 * of them, or the named target accounts. A released deprovision is applied if the plan still contains it
 * (the user is still gone or out of scope); deprovisions the plan adds that were never held are weighed by
 * the guard as usual. Held deprovisions are named by the target account's id, as
 * {@link io.rostersync.spi.SyncReport#held()} and {@code SyncStateStore.heldDeprovisions} list them.
 *
 * @param all       release every held deprovision
 * @param targetIds the target accounts to release, when not {@code all}
 * @since 0.1.0
 */
public record HeldRelease(boolean all, Set<NativeId> targetIds) {

    private static final HeldRelease NONE = new HeldRelease(false, Set.of());
    private static final HeldRelease ALL = new HeldRelease(true, Set.of());

    /**
     * Copies the ids.
     *
     * @param all       release every held deprovision
     * @param targetIds the target accounts to release, when not {@code all}
     * @throws IllegalArgumentException if {@code all} is set together with ids
     * @throws NullPointerException if the ids are null
     */
    public HeldRelease {
        targetIds = Set.copyOf(Objects.requireNonNull(targetIds, "targetIds"));
        if (all && !targetIds.isEmpty()) {
            throw new IllegalArgumentException("release all held deprovisions, or name some; not both");
        }
    }

    /**
     * Release nothing: the default.
     *
     * @return the release of nothing
     */
    public static HeldRelease none() {
        return NONE;
    }

    /**
     * Release every deprovision held so far.
     *
     * @return the release of everything
     */
    public static HeldRelease everything() {
        return ALL;
    }

    /**
     * Release the deprovisions of these target accounts.
     *
     * @param targetIds the target accounts, at least one
     * @return the release
     * @throws IllegalArgumentException when {@code targetIds} is empty (name at least one, or use {@link #everything()})
     */
    public static HeldRelease of(Set<NativeId> targetIds) {
        if (targetIds.isEmpty()) {
            throw new IllegalArgumentException("name at least one held account to release, or release everything");
        }
        return new HeldRelease(false, targetIds);
    }

    /**
     * Whether nothing is released.
     *
     * @return {@code true} when nothing is released
     */
    public boolean isNone() {
        return !all && targetIds.isEmpty();
    }

    /**
     * The target ids released among {@code held}.
     *
     * @param held the target ids of the held deprovisions
     * @return those of them this release applies
     */
    public Set<NativeId> among(Set<NativeId> held) {
        if (all) {
            return Set.copyOf(held);
        }
        return Set.copyOf(targetIds.stream().filter(held::contains).toList());
    }
}
