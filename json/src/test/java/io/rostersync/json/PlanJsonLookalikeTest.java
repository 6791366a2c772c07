package io.rostersync.json;

import static org.assertj.core.api.Assertions.assertThat;

import io.rostersync.engine.PlanInput;
import io.rostersync.engine.Reconciler;
import io.rostersync.model.NativeId;
import io.rostersync.model.UserProfile;
import io.rostersync.model.UserRecord;
import io.rostersync.spi.Conflict;
import io.rostersync.spi.ConflictKind;
import io.rostersync.plan.Plan;
import io.rostersync.plan.PlanAction;
import io.rostersync.policy.SyncPolicy;
import io.rostersync.spi.Links;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class PlanJsonLookalikeTest {

    private static UserRecord person(String id, String email) {
        return UserRecord.of(NativeId.of(id), UserProfile.builder().firstName("Person").lastName("Tester").email(email).build());
    }

    @Test
    void aLookalikeConflictSurvivesARoundTripWithItsNonAsciiKeyIntact() {
        Plan plan = new Reconciler(SyncPolicy.defaults()).plan(PlanInput.builder()
                .source(List.of(person("s1", "\u212Aate@example.com"), person("s2", "\u0430nn@example.com")))
                .target(List.of(person("t1", "kate@example.com")))
                .links(Links.of(List.of()))
                .now(Instant.parse("2026-01-01T00:00:00Z"))
                .build());
        assertThat(plan.conflicts()).extracting(Conflict::kind).containsExactly(ConflictKind.LOOKALIKE_KEY);
        PlanAction.CreateUser create = (PlanAction.CreateUser) plan.actions().get(0);
        assertThat(create.profile().email().orElseThrow().value()).isEqualTo("\u0430nn@example.com");

        String json = PlanJson.write(plan);
        assertThat(json).contains("\"LOOKALIKE_KEY\"");
        Plan back = PlanJson.readPlan(json);
        assertThat(back).isEqualTo(plan);
        assertThat(back.explain()).anySatisfy(d -> assertThat(String.join(" ", d.decisions())).contains("conflict lookalike key"));
    }
}
