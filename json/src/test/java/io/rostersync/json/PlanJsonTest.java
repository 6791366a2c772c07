package io.rostersync.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.rostersync.engine.PlanInput;
import io.rostersync.engine.Reconciler;
import io.rostersync.model.NativeId;
import io.rostersync.model.SyncId;
import io.rostersync.model.UserProfile;
import io.rostersync.model.UserRecord;
import io.rostersync.model.UserStatus;
import io.rostersync.plan.Plan;
import io.rostersync.policy.Field;
import io.rostersync.policy.LicenseRule;
import io.rostersync.policy.Ownership;
import io.rostersync.policy.RuleBasedPermissionMapper;
import io.rostersync.policy.SyncPolicy;
import io.rostersync.spi.ActionKind;
import io.rostersync.spi.FailedAction;
import io.rostersync.spi.FailureKind;
import io.rostersync.spi.LicenseSnapshot;
import io.rostersync.spi.Link;
import io.rostersync.spi.Links;
import io.rostersync.spi.PlanMode;
import io.rostersync.spi.RunStatus;
import io.rostersync.spi.SyncReport;
import io.rostersync.spi.UserRef;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

class PlanJsonTest {

    private static final Instant NOW = Instant.parse("2026-06-01T12:00:00Z");

    static Plan richPlan() {
        UserRecord renamed = UserRecord.of("s1", UserProfile.builder().email("ann@example.com").firstName("Ann").lastName("New")
                .role("Team Admin").group("North").attribute("loginMethod", "sso").build());
        UserRecord fresh = UserRecord.of("s2", UserProfile.builder().email("bob@example.com").username("bob").firstName("Bob")
                .lastName("B").role("Agent").build());
        UserRecord dupA = UserRecord.of("s3", UserProfile.builder().email("dup@example.com").build());
        UserRecord dupB = UserRecord.of("s4", UserProfile.builder().email("dup@example.com").build());
        UserRecord target = UserRecord.of("t1", UserProfile.builder().email("ann@example.com").firstName("Ann").lastName("Old").build());
        UserRecord gone = UserRecord.of("t2", UserProfile.builder().email("gone@example.com").build());
        SyncPolicy policy = SyncPolicy.builder()
                .own(Field.GROUPS, Ownership.ALWAYS)
                .ownAttribute("loginMethod", Ownership.ALWAYS)
                .permissions(RuleBasedPermissionMapper.builder().whenRoleContains("Admin", "Admin Set").otherwise("Agent Set").build())
                .license(LicenseRule.everyone("seats"))
                .build();
        return new Reconciler(policy).plan(PlanInput.builder()
                .source(List.of(renamed, fresh, dupA, dupB))
                .target(List.of(target, gone))
                .links(Links.of(List.of(Link.of(NativeId.of("s1"), NativeId.of("t1")), Link.of(NativeId.of("s9"), NativeId.of("t2")))))
                .license(new LicenseSnapshot("seats", 2, 1, Optional.empty(), new TreeSet<>(List.of(NativeId.of("t2")))))
                .now(NOW)
                .names("talkdesk", "hoopla")
                .build());
    }

    @Test
    void planSurvivesARoundTripUnchanged() {
        Plan plan = richPlan();
        assertThat(plan.actions()).extracting(a -> a.kind()).contains(ActionKind.CREATE, ActionKind.UPDATE,
                ActionKind.DEACTIVATE, ActionKind.GRANT_PERMISSION, ActionKind.ASSIGN_LICENSE, ActionKind.REVOKE_LICENSE);
        assertThat(plan.conflicts()).isNotEmpty();
        String json = PlanJson.write(plan);
        Plan back = PlanJson.readPlan(json);
        assertThat(back).isEqualTo(plan);
        assertThat(PlanJson.write(back)).isEqualTo(json);
    }

    @Test
    void documentsWrittenWithTheOldLicenceSpellingStillRead() {
        Plan plan = richPlan();
        String json = PlanJson.write(plan);
        String legacy = json.replace("\"license\"", "\"licence\"").replace("_LICENSE", "_LICENCE");
        assertThat(legacy).contains("\"licence\"", "ASSIGN_LICENCE").doesNotContain("ASSIGN_LICENSE");
        assertThat(PlanJson.write(PlanJson.readPlan(legacy))).isEqualTo(json);
    }

    @Test
    void documentNamesItsFormatAndVersion() {
        String json = PlanJson.write(richPlan());
        assertThat(json).contains("\"format\" : \"rostersync-plan\"").contains("\"version\" : " + Plan.FORMAT_VERSION);
    }

