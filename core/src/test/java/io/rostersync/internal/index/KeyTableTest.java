package io.rostersync.internal.index;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.rostersync.model.NativeId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The key table notes target values as they are read and fills its hash index in one go, in the order of the
 * index's regions, when it is first asked: what it answers must be what one insert per target in read order
 * would give.
 */
class KeyTableTest {

    /** Twelve blocks of "Aa" or "BB": 4,096 distinct strings with one {@code String.hashCode}. */
    private static String colliding(int bits) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < 12; i++) {
            b.append((bits & (1 << i)) == 0 ? "Aa" : "BB");
        }
        return b.toString();
    }

    @Test
    void everyValueListsItsTargetsInReadOrderAfterTheIndexIsFilledInRegionOrder() {
        Random random = new Random(11);
        List<String> pool = new ArrayList<>();
        for (int i = 0; i < 20_000; i++) {
            pool.add("user" + random.nextInt(1_000_000) + "@example.com");
        }
        for (int bits = 0; bits < 300; bits++) {
            pool.add(colliding(bits)); // equal hashes: told apart by equals, in one region of the index
        }
        KeyTable table = new KeyTable(1_000); // far too small: the index grows before it fills
        Map<String, List<Integer>> expected = new LinkedHashMap<>();
        for (int entry = 0; entry < 60_000; entry++) {
            if (random.nextInt(10) == 0) {
                continue; // a target without a value of this key
            }
            String value = pool.get(random.nextInt(pool.size()));
            table.addTarget(entry, new String(value.toCharArray()));
            expected.computeIfAbsent(value, v -> new ArrayList<>()).add(entry);
        }

        for (String value : pool) {
            int[] holders = expected.getOrDefault(value, List.of()).stream().mapToInt(Integer::intValue).toArray();
            assertThat(table.targetsHolding(value)).as(value).containsExactly(holders);
        }
        assertThat(table.targetsHolding("nobody@example.com")).isEmpty();
        assertThat(table.targetsHolding(colliding(4_000))).isEmpty();
        assertThat(table.valueOf(60_000)).isNull();
    }

    @Test
    void targetsReadAfterTheIndexWasAskedJoinTheHoldersAlreadyThere() {
        KeyTable table = new KeyTable(4);
        table.addTarget(0, "ann@example.com");
        table.addTarget(1, "bob@example.com");
        assertThat(table.targetsHolding("ann@example.com")).containsExactly(0);

        table.holdersOf("cy@example.com").addSource(NativeId.of("s1"));
        table.addTarget(2, "ann@example.com");
        table.addTarget(4, "cy@example.com");
        table.addTarget(5, "bob@example.com");

        assertThat(table.targetsHolding("ann@example.com")).containsExactly(0, 2);
        assertThat(table.targetsHolding("bob@example.com")).containsExactly(1, 5);
        assertThat(table.targetsHolding("cy@example.com")).containsExactly(4);
        assertThat(table.sourcesHolding("cy@example.com")).containsExactly(NativeId.of("s1"));
        assertThat(table.valueOf(3)).isNull();
        assertThat(table.valueOf(4)).isEqualTo("cy@example.com");
    }

    @Test
    void aTargetEntryOutOfReadOrderIsRefused() {
        KeyTable table = new KeyTable(4);
        table.addTarget(3, "ann@example.com");

        assertThatThrownBy(() -> table.addTarget(2, "bob@example.com"))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("target entry 2 added after entry 3");
    }
}
