package io.rostersync.policy;

import java.util.List;
import java.util.Objects;
import java.util.TreeSet;

/**
 * What the deletion guard decided about a plan: apply it whole, hold some of its deprovisions, or refuse
 * it outright (an empty source read).
 *
 * @param refused whether the whole plan is refused: nothing may be written
 * @param held    positions in the plan of the actions held back (each held deactivation or deletion, with
 *                the same account's license and permission revocations), ascending; empty when refused
 * @param reason  why, in plain words
 * @since 0.1.0
 */
public record GuardVerdict(boolean refused, List<Integer> held, String reason) {

    /**
     * Sorts and copies the held positions.
     *
     * @param refused whether the whole plan is refused: nothing may be written
     * @param held    positions in the plan of the actions held back (each held deactivation or deletion, with the same account's license and permission revocations), ascending; empty when refused
     * @param reason  why, in plain words
     * @throws IllegalArgumentException if a refused verdict holds positions or a position is negative
     * @throws NullPointerException if a part is null
     */
    public GuardVerdict {
        Objects.requireNonNull(reason, "reason");
        held = List.copyOf(new TreeSet<>(held));
        if (refused && !held.isEmpty()) {
            throw new IllegalArgumentException("a refused plan holds nothing back: all of it is refused");
        }
        for (int i : held) {
            if (i < 0) {
                throw new IllegalArgumentException("held positions must not be negative");
            }
        }
    }

    /**
     * The plan may be applied whole.
     *
     * @param reason why, in plain words
     * @return a verdict that holds nothing
     */
    public static GuardVerdict pass(String reason) {
        return new GuardVerdict(false, List.of(), reason);
    }

    /**
     * Nothing of the plan may be applied.
     *
     * @param reason why, in plain words
     * @return a refusing verdict
     */
    public static GuardVerdict refuse(String reason) {
        return new GuardVerdict(true, List.of(), reason);
    }

    /**
     * Whether the guard refused the plan or held any of it back.
     *
     * @return {@code true} when refused or when anything is held
     */
    public boolean tripped() {
        return refused || !held.isEmpty();
    }

    /**
     * Whether the action at {@code index} of the plan is held back.
     *
     * @param index a position in the plan's actions
     * @return {@code true} when that action is held (a refused plan holds every action)
     */
    public boolean holds(int index) {
        return java.util.Collections.binarySearch(held, index) >= 0;
    }
}