    @Test
    void wrongVersionIsRejectedWithATypedError() {
        String json = PlanJson.write(richPlan()).replace("\"version\" : " + Plan.FORMAT_VERSION, "\"version\" : 99");
        assertThatThrownBy(() -> PlanJson.readPlan(json)).isInstanceOf(PlanFormatException.class)
                .hasMessageContaining("version 99");
    }

    @Test
    void malformedJsonIsRejectedWithItsPosition() {
        assertThatThrownBy(() -> PlanJson.readPlan("{\"format\": ")).isInstanceOf(PlanFormatException.class)
                .hasMessageContaining("line 1");
        assertThatThrownBy(() -> PlanJson.readPlan("")).isInstanceOf(PlanFormatException.class);
        assertThatThrownBy(() -> PlanJson.readPlan("[]")).isInstanceOf(PlanFormatException.class);
    }

    @Test
    void invalidContentIsRejectedAsAFormatError() {
        String json = PlanJson.write(richPlan()).replace("bob@example.com", "not-an-email");
        assertThatThrownBy(() -> PlanJson.readPlan(json)).isInstanceOf(PlanFormatException.class)
                .hasMessageContaining("not a valid email");
    }

    @Test
    void mutatedPlansEndInAPlanOrAFormatErrorNeverAnotherException() {
        String json = PlanJson.write(richPlan());
        Random random = new Random(20261122);
        int parsed = 0;
        for (int i = 0; i < 10_000; i++) {
            String mutated = mutate(json, random);
            try {
                PlanJson.readPlan(mutated);
                parsed++;
            } catch (PlanFormatException expected) {
                assertThat(expected.getMessage()).isNotBlank();
            }
        }
        assertThat(parsed).as("some mutations stay valid").isPositive();
    }

    private static final String NOISE = "\"{}[],:0-x\u0000\\";

    private static String mutate(String json, Random random) {
        StringBuilder sb = new StringBuilder(json);
        int edits = 1 + random.nextInt(3);
        for (int e = 0; e < edits; e++) {
            int pos = random.nextInt(sb.length());
            switch (random.nextInt(6)) {
                case 0 -> sb.deleteCharAt(pos);
                case 1 -> sb.insert(pos, NOISE.charAt(random.nextInt(NOISE.length())));
                case 2 -> sb.setLength(pos);
                case 3 -> sb.setCharAt(pos, (char) (32 + random.nextInt(95)));
                case 4 -> {
                    int end = Math.min(sb.length(), pos + 1 + random.nextInt(40));
                    sb.replace(pos, end, "null");
                }
                default -> {
                    String[] tokens = {"\"kind\" : \"NOPE\"", "\"version\" : \"1\"", "\"status\" : \"GONE\"", "true", "[]", "{}"};
                    sb.insert(pos, tokens[random.nextInt(tokens.length)]);
                }
            }
            if (sb.length() == 0) {
                break;
            }
        }
        return sb.toString();
    }

    @Test
    void reportSurvivesARoundTrip() {
        SyncReport report = new SyncReport(SyncId.of("s"), NOW, NOW.plusSeconds(3), RunStatus.PARTIAL, PlanMode.INCREMENTAL, 10, 12,
                Map.of(ActionKind.CREATE, 2, ActionKind.UPDATE, 1), 2,
                List.of(new FailedAction(UserRef.source(NativeId.of("s1"), "a@example.com"), ActionKind.CREATE,
                        FailureKind.VALIDATION, "FIELD_CUSTOM_VALIDATION_EXCEPTION: nope", Optional.of("FIELD_CUSTOM_VALIDATION_EXCEPTION"))),
                richPlan().conflicts(), List.of(new io.rostersync.spi.ReadProblem("line 7", "invalid email")), "1 of 3 actions failed");
        assertThat(PlanJson.readReport(PlanJson.write(report))).isEqualTo(report);
    }

    @Test
    void planIsNotAReport() {
        assertThatThrownBy(() -> PlanJson.readReport(PlanJson.write(richPlan()))).isInstanceOf(PlanFormatException.class)
                .hasMessageContaining("rostersync-report");
    }

    @Test
    void explainSaysPerUserWhatAndWhy() {
        var lines = richPlan().explain();
        assertThat(lines).anySatisfy(d -> {
            assertThat(d.user().label()).isEqualTo("bob@example.com");
            assertThat(d.decisions()).anyMatch(l -> l.startsWith("create as active"));
            assertThat(d.decisions()).anyMatch(l -> l.startsWith("grant 'Agent Set'"));
        });
        assertThat(lines).anySatisfy(d -> assertThat(d.decisions()).anyMatch(l -> l.startsWith("conflict duplicate source key")));
        assertThat(UserStatus.values()).isNotEmpty();
    }
}
