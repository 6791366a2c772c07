package io.rostersync.internal.index;

import static org.assertj.core.api.Assertions.assertThat;

import io.rostersync.model.NativeId;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The key table notes target values in whatever order they are read and fills its hash index in one go, in the
 * order of the index's regions, when it is completed: what it answers must be what one insert per target in
 * entry order would give.
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
    void everyValueListsItsTargetsInEntryOrderWhateverOrderTheValuesWereReadIn() {
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
        List<String> valueOf = new ArrayList<>();
        for (int entry = 0; entry < 60_000; entry++) {
            String value = random.nextInt(10) == 0 ? null : pool.get(random.nextInt(pool.size())); // null: no value
            valueOf.add(value);
            if (value != null) {
                expected.computeIfAbsent(value, v -> new ArrayList<>()).add(entry);
            }
        }
        List<Integer> readOrder = new ArrayList<>();
        for (int entry = 0; entry < 60_000; entry++) {
            readOrder.add(entry);
        }
        Collections.shuffle(readOrder, random);
        for (int entry : readOrder) {
            String value = valueOf.get(entry);
            assertThat(table.read(entry, value == null ? null : new String(value.toCharArray()))).isEqualTo(value);
            assertThat(table.isRead(entry)).isTrue();
        }
        assertThat(table.isRead(60_000)).isFalse();
        table.complete(60_000);

        for (String value : pool) {
            int[] holders = expected.getOrDefault(value, List.of()).stream().mapToInt(Integer::intValue).toArray();
            assertThat(table.targetsHolding(value)).as(value).containsExactly(holders);
        }
        assertThat(table.targetsHolding("nobody@example.com")).isEmpty();
        assertThat(table.targetsHolding(colliding(4_000))).isEmpty();
        assertThat(table.valueOf(60_000)).isNull();
    }

    @Test
    void targetsCompletedAfterTheIndexWasAskedJoinTheHoldersAlreadyThere() {
        KeyTable table = new KeyTable(4);
        table.read(1, "bob@example.com");
        table.read(0, "ann@example.com");
        table.complete(2);
        assertThat(table.targetsHolding("ann@example.com")).containsExactly(0);

        table.holdersOf("cy@example.com").addSource(NativeId.of("s1"));
        table.read(5, "bob@example.com");
        table.read(4, "cy@example.com");
        table.read(3, null);
        table.read(2, "ann@example.com");
        table.complete(6);

        assertThat(table.targetsHolding("ann@example.com")).containsExactly(0, 2);
        assertThat(table.targetsHolding("bob@example.com")).containsExactly(1, 5);
        assertThat(table.targetsHolding("cy@example.com")).containsExactly(4);
        assertThat(table.sourcesHolding("cy@example.com")).containsExactly(NativeId.of("s1"));
        assertThat(table.valueOf(3)).isNull();
        assertThat(table.valueOf(4)).isEqualTo("cy@example.com");
    }

    @Test
    void lookalikesAreListedInEntryOrderWhateverOrderTheyWereReadIn() {
        KeyTable table = new KeyTable(4);
        table.read(3, "Kim@example.com"); // not its own lookalike form (upper case), so filed under it
        table.read(0, "other@example.com");
        table.read(2, "\u212Aim@example.com"); // KELVIN SIGN
        table.read(1, "kIm@example.com");
        table.complete(4);

        assertThat(table.lookalikesOf("kim@example.com")).containsExactly(1, 2, 3);
        assertThat(table.lookalikesOf("Kim@example.com")).isEmpty(); // held exactly: a match, not a lookalike
        assertThat(table.lookalikesOf("other@example.com")).isEmpty();
    }
}
