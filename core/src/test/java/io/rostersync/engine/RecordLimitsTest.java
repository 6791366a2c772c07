package io.rostersync.engine;

import static io.rostersync.engine.Fixtures.active;
import static io.rostersync.engine.Fixtures.id;
import static io.rostersync.engine.Fixtures.link;
import static io.rostersync.engine.Fixtures.plan;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.rostersync.model.NativeId;
import io.rostersync.model.UserProfile;
import io.rostersync.model.UserRecord;
import io.rostersync.plan.Plan;
import io.rostersync.policy.RecordLimits;
import io.rostersync.policy.Scope;
import io.rostersync.policy.SyncPolicy;
import io.rostersync.spi.Links;
import io.rostersync.spi.PlanMode;
import io.rostersync.spi.UserPage;
import io.rostersync.spi.UserPages;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A source record beyond the policy's bounds is a read problem for that user: nothing is planned for
 * them, nobody is deprovisioned for being absent, and the bounds are checked before the scope, the keys
 * or the matcher look at the record. Before the fix a 2,000,000-character name was planned as an update.
 */
class RecordLimitsTest {

    private static UserRecord bloated(String id, String email, UnaryOperator<UserProfile.Builder> how) {
        return UserRecord.of(NativeId.of(id), how.apply(UserProfile.builder().email(email).firstName("Eve").lastName("Big")).build());
    }

    private static Map<String, String> attributes(int count, int length) {
        Map<String, String> a = new TreeMap<>();
        for (int i = 0; i < count; i++) {
            a.put("attr" + i, "v".repeat(length));
        }
        return a;
    }

    private static List<String> roles(int count) {
        List<String> r = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            r.add("role" + i);
        }
        return r;
    }

    static List<UnaryOperator<UserProfile.Builder>> oversized() {
        return List.of(
                b -> b.firstName("x".repeat(2_000_000)),
                b -> b.lastName("y".repeat(257)),
                b -> b.attributes(attributes(10_000, 1)),
                b -> b.attributes(attributes(1, 4097)),
                b -> b.attribute("n".repeat(300), "v"),
                b -> b.roles(roles(1001)),
                b -> b.groups(List.of("g".repeat(257))),
                b -> b.username("u".repeat(255)) // within the model's 255 and the default 256, beyond a policy of 100
        );
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 2, 3, 4, 5, 6})
    void anOversizedSourceRecordIsAReadProblemAndNothingIsWrittenOrDeprovisioned(int which) {
        // bob is linked and unchanged; carol is linked and gone from the source; eve is linked and oversized
        List<UserRecord> source = List.of(active("s-bob", "bob@example.com"),
                bloated("s-eve", "eve@example.com", oversized().get(which)));
        List<UserRecord> target = List.of(active("t-bob", "bob@example.com"), active("t-carol", "carol@example.com"),
                active("t-eve", "eve@example.com"));
        Plan plan = plan(SyncPolicy.defaults(), source, target,
                List.of(link("s-bob", "t-bob"), link("s-carol", "t-carol"), link("s-eve", "t-eve")));
        assertThat(plan.actions()).as("no update for eve, no deactivation of carol").isEmpty();
        assertThat(plan.sourceComplete()).isFalse();
        assertThat(plan.readProblems()).singleElement().satisfies(p -> {
            assertThat(p.location()).isEqualTo("user s-eve");
            assertThat(p.message()).contains("beyond the policy's bounds").contains("more than the limit of");
            assertThat(p.message().length()).as("the message never carries the oversized text").isLessThan(300);
        });
    }

    @Test
    void anOversizedNewUserIsNotCreated() {
        Plan plan = plan(SyncPolicy.defaults(), List.of(bloated("s-eve", "eve@example.com", b -> b.firstName("x".repeat(2_000_000)))),
                List.of(), List.of());
        assertThat(plan.actions()).isEmpty();
        assertThat(plan.readProblems()).hasSize(1);
    }

    @Test
    void theBoundsAreCheckedBeforeTheScopeOrTheMatcherLookAtTheRecord() {
        AtomicInteger scopeCalls = new AtomicInteger();
        SyncPolicy policy = SyncPolicy.builder()
                .scope(Scope.matching("counted", u -> scopeCalls.incrementAndGet() >= 0))
                .build();
        Plan plan = plan(policy, List.of(bloated("s-eve", "eve@example.com", b -> b.attributes(attributes(10_000, 10)))),
                List.of(), List.of());
        assertThat(scopeCalls).hasValue(0);
        assertThat(plan.readProblems()).singleElement().satisfies(p -> assertThat(p.message()).contains("10000 attributes"));
    }

    @Test
    void theBoundsAreConfigurable() {
        UserRecord longUsername = bloated("s-eve", "eve@example.com", oversized().get(7));
        assertThat(plan(SyncPolicy.defaults(), List.of(longUsername), List.of(), List.of()).readProblems()).isEmpty();
        SyncPolicy strict = SyncPolicy.builder().recordLimits(RecordLimits.defaults().withNameLength(100)).build();
        assertThat(plan(strict, List.of(longUsername), List.of(), List.of()).readProblems()).singleElement()
                .satisfies(p -> assertThat(p.message()).contains("username of 255 characters, more than the limit of 100"));
        SyncPolicy roomy = SyncPolicy.builder().recordLimits(RecordLimits.defaults()
                .withAttributeCount(20_000).withAttributeValueLength(10_000).withMembershipCount(5000)).build();
        Plan many = plan(roomy, List.of(bloated("s-eve", "eve@example.com", b -> b.attributes(attributes(10_000, 5000)))),
                List.of(), List.of());
        assertThat(many.readProblems()).isEmpty();
        assertThat(many.actions()).hasSize(1);
    }

    @Test
    void theDefaultsAreTheDocumentedOnes() {
        RecordLimits d = RecordLimits.defaults();
        assertThat(d).isEqualTo(new RecordLimits(256, 254, 4096, 200, 1000));
        assertThat(SyncPolicy.defaults().recordLimits()).isEqualTo(d);
        assertThat(SyncPolicy.defaults().toBuilder().build().recordLimits()).isEqualTo(d);
    }

    @Test
    void nonsenseBoundsAreRefusedWithTheReason() {
        assertThatThrownBy(() -> RecordLimits.defaults().withNameLength(0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("nameLength must be at least 1, not 0");
        assertThatThrownBy(() -> RecordLimits.defaults().withEmailLength(300)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("RFC 5321");
    }

    @Test
    void anOversizedRecordInAChangeSetMakesTheReadIncompleteAndDeprovisionsNobody() {
        Plan plan = new Reconciler(SyncPolicy.defaults()).plan(PlanInput.builder()
                .mode(PlanMode.INCREMENTAL)
                .source(UserPages.of(List.of(new UserPage(
                        List.of(bloated("s-eve", "eve@example.com", b -> b.firstName("x".repeat(2_000_000)))),
                        List.of(id("s-carol")), List.of(), java.util.Optional.of(io.rostersync.model.Cursor.of("c2"))))))
                .target(List.of(active("t-carol", "carol@example.com"), active("t-eve", "eve@example.com")))
                .links(Links.of(List.of(link("s-carol", "t-carol"), link("s-eve", "t-eve"))))
                .now(Fixtures.NOW).build());
        assertThat(plan.actions()).isEmpty();
        assertThat(plan.sourceComplete()).isFalse();
    }
}
