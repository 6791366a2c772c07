package io.rostersync.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.rostersync.model.NativeId;
import io.rostersync.model.SyncId;
import io.rostersync.plan.Plan;
import io.rostersync.plan.PlanAction;
import io.rostersync.plan.PlanDigest;
import io.rostersync.plan.PlanKey;
import io.rostersync.plan.PlanStats;
import io.rostersync.spi.ActionKind;
import io.rostersync.spi.Conflict;
import io.rostersync.spi.ConflictKind;
import io.rostersync.spi.PlanMode;
import io.rostersync.spi.Reason;
import io.rostersync.spi.ReasonCode;
import io.rostersync.spi.RunStatus;
import io.rostersync.spi.SyncReport;
import io.rostersync.spi.UserRef;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/** Plan and report documents carry reasons as codes with parameters, read back exactly or refused clearly. */
class PlanJsonReasonsTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final UserRef BOTH = UserRef.both(NativeId.of("s1"), NativeId.of("t1"), "ann@example.com");

    /** A reason of {@code code} with every parameter filled, with values a careless codec would mangle. */
    private static Reason sample(ReasonCode code) {
        List<String> pairs = new ArrayList<>();
        for (String name : code.parameters()) {
            pairs.add(name);
            pairs.add(code.listParameters().contains(name)
                    ? Reason.listOf(List.of(name + " \"1\"", "line\nbreak\\", ""))
                    : name + " 'value' \u212A \\ \"quoted\"");
        }
        return Reason.of(code, pairs.toArray(String[]::new));
    }

    /** A plan with a conflict for every code, and actions with one reason and with several. */
    private static Plan everyCode() {
        List<Conflict> conflicts = new ArrayList<>();
        for (ReasonCode code : ReasonCode.values()) {
            conflicts.add(new Conflict(ConflictKind.AMBIGUOUS_MATCH, List.of(UserRef.source(NativeId.of("s-" + code.ordinal()), code.name())),
                    sample(code)));
        }
        List<PlanAction> actions = List.of(
                new PlanAction.DeleteUser(BOTH, List.of(Reason.of(ReasonCode.GONE_FROM_SOURCE), Reason.of(ReasonCode.POLICY_DELETES))),
                new PlanAction.LinkUser(BOTH, Reason.of(ReasonCode.MATCHED_BY, "via", "email")));
        return new Plan(PlanMode.FULL, Instant.parse("2026-06-01T12:00:00Z"), "source", "target", actions, conflicts,
                new PlanStats(1, 1, 1, 0, 0, 1), Optional.empty(), List.of(), Optional.of(SyncId.of("sync")), Optional.empty());
    }

    @Test
    void everyCodeSurvivesTheRoundTrip() {
        Plan plan = everyCode();
        String json = PlanJson.write(plan);
        Plan back = PlanJson.readPlan(json);
        assertThat(back).isEqualTo(plan);
        assertThat(back.conflicts()).extracting(c -> c.reasons().get(0).code()).containsExactly(ReasonCode.values());
        assertThat(PlanJson.write(back)).isEqualTo(json);
    }

    @Test
    void aReasonIsWrittenAsItsCodeAndParameters() throws Exception {
        JsonNode root = MAPPER.readTree(PlanJson.write(everyCode()));
        JsonNode delete = root.get("actions").get(0);
        assertThat(delete.has("reason")).isFalse();
        assertThat(delete.get("reasons").toString())
                .isEqualTo("[{\"code\":\"GONE_FROM_SOURCE\",\"params\":{}},{\"code\":\"POLICY_DELETES\",\"params\":{}}]");
        assertThat(root.get("actions").get(1).get("reasons").toString()).isEqualTo("[{\"code\":\"MATCHED_BY\",\"params\":{\"via\":\"email\"}}]");
        JsonNode field = root.get("conflicts").get(ReasonCode.FIELD_CHANGED.ordinal()).get("reasons").get(0);
        assertThat(field.get("code").asText()).isEqualTo("FIELD_CHANGED");
        assertThat(field.get("params").fieldNames()).toIterable().containsExactly("field", "from", "to");
    }

    @Test
    void aReportCarriesItsConflictsReasons() {
        SyncReport report = new SyncReport(SyncId.of("sync"), Instant.EPOCH, Instant.EPOCH, RunStatus.SUCCEEDED, PlanMode.FULL, 1, 1,
                new EnumMap<>(ActionKind.class), 0, List.of(), everyCode().conflicts(), List.of(), "done");
        assertThat(PlanJson.readReport(PlanJson.write(report))).isEqualTo(report);
    }

    private static String edited(Consumer<ObjectNode> edit) throws Exception {
        ObjectNode root = (ObjectNode) MAPPER.readTree(PlanJson.write(everyCode()));
        edit.accept(root);
        return MAPPER.writeValueAsString(root);
    }

    private static ObjectNode firstReason(ObjectNode root, ReasonCode code) {
        return (ObjectNode) root.get("conflicts").get(code.ordinal()).get("reasons").get(0);
    }

    private static void refused(String json, String... messageParts) {
        assertThatThrownBy(() -> PlanJson.readPlan(json)).isExactlyInstanceOf(PlanFormatException.class)
                .satisfies(e -> assertThat(e.getMessage()).contains(messageParts));
    }

    @Test
    void anUnknownCodeIsRefused() throws Exception {
        refused(edited(root -> firstReason(root, ReasonCode.MATCHED_BY).put("code", "MATCHED_BY_MAGIC")),
                "conflicts[0].reasons[0]", "unknown reason code 'MATCHED_BY_MAGIC'");
    }

    @Test
    void aMissingParameterIsRefused() throws Exception {
        refused(edited(root -> ((ObjectNode) firstReason(root, ReasonCode.FIELD_CHANGED).get("params")).remove("to")),
                "FIELD_CHANGED", "'to' is missing");
    }

    @Test
    void anExtraParameterIsRefused() throws Exception {
        refused(edited(root -> ((ObjectNode) firstReason(root, ReasonCode.MATCHED_BY).get("params")).put("key", "email")),
                "MATCHED_BY", "'key' is not one of its parameters");
    }

    @Test
    void aNullOrNonTextParameterIsRefused() throws Exception {
        refused(edited(root -> ((ObjectNode) firstReason(root, ReasonCode.MATCHED_BY).get("params")).putNull("via")),
                "params.via must be a string");
        refused(edited(root -> ((ObjectNode) firstReason(root, ReasonCode.SEAT_SHORTFALL).get("params")).put("entitled", 3)),
                "params.entitled must be a string");
        refused(edited(root -> firstReason(root, ReasonCode.MATCHED_BY).put("params", "via=email")), "'params' must be an object");
    }

    @Test
    void aListParameterThatIsNoListIsRefused() throws Exception {
        refused(edited(root -> ((ObjectNode) firstReason(root, ReasonCode.AMBIGUOUS_MATCH).get("params")).put("candidates", "[t1, t2]")),
                "AMBIGUOUS_MATCH", "'candidates' is not a list");
    }

    @Test
    void anActionOrConflictWithoutReasonsIsRefused() throws Exception {
        refused(edited(root -> ((ObjectNode) root.get("actions").get(0)).putArray("reasons")), "actions[0].reasons must name at least one reason");
        refused(edited(root -> ((ObjectNode) root.get("conflicts").get(0)).remove("reasons")), "'reasons' must be an array");
    }

    @Test
    void aPlanWrittenBeforeReasonCodesIsRefusedWithWhatToDo() throws Exception {
        // the shape of a version-2 plan: a reason text per action, a detail text per conflict
        String v2 = edited(root -> {
            root.put("version", 2);
            for (JsonNode a : root.get("actions")) {
                ((ObjectNode) a).remove("reasons");
                ((ObjectNode) a).put("reason", "the account is no longer in the source");
            }
        });
        refused(v2, "version 2", "written before reason codes", "plan again");
        String textInV3 = edited(root -> {
            ObjectNode a = (ObjectNode) root.get("actions").get(0);
            a.remove("reasons");
            a.put("reason", "the account is no longer in the source");
        });
        refused(textInV3, "actions[0]", "written before reason codes", "plan again");
        String detailInV3 = edited(root -> {
            ObjectNode c = (ObjectNode) root.get("conflicts").get(1);
            c.remove("reasons");
            c.put("detail", "matched 2 target accounts");
        });
        refused(detailInV3, "conflicts[1]", "'detail'", "written before reason codes");
    }

    @Test
    void aReportWrittenBeforeReasonCodesIsRefused() {
        String v1 = "{\"format\" : \"rostersync-report\", \"version\" : 1, \"message\" : \"done\"}";
        assertThatThrownBy(() -> PlanJson.readReport(v1)).isExactlyInstanceOf(PlanFormatException.class)
                .hasMessageContaining("version 1").hasMessageContaining("written before reason codes");
    }

    @Test
    void theDigestCoversReasonCodesAndParameters() throws Exception {
        PlanKey key = PlanKey.of(new byte[32]);
        String signed = PlanJson.write(PlanDigest.sign(everyCode(), key));
        assertThat(PlanDigest.verify(PlanJson.readPlan(signed), key)).isTrue();
        String otherParameter = signed.replace("\"via\" : \"email\"", "\"via\" : \"username\"");
        assertThat(otherParameter).isNotEqualTo(signed);
        assertThat(PlanDigest.verify(PlanJson.readPlan(otherParameter), key)).isFalse();
        String otherCode = signed.replace("\"code\" : \"GONE_FROM_SOURCE\"", "\"code\" : \"REMOVED_FROM_SOURCE\"");
        assertThat(otherCode).isNotEqualTo(signed);
        assertThat(PlanDigest.verify(PlanJson.readPlan(otherCode), key)).isFalse();
        ObjectNode root = (ObjectNode) MAPPER.readTree(signed);
        ArrayNode reasons = (ArrayNode) root.get("actions").get(0).get("reasons");
        reasons.remove(1);
        assertThat(PlanDigest.verify(PlanJson.readPlan(MAPPER.writeValueAsString(root)), key)).as("a reason dropped").isFalse();
    }
}
