package io.rostersync.policy;

import static org.assertj.core.api.Assertions.assertThat;

import io.rostersync.model.NativeId;
import io.rostersync.model.UserProfile;
import io.rostersync.model.UserRecord;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/**
 * {@link RecordLimits#within} (plain comparisons, run on every source record) agrees with the worded check
 * {@link RecordLimits#describedViolation} on records one below, at and one above every bound, alone and
 * together, so {@link RecordLimits#violation} is what the worded check says.
 */
class RecordLimitsFastPathTest {

    private static final RecordLimits LIMITS = new RecordLimits(8, 20, 12, 3, 2);

    @Test
    void theShortcutAndTheWordedCheckAgreeAtEveryBound() {
        List<UserRecord> records = new ArrayList<>();
        for (int delta = -1; delta <= 1; delta++) {
            for (UnaryOperator<UserProfile.Builder> change : changes(delta)) {
                records.add(record(change));
                // ...and with another field at its bound, so an early "within" cannot hide a later "beyond"
                records.add(record(b -> change.apply(b.firstName("f".repeat(8)).role("r".repeat(8)))));
            }
        }
        int beyond = 0;
        for (UserRecord r : records) {
            boolean within = LIMITS.within(r);
            assertThat(within).as("within %s", r.profile()).isEqualTo(LIMITS.describedViolation(r).isEmpty());
            assertThat(LIMITS.violation(r)).isEqualTo(LIMITS.describedViolation(r));
            beyond += within ? 0 : 1;
        }
        assertThat(beyond).isGreaterThan(10).isLessThan(records.size() - 10);
    }

    @Test
    void theDefaultsAgreeOnAnOrdinaryRecord() {
        UserRecord r = record(b -> b.role("Agent").group("North").attribute("dept", "Sales"));
        assertThat(RecordLimits.defaults().within(r)).isTrue();
        assertThat(RecordLimits.defaults().violation(r)).isEmpty();
    }

    /** One change per bound of {@link #LIMITS}, {@code delta} away from it. */
    private static List<UnaryOperator<UserProfile.Builder>> changes(int delta) {
        int name = 8 + delta;
        int count = 2 + delta;
        return List.of(
                b -> b.firstName("f".repeat(name)),
                b -> b.lastName("l".repeat(name)),
                b -> b.username("u".repeat(name)),
                b -> b.email("e".repeat(20 + delta - "@x.io".length()) + "@x.io"),
                b -> b.roles(names("r", count, 4)),
                b -> b.groups(names("g", count, 4)),
                b -> b.role("r".repeat(name)),
                b -> b.group("g".repeat(name)),
                b -> b.attributes(attributes(3 + delta, 4, 4)),
                b -> b.attributes(attributes(1, name, 4)),
                b -> b.attributes(attributes(2, 4, 12 + delta)));
    }

    private static UserRecord record(UnaryOperator<UserProfile.Builder> change) {
        return UserRecord.of(NativeId.of("s1"), change.apply(UserProfile.builder().email("a@x.io").firstName("A").lastName("B")).build());
    }

    private static List<String> names(String prefix, int count, int length) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < Math.max(0, count); i++) {
            out.add(prefix + i + "x".repeat(Math.max(0, length - 1 - String.valueOf(i).length())));
        }
        return out;
    }

    private static Map<String, String> attributes(int count, int nameLength, int valueLength) {
        Map<String, String> out = new TreeMap<>();
        for (int i = 0; i < count; i++) {
            String n = "a" + i;
            out.put(n + "n".repeat(Math.max(0, nameLength - n.length())), "v".repeat(valueLength));
        }
        return out;
    }
}
