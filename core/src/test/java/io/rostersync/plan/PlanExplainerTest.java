package io.rostersync.plan;

import static org.assertj.core.api.Assertions.assertThat;

import io.rostersync.model.NativeId;
import io.rostersync.model.SyncId;
import io.rostersync.model.UserPatch;
import io.rostersync.model.UserProfile;
import io.rostersync.model.UserRecord;
import io.rostersync.model.UserStatus;
import io.rostersync.spi.ActionKind;
import io.rostersync.spi.Conflict;
import io.rostersync.spi.ConflictKind;
import io.rostersync.spi.PlanMode;
import io.rostersync.spi.Reason;
import io.rostersync.spi.ReasonCode;
import io.rostersync.spi.ReasonExplainer;
import io.rostersync.spi.RunStatus;
import io.rostersync.spi.SyncReport;
import io.rostersync.spi.UserRef;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The English explainer says what the planner said before reason codes, character for character (the
 * expected strings below are the planner's own sentences of that time, filled in), and a host's explainer
 * replaces it everywhere plans and reports are shown.
 */
class PlanExplainerTest {

    private static final PlanExplainer ENGLISH = PlanExplainer.english();
    private static final UserRef BOTH = UserRef.both(NativeId.of("s1"), NativeId.of("t1"), "ann@example.com");
    private static final UserRef NEW = UserRef.source(NativeId.of("s2"), "bob@example.com");

    private static List<String> list(String... values) {
        return List.of(values);
    }

    /** One reason of every code with the text the planner wrote for it. */
    static Map<ReasonCode, Map.Entry<Reason, String>> englishOfEveryCode() {
        Map<ReasonCode, Map.Entry<Reason, String>> m = new EnumMap<>(ReasonCode.class);
        put(m, Reason.of(ReasonCode.MATCHED_BY, "via", "email"), "matched an existing account by email");
        put(m, Reason.of(ReasonCode.UNMATCHED_CREATED, "keys", Reason.listOf(list("email", "username")), "status", "ACTIVE"),
                "no account matched by link or email or username; unmatched users are created active");
        put(m, Reason.of(ReasonCode.FIELD_CHANGED, "field", "FIRST_NAME", "from", "", "to", "Ann"), "first name '' -> 'Ann'");
        put(m, Reason.of(ReasonCode.SET_CHANGED, "field", "ROLES", "added", Reason.listOf(list("Agent", "Team Admin")),
                "removed", Reason.listOf(list("Admin"))), "roles +Agent +Team Admin -Admin");
        put(m, Reason.of(ReasonCode.ATTRIBUTE_CHANGED, "attribute", "department", "from", "Sales", "to", "Support"),
                "department 'Sales' -> 'Support'");
        put(m, Reason.of(ReasonCode.ATTRIBUTE_REMOVED, "attribute", "title", "from", "Lead"), "title 'Lead' removed");
        put(m, Reason.of(ReasonCode.STATUS_IN_SOURCE, "status", "SUSPENDED"), "the account is suspended in the source");
        put(m, Reason.of(ReasonCode.STATUS_IN_SOURCE_AGAIN, "status", "ACTIVE"), "the account is active in the source again");
        put(m, Reason.of(ReasonCode.STATUS_IN_SOURCE_AGAIN_AFTER_SYNC_DEACTIVATION, "status", "ACTIVE"),
                "the account is active in the source again and this sync had deactivated it");
        put(m, Reason.of(ReasonCode.NO_LONGER_IN_SCOPE, "scope", "not night shift"), "no longer in scope (not night shift)");
        put(m, Reason.of(ReasonCode.GONE_FROM_SOURCE), "the account is no longer in the source");
        put(m, Reason.of(ReasonCode.REMOVED_FROM_SOURCE), "the account was removed from the source");
        put(m, Reason.of(ReasonCode.NOT_IN_AUTHORITATIVE_SOURCE), "the account is not in the authoritative source snapshot");
        put(m, Reason.of(ReasonCode.POLICY_DELETES), "the policy deletes such accounts");
        put(m, Reason.of(ReasonCode.ELIGIBLE_FOR_LICENSE, "rule", "every synced user"),
                "the user is active and eligible (every synced user)");
        put(m, Reason.of(ReasonCode.STATUS_USES_NO_SEAT, "status", "PENDING"), "the account is pending and uses no seat");
        put(m, Reason.of(ReasonCode.NO_LONGER_ELIGIBLE, "rule", "people in Retail"), "the user is no longer eligible (people in Retail)");
        put(m, Reason.of(ReasonCode.BEING_DEPROVISIONED), "the account is being deprovisioned");
        put(m, Reason.of(ReasonCode.SEAT_SHORTFALL, "license", "seats", "entitled", "3", "consumed", "3", "released", "0"),
                "no free seat of license 'seats' (3 entitled, 3 consumed, 0 released by this plan)");
        put(m, Reason.of(ReasonCode.LICENSE_EXPIRED, "license", "seats", "expiredAt", "2026-01-01T00:00:00Z"),
                "license 'seats' expired at 2026-01-01T00:00:00Z; no seat is assigned");
        put(m, Reason.of(ReasonCode.WAITING_FOR_SEAT, "since", "2026-06-01T12:00:00Z", "reason", "no free seat of license 'seats' (1 entitled, 1 consumed, 0 released by this plan)"),
                "waiting for a seat since 2026-06-01T12:00:00Z: no free seat of license 'seats' (1 entitled, 1 consumed, 0 released by this plan)");
        put(m, Reason.of(ReasonCode.PERMISSION_RULE, "rule", "role containing 'gent' -> Agent"), "role containing 'gent' -> Agent");
        put(m, Reason.of(ReasonCode.NO_MANAGED_PERMISSION_YET), "the user has no managed permission yet");
        put(m, Reason.of(ReasonCode.ENFORCED_MAPPING, "permissions", Reason.listOf(list("Admin", "Agent")), "rule", "fallback -> Admin"),
                "enforced mapping gives [Admin, Agent] (fallback -> Admin)");
        put(m, Reason.of(ReasonCode.HOLDS_NO_LICENSE), "the user holds no license any more");
        put(m, Reason.of(ReasonCode.DEPROVISIONED_LOSES_LICENSE), "the account is deprovisioned and loses its license");
        put(m, Reason.of(ReasonCode.AMBIGUOUS_MATCH, "count", "2", "via", "username", "candidates", Reason.listOf(list("t1", "t2"))),
                "matched 2 target accounts by username: [t1, t2]");
        put(m, Reason.of(ReasonCode.CANDIDATE_LINKED_ELSEWHERE, "candidate", "kate@example.com", "candidateId", "t1", "via", "email",
                "linkedSourceId", "s9"), "matched kate@example.com (t1) by email, but it is already linked to source account s9");
        put(m, Reason.of(ReasonCode.CANDIDATE_CLAIMED_TWICE, "candidate", "kate@example.com", "candidateId", "t1"),
                "both matched target account kate@example.com (t1)");
        put(m, Reason.of(ReasonCode.DUPLICATE_SOURCE_KEY, "count", "2", "key", "email", "value", "kate@example.com"),
                "2 source accounts share email 'kate@example.com'");
        put(m, Reason.of(ReasonCode.DANGLING_LINK, "targetId", "t7"), "linked to target account t7, which no longer exists");
        put(m, Reason.of(ReasonCode.LOOKALIKE_OF_TARGET, "key", "email", "value", "\u212Aate@example.com",
                        "targetLabels", Reason.listOf(list("kate@example.com", "Kate K")), "targetIds", Reason.listOf(list("t1", "t2")),
                        "targetValues", Reason.listOf(list("kate@example.com", "kate@example.com"))),
                "email '\u212Aate@example.com' (with U+212A KELVIN SIGN) looks like but is not the same as a target account's:"
                        + " kate@example.com (t1) has 'kate@example.com'; Kate K (t2) has 'kate@example.com'."
                        + " Nothing is linked, updated or created for this user until someone decides");
        put(m, Reason.of(ReasonCode.LOOKALIKE_NEW_KEYS, "count", "2", "key", "email",
                        "values", Reason.listOf(list("ked@example.com", "\u212Aed@example.com"))),
                "2 new source accounts have emails that look alike but are not the same: 'ked@example.com',"
                        + " '\u212Aed@example.com' (with U+212A KELVIN SIGN). None of them is created until someone decides");
        put(m, Reason.of(ReasonCode.DEPROVISION_DEFERRED), "the source read had problems, so nobody is deactivated or deleted this run;"
                + " this one waits for the next complete read");
        put(m, Reason.of(ReasonCode.DEPROVISION_HELD, "action", "DEACTIVATE", "since", "2026-06-01T12:00:00Z",
                        "reason", "the account is no longer in the source", "targetId", "t25"),
                "deactivate held by the deletion guard since 2026-06-01T12:00:00Z (the account is no longer in the source);"
                        + " release it with RunOptions.withHeldReleased(Set.of(NativeId.of(\"t25\")))");
        return m;
    }

    /** A reason of {@code code} with every parameter filled: a list of two values for a list parameter. */
    private static Reason sample(ReasonCode code) {
        List<String> pairs = new ArrayList<>();
        for (String name : code.parameters()) {
            pairs.add(name);
            pairs.add(code.listParameters().contains(name) ? Reason.listOf(List.of(name + "-1", name + "-2")) : name + "-value");
        }
        return Reason.of(code, pairs.toArray(String[]::new));
    }

    private static void put(Map<ReasonCode, Map.Entry<Reason, String>> m, Reason r, String english) {
        m.put(r.code(), Map.entry(r, english));
    }

    @Test
    void everyCodeHasItsEnglishSentenceCharacterForCharacter() {
        Map<ReasonCode, Map.Entry<Reason, String>> all = englishOfEveryCode();
        assertThat(all.keySet()).as("a sentence for every code").containsExactly(ReasonCode.values());
        all.forEach((code, e) -> assertThat(ENGLISH.reason(e.getKey())).as(code.name()).isEqualTo(e.getValue()));
    }

    @Test
    void englishShowsEveryParameterOfEveryCode() {
        for (ReasonCode code : ReasonCode.values()) {
            Reason r = sample(code);
            String text = ENGLISH.reason(r);
            assertThat(text).as(code.name()).isNotBlank();
            for (String p : code.parameters()) {
                List<String> values = code.listParameters().contains(p) ? r.list(p) : List.of(r.parameter(p));
                values.forEach(v -> assertThat(text.toLowerCase(Locale.ROOT)).as("%s shows %s", code, p).contains(v.toLowerCase(Locale.ROOT)));
            }
        }
    }

    @Test
    void aLongLookalikeValueIsClippedAndItsCharactersNamedOnce() {
        String value = "\u0430".repeat(100);
        String text = ENGLISH.reason(Reason.of(ReasonCode.LOOKALIKE_NEW_KEYS, "count", "2", "key", "username",
                "values", Reason.listOf(list(value, "a"))));
        assertThat(text).isEqualTo("2 new source accounts have usernames that look alike but are not the same: '"
                + "\u0430".repeat(77) + "...' (with U+0430 CYRILLIC SMALL LETTER A), 'a'. None of them is created until someone decides");
    }

    @Test
    void actionsReadAsBefore() {
        UserRecord source = UserRecord.of("s2", UserProfile.builder().email("bob@example.com").build());
        UserProfile pending = UserProfile.builder().email("bob@example.com").status(UserStatus.PENDING).build();
        PlanAction create = new PlanAction.CreateUser(NEW, pending, true, Reason.of(ReasonCode.UNMATCHED_CREATED,
                "keys", Reason.listOf(list("email")), "status", "PENDING"), source);
        assertThat(Plan.describe(create)).isEqualTo("create as pending (notify): no account matched by link or email;"
                + " unmatched users are created pending until an administrator activates them");
        PlanAction update = new PlanAction.UpdateUser(BOTH, UserPatch.builder().lastName("Smith").addRole("Agent").build(), List.of(
                Reason.of(ReasonCode.FIELD_CHANGED, "field", "LAST_NAME", "from", "Jones", "to", "Smith"),
                Reason.of(ReasonCode.SET_CHANGED, "field", "ROLES", "added", Reason.listOf(list("Agent")), "removed", Reason.listOf(list()))));
        assertThat(Plan.describe(update)).isEqualTo("update: source changed last name 'Jones' -> 'Smith'; roles +Agent");
        PlanAction delete = new PlanAction.DeleteUser(BOTH, List.of(Reason.of(ReasonCode.GONE_FROM_SOURCE), Reason.of(ReasonCode.POLICY_DELETES)));
        assertThat(Plan.describe(delete)).isEqualTo("delete: the account is no longer in the source; the policy deletes such accounts");
        PlanAction grant = new PlanAction.GrantPermission(NEW, "Agent", List.of(Reason.of(ReasonCode.PERMISSION_RULE, "rule", "role Agent"),
                Reason.of(ReasonCode.NO_MANAGED_PERMISSION_YET)));
        assertThat(Plan.describe(grant)).isEqualTo("grant 'Agent': role Agent; the user has no managed permission yet");
        assertThat(Plan.describe(new PlanAction.LinkUser(BOTH, Reason.of(ReasonCode.MATCHED_BY, "via", "email"))))
                .isEqualTo("link to t1: matched an existing account by email");
        assertThat(Plan.describe(new PlanAction.RevokeLicense(BOTH, "seats", Reason.of(ReasonCode.BEING_DEPROVISIONED))))
                .isEqualTo("release license 'seats': the account is being deprovisioned");
        assertThat(Plan.describe(new PlanAction.AssignLicense(NEW, "seats", Reason.of(ReasonCode.ELIGIBLE_FOR_LICENSE, "rule", "everyone"))))
                .isEqualTo("assign license 'seats': the user is active and eligible (everyone)");
        assertThat(Plan.describe(new PlanAction.RevokePermission(BOTH, "Admin", Reason.of(ReasonCode.HOLDS_NO_LICENSE))))
                .isEqualTo("revoke 'Admin': the user holds no license any more");
        assertThat(Plan.describe(new PlanAction.DeactivateUser(BOTH, Reason.of(ReasonCode.STATUS_IN_SOURCE, "status", "INACTIVE"))))
                .isEqualTo("deactivate: the account is inactive in the source");
        assertThat(Plan.describe(new PlanAction.ReactivateUser(BOTH, Reason.of(ReasonCode.STATUS_IN_SOURCE_AGAIN, "status", "ACTIVE"))))
                .isEqualTo("reactivate: the account is active in the source again");
    }

    @Test
    void explainListsEachUsersActionsThenConflictsInEnglish() {
        Plan plan = plan(List.of(new PlanAction.LinkUser(BOTH, Reason.of(ReasonCode.MATCHED_BY, "via", "email"))),
                List.of(new Conflict(ConflictKind.LICENSE_SHORTFALL, List.of(BOTH), Reason.of(ReasonCode.SEAT_SHORTFALL,
                        "license", "seats", "entitled", "1", "consumed", "1", "released", "0"))));
        assertThat(plan.explain()).singleElement().satisfies(d -> {
            assertThat(d.user()).isEqualTo(BOTH);
            assertThat(d.actions()).isEqualTo(plan.actions());
            assertThat(d.conflicts()).isEqualTo(plan.conflicts());
            assertThat(d.decisions()).containsExactly("link to t1: matched an existing account by email",
                    "conflict license shortfall: no free seat of license 'seats' (1 entitled, 1 consumed, 0 released by this plan)");
        });
    }

    /** A host's explainer in German; a switch without default makes the compiler name any code it misses. */
    static final class German implements PlanExplainer {
        @Override
        public String reason(Reason r) {
            return switch (r.code()) {
                case MATCHED_BY -> "über " + r.parameter("via") + " einem bestehenden Konto zugeordnet";
                case SEAT_SHORTFALL -> "keine freie Lizenz '" + r.parameter("license") + "'";
                case FIELD_CHANGED -> r.parameter("field") + " von '" + r.parameter("from") + "' zu '" + r.parameter("to") + "'";
                default -> r.code().name();
            };
        }

        @Override
        public String what(PlanAction action) {
            return switch (action.kind()) {
                case LINK -> "verknüpfen";
                case UPDATE -> "ändern";
                default -> action.kind().name();
            };
        }

        @Override
        public String why(PlanAction action) {
            return reasons(action.reasons());
        }

        @Override
        public String conflict(Conflict conflict) {
            return "Konflikt: " + reasons(conflict.reasons());
        }
    }

    @Test
    void aHostsExplainerReplacesTheEnglishInPlansAndReports() {
        Plan plan = plan(List.of(new PlanAction.LinkUser(BOTH, Reason.of(ReasonCode.MATCHED_BY, "via", "email")),
                        new PlanAction.UpdateUser(BOTH, UserPatch.builder().lastName("Smith").build(),
                                Reason.of(ReasonCode.FIELD_CHANGED, "field", "LAST_NAME", "from", "Jones", "to", "Smith"))),
                List.of(new Conflict(ConflictKind.LICENSE_SHORTFALL, List.of(BOTH), Reason.of(ReasonCode.SEAT_SHORTFALL,
                        "license", "seats", "entitled", "1", "consumed", "1", "released", "0"))));
        German german = new German();
        assertThat(plan.explain().get(0).decisions(german)).containsExactly(
                "verknüpfen: über email einem bestehenden Konto zugeordnet",
                "ändern: LAST_NAME von 'Jones' zu 'Smith'",
                "Konflikt: keine freie Lizenz 'seats'");
        SyncReport report = new SyncReport(SyncId.of("x"), Instant.EPOCH, Instant.EPOCH, RunStatus.SUCCEEDED, PlanMode.FULL, 1, 1,
                new EnumMap<>(ActionKind.class), 0, List.of(), plan.conflicts(), List.of(), "done");
        assertThat(report.summary(german)).contains(": keine freie Lizenz 'seats'").doesNotContain("no free seat");
        assertThat(report.summary()).contains(": no free seat of license 'seats' (1 entitled, 1 consumed, 0 released by this plan)");
    }

    @Test
    void reasonsOfOneActionAreJoinedBySemicolons() {
        ReasonExplainer upper = r -> ReasonExplainer.english().reason(r).toUpperCase(Locale.ROOT);
        assertThat(upper.reasons(List.of(Reason.of(ReasonCode.GONE_FROM_SOURCE), Reason.of(ReasonCode.POLICY_DELETES))))
                .isEqualTo("THE ACCOUNT IS NO LONGER IN THE SOURCE; THE POLICY DELETES SUCH ACCOUNTS");
    }

    private static Plan plan(List<PlanAction> actions, List<Conflict> conflicts) {
        return new Plan(PlanMode.FULL, Instant.EPOCH, "source", "target", new ArrayList<>(actions), conflicts,
                new PlanStats(1, 1, 1, 0, 0, 1), Optional.empty(), List.of());
    }
}
