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
 */
public record GuardVerdict(boolean refused, List<Integer> held, String reason) {

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

    /** The plan may be applied whole. */
    public static GuardVerdict pass(String reason) {
        return new GuardVerdict(false, List.of(), reason);
    }

    /** Nothing of the plan may be applied. */
    public static GuardVerdict refuse(String reason) {
        return new GuardVerdict(true, List.of(), reason);
    }

    /** Whether the guard refused the plan or held any of it back. */
    public boolean tripped() {
        return refused || !held.isEmpty();
    }

    /** Whether the action at {@code index} of the plan is held back. */
    public boolean holds(int index) {
        return java.util.Collections.binarySearch(held, index) >= 0;
    }
}
