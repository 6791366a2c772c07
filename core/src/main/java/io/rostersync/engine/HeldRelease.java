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
 */
public record HeldRelease(boolean all, Set<NativeId> targetIds) {

    private static final HeldRelease NONE = new HeldRelease(false, Set.of());
    private static final HeldRelease ALL = new HeldRelease(true, Set.of());

    public HeldRelease {
        targetIds = Set.copyOf(Objects.requireNonNull(targetIds, "targetIds"));
        if (all && !targetIds.isEmpty()) {
            throw new IllegalArgumentException("release all held deprovisions, or name some; not both");
        }
    }

    /** Release nothing: the default. */
    public static HeldRelease none() {
        return NONE;
    }

    /** Release every deprovision held so far. */
    public static HeldRelease everything() {
        return ALL;
    }

    /**
     * Release the deprovisions of these target accounts.
     *
     * @throws IllegalArgumentException when {@code targetIds} is empty (name at least one, or use {@link #everything()})
     */
    public static HeldRelease of(Set<NativeId> targetIds) {
        if (targetIds.isEmpty()) {
            throw new IllegalArgumentException("name at least one held account to release, or release everything");
        }
        return new HeldRelease(false, targetIds);
    }

    /** Whether nothing is released. */
    public boolean isNone() {
        return !all && targetIds.isEmpty();
    }

    /** The target ids released among {@code held}. */
    public Set<NativeId> among(Set<NativeId> held) {
        if (all) {
            return Set.copyOf(held);
        }
        return Set.copyOf(targetIds.stream().filter(held::contains).toList());
    }
}
