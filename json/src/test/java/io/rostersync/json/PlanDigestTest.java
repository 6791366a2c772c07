package io.rostersync.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.rostersync.model.Cursor;
import io.rostersync.plan.Plan;
import io.rostersync.plan.PlanDigest;
import io.rostersync.plan.PlanKey;
import io.rostersync.plan.PlanStats;
import io.rostersync.model.SyncId;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

class PlanDigestTest {

    private static final PlanKey KEY = PlanKey.of("k".repeat(32).getBytes(java.nio.charset.StandardCharsets.US_ASCII));

    private static Plan plan() {
        Plan p = PlanJson.readPlan(PlanJson.write(PlanJsonTest.richPlan()));
        return new Plan(p.mode(), p.plannedAt(), p.source(), p.target(), p.actions(), p.conflicts(), p.stats(), p.nextCursor(),
                p.readProblems(), Optional.of(SyncId.of("sync-a")), Optional.empty());
    }

    @Test
    void aSignedPlanVerifiesAndAnUnsignedOneDoesNot() {
        Plan signed = PlanDigest.sign(plan(), KEY);
        assertThat(signed.digest()).hasValueSatisfying(d -> assertThat(d).startsWith("hmac-sha256:"));
        assertThat(PlanDigest.verify(signed, KEY)).isTrue();
        assertThat(PlanDigest.verify(plan(), KEY)).isFalse();
        assertThat(PlanDigest.verify(signed, PlanKey.of(new byte[32]))).isFalse();
        assertThat(PlanDigest.verify(signed.withDigest("hmac-sha256:not base64!"), KEY)).isFalse();
        assertThat(PlanDigest.sign(signed, KEY)).isEqualTo(signed);
    }

    @Test
    void changingAnyPartOfThePlanBreaksTheDigest() {
        Plan signed = PlanDigest.sign(plan(), KEY);
        List<UnaryOperator<Plan>> edits = new ArrayList<>();
        edits.add(p -> new Plan(p.mode(), p.plannedAt().plus(Duration.ofDays(1)), p.source(), p.target(), p.actions(), p.conflicts(),
                p.stats(), p.nextCursor(), p.readProblems(), p.syncId(), p.digest()));
        edits.add(p -> new Plan(p.mode(), p.plannedAt(), p.source(), "other-target", p.actions(), p.conflicts(),
                p.stats(), p.nextCursor(), p.readProblems(), p.syncId(), p.digest()));
        edits.add(p -> new Plan(p.mode(), p.plannedAt(), p.source(), p.target(), p.actions(), p.conflicts(),
                p.stats(), p.nextCursor(), p.readProblems(), Optional.of(SyncId.of("sync-b")), p.digest()));
        edits.add(p -> p.withStats(new PlanStats(p.stats().sourceUsers(), p.stats().targetUsers(), p.stats().inScope(),
                p.stats().unchanged(), p.stats().ignored(), p.stats().managedUsers() + 1000)));
        edits.add(p -> new Plan(p.mode(), p.plannedAt(), p.source(), p.target(), p.actions().subList(1, p.actions().size()),
                p.conflicts(), p.stats(), p.nextCursor(), p.readProblems(), p.syncId(), p.digest()));
        edits.add(p -> new Plan(p.mode(), p.plannedAt(), p.source(), p.target(), p.actions(), List.of(),
                p.stats(), p.nextCursor(), p.readProblems(), p.syncId(), p.digest()));
        edits.add(p -> new Plan(p.mode(), p.plannedAt(), p.source(), p.target(), p.actions(), p.conflicts(),
                p.stats(), Optional.of(Cursor.of("later")), p.readProblems(), p.syncId(), p.digest()));
        for (UnaryOperator<Plan> edit : edits) {
            Plan edited = edit.apply(signed);
            assertThat(edited).isNotEqualTo(signed);
            assertThat(PlanDigest.verify(edited, KEY)).isFalse();
        }
    }

    @Test
    void aKeyIsLongEnoughAndNeverShown() {
        assertThatThrownBy(() -> PlanKey.of(new byte[31])).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("32");
        assertThatThrownBy(() -> PlanKey.of(null)).isInstanceOf(NullPointerException.class).hasMessageContaining("plan key is missing");
        assertThat(KEY.toString()).isEqualTo("PlanKey[redacted]").doesNotContain("kkkk");
        byte[] bytes = new byte[32];
        PlanKey key = PlanKey.of(bytes);
        Plan signed = PlanDigest.sign(plan(), key);
        bytes[0] = 1; // the key was copied: changing the caller's array later changes nothing
        assertThat(PlanDigest.verify(signed, key)).isTrue();
    }
}
