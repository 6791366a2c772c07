package io.rostersync.spi.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class OpenIndexTest {

    /** An index over keys kept in a list, as the planner keeps them in its records. */
    private static final class ListIndex extends OpenIndex {
        final List<String> keys = new ArrayList<>();

        ListIndex(int expected) {
            super(expected);
        }

        @Override
        protected boolean holds(int value, Object key) {
            return keys.get(value).equals(key);
        }

        void add(String key) {
            keys.add(key);
            insert(key, keys.size() - 1);
        }
    }

    @Test
    void findsEveryKeyItHoldsAndNoOtherAfterGrowingFarBeyondItsExpectedSize() {
        ListIndex index = new ListIndex(0);
        for (int i = 0; i < 10_000; i++) {
            index.add("user-" + i);
        }

        assertThat(index.size()).isEqualTo(10_000);
        for (int i = 0; i < 10_000; i++) {
            assertThat(index.get("user-" + i)).isEqualTo(i);
        }
        assertThat(index.get("user-10000")).isEqualTo(-1);
        assertThat(index.find("nobody")).isEqualTo(-1);
    }

    @Test
    void keysWithEqualHashCodesAreToldApartByEquals() {
        // "Aa" and "BB" have the same String.hashCode, and so does any string built from such blocks:
        // 2^12 distinct keys here share one hash code, as base-62 ids share one among about ten.
        List<String> colliding = new ArrayList<>();
        for (int bits = 0; bits < 1 << 12; bits++) {
            StringBuilder b = new StringBuilder();
            for (int i = 0; i < 12; i++) {
                b.append((bits & (1 << i)) == 0 ? "Aa" : "BB");
            }
            colliding.add(b.toString());
        }
        assertThat(colliding.stream().mapToInt(String::hashCode).distinct().count()).isEqualTo(1);
        ListIndex index = new ListIndex(colliding.size());
        colliding.forEach(index::add);

        for (int i = 0; i < colliding.size(); i++) {
            assertThat(index.get(colliding.get(i))).isEqualTo(i);
        }
        assertThat(index.get("Aa".repeat(11) + "AB")).isEqualTo(-1);
    }

    @Test
    void agreesWithAHashMapOverRandomInsertsLookupsAndValueChanges() {
        Random random = new Random(7);
        ListIndex index = new ListIndex(4);
        Map<String, Integer> expected = new HashMap<>();
        for (int step = 0; step < 50_000; step++) {
            String key = Integer.toString(random.nextInt(20_000), 36);
            int slot = index.find(key);
            assertThat(slot >= 0).isEqualTo(expected.containsKey(key));
            if (slot < 0) {
                index.add(key);
                expected.put(key, index.keys.size() - 1);
            } else if (random.nextInt(4) == 0) {
                // Values may change under a key (the key table does so); holds() must follow.
                int value = expected.get(key);
                index.setValueAt(slot, value);
                assertThat(index.valueAt(slot)).isEqualTo(value);
            }
        }
        expected.forEach((key, value) -> assertThat(index.get(key)).isEqualTo(value));
        assertThat(index.size()).isEqualTo(expected.size());
    }

    @Test
    void refusesValuesItCannotStoreAndNullKeys() {
        ListIndex index = new ListIndex(1);
        assertThatThrownBy(() -> index.insert("a", -1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("-1");
        assertThatThrownBy(() -> index.insert("a", Integer.MAX_VALUE)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> index.find(null)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> new ListIndex(-1)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void keysAddedByHashInRegionOrderAfterReservingAreFoundAsIfAddedOneByOne() {
        ListIndex index = new ListIndex(0);
        index.add("first");
        int regionsBefore = index.regions();
        index.reserve(100_000);
        assertThat(index.regions()).isGreaterThan(regionsBefore);
        int regions = index.regions();
        List<List<Integer>> byRegion = new ArrayList<>();
        for (int r = 0; r < regions; r++) {
            byRegion.add(new ArrayList<>());
        }
        for (int i = 0; i < 100_000; i++) {
            index.keys.add("user-" + i);
            int region = index.region(OpenIndex.hashOf("user-" + i));
            assertThat(region).isBetween(0, regions - 1);
            byRegion.get(region).add(i + 1);
        }
        for (List<Integer> region : byRegion) {
            for (int value : region) {
                index.insertHashed(OpenIndex.hashOf(index.keys.get(value)), value);
            }
        }

        assertThat(index.regions()).as("reserved room: no growth while filling").isEqualTo(regions);
        assertThat(index.size()).isEqualTo(100_001);
        for (int i = 0; i <= 100_000; i++) {
            String key = index.keys.get(i);
            assertThat(index.get(key)).isEqualTo(i);
            assertThat(index.find(key, OpenIndex.hashOf(key))).isEqualTo(index.find(key));
        }
        assertThat(index.get("user-100000")).isEqualTo(-1);
    }

    @Test
    void aCandidateIsTheFirstValueOfTheSameHashOnTheProbePathAndNoneWhenNoKeyHasTheHash() {
        ListIndex index = new ListIndex(16);
        index.add("Aa");
        index.add("BB"); // same hash code as "Aa": placed after it on the same probe path
        index.add("other");

        assertThat(index.candidate(OpenIndex.hashOf("BB"))).isEqualTo(0); // "Aa": to be checked, not trusted
        assertThat(index.candidate(OpenIndex.hashOf("other"))).isEqualTo(2);
        assertThat(index.candidate(OpenIndex.hashOf("absent"))).isEqualTo(-1);
    }
}
