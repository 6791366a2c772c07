package io.rostersync.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Random;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** The compact sets a profile keeps behave as the unmodifiable TreeSets they replace. */
class SortedNamesTest {

    private static final String[] WORDS = {"Admin", "Agent", "agent", "Night Shift", "QA", "Retail", "Supervisor", "Zed", "a", "é"};

    @Test
    void behavesLikeATreeSetOfTheSameNamesOverRandomSets() {
        Random random = new Random(20_260_601L);
        for (int round = 0; round < 500; round++) {
            TreeSet<String> expected = new TreeSet<>();
            int size = random.nextInt(5);
            for (int i = 0; i < size; i++) {
                expected.add(WORDS[random.nextInt(WORDS.length)]);
            }
            SortedSet<String> actual = UserProfile.builder().roles(expected).build().roles();
            String from = WORDS[random.nextInt(WORDS.length)];
            String to = WORDS[random.nextInt(WORDS.length)];
            String probe = WORDS[random.nextInt(WORDS.length)];

            assertThat(actual).isEqualTo(expected);
            assertThat(expected).isEqualTo(actual);
            assertThat(actual.hashCode()).isEqualTo(expected.hashCode());
            assertThat(actual.toString()).isEqualTo(expected.toString());
            assertThat(new ArrayList<>(actual)).containsExactlyElementsOf(expected);
            assertThat(actual.contains(probe)).isEqualTo(expected.contains(probe));
            assertThat(actual.comparator()).isNull();
            assertThat(actual.headSet(to)).isEqualTo(expected.headSet(to));
            assertThat(actual.tailSet(from)).isEqualTo(expected.tailSet(from));
            if (from.compareTo(to) <= 0) {
                assertThat(actual.subSet(from, to)).isEqualTo(expected.subSet(from, to));
            } else {
                assertThatThrownBy(() -> actual.subSet(from, to)).isInstanceOf(IllegalArgumentException.class);
            }
            if (expected.isEmpty()) {
                assertThatThrownBy(actual::first).isInstanceOf(NoSuchElementException.class);
                assertThatThrownBy(actual::last).isInstanceOf(NoSuchElementException.class);
            } else {
                assertThat(actual.first()).isEqualTo(expected.first());
                assertThat(actual.last()).isEqualTo(expected.last());
            }
        }
    }

    @Test
    void twoOfThemAreEqualExactlyWhenTheTreeSetsOfTheirNamesAre() {
        Random random = new Random(20_261_204L);
        for (int round = 0; round < 2_000; round++) {
            TreeSet<String> left = randomNames(random);
            TreeSet<String> right = random.nextInt(3) == 0 ? new TreeSet<>(left) : randomNames(random);
            SortedSet<String> a = UserProfile.builder().roles(left).build().roles();
            SortedSet<String> b = UserProfile.builder().groups(right).build().groups();

            assertThat(a.equals(b)).as("%s vs %s", left, right).isEqualTo(left.equals(right));
            assertThat(b.equals(a)).isEqualTo(left.equals(right));
            assertThat(a.equals(right)).isEqualTo(left.equals(right)); // against a TreeSet, as before
            assertThat(a.hashCode()).isEqualTo(left.hashCode());
        }
        SortedSet<String> agent = UserProfile.builder().role("Agent").build().roles();
        assertThat((Object) agent).isNotEqualTo(List.of("Agent")); // a list is never equal to a set
    }

    private static TreeSet<String> randomNames(Random random) {
        TreeSet<String> names = new TreeSet<>();
        int size = random.nextInt(4);
        for (int i = 0; i < size; i++) {
            names.add(WORDS[random.nextInt(WORDS.length)]);
        }
        return names;
    }

    @Test
    void everyMutatorIsRefused() {
        SortedSet<String> roles = UserProfile.builder().role("Agent").role("Admin").build().roles();

        assertThatThrownBy(() -> roles.add("QA")).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> roles.remove("Agent")).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(roles::clear).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> roles.removeIf(r -> true)).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> roles.retainAll(List.of())).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> roles.iterator().remove()).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> roles.headSet("B").clear()).isInstanceOf(UnsupportedOperationException.class);
        SortedSet<String> none = roles.headSet("A");
        assertThat(none).isEmpty();
        assertThatThrownBy(none::clear).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> none.removeAll(List.of("x"))).isInstanceOf(UnsupportedOperationException.class);
        assertThat(roles).containsExactly("Admin", "Agent");
    }

    @Test
    void laterChangesToTheGivenCollectionDoNotShow() {
        TreeSet<String> given = new TreeSet<>(List.of("Agent"));
        UserProfile profile = UserProfile.builder().roles(given).build();

        given.add("Admin");

        assertThat(profile.roles()).containsExactly("Agent");
    }

    @Test
    void nullProbesFailAsForATreeSet() {
        SortedSet<String> roles = UserProfile.builder().role("Agent").build().roles();

        assertThatThrownBy(() -> roles.contains(null)).isInstanceOf(NullPointerException.class);
    }

    @Test
    void emptyCollectionsAreSharedAndStillEqualToFreshOnes() {
        UserProfile a = UserProfile.builder().email("a@example.com").build();
        UserProfile b = UserProfile.builder().email("b@example.com").build();

        assertThat(a.groups()).isSameAs(b.groups());
        assertThat(a.attributes()).isSameAs(b.attributes());
        assertThat(a.groups()).isEqualTo(new TreeSet<>()).isEqualTo(Collections.emptySet());
        assertThat(a.attributes()).isEqualTo(new TreeMap<>()).isEqualTo(Map.of());
        assertThatThrownBy(() -> a.attributes().put("k", "v")).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> a.groups().add("g")).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void profilesBuiltFromEachOthersSetsStayEqual() {
        UserProfile original = UserProfile.builder().email("a@example.com").role("Agent").group("Retail")
                .attribute("team", "north").build();

        UserProfile copy = original.toBuilder().build();
        UserProfile direct = new UserProfile(original.email(), original.username(), original.firstName(),
                original.lastName(), original.status(), original.roles(), original.groups(), original.attributes());

        assertThat(copy).isEqualTo(original).hasSameHashCodeAs(original);
        assertThat(direct).isEqualTo(original);
        assertThat(direct.roles()).isSameAs(original.roles());
    }
}
