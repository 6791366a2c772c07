package io.rostersync.json;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.rostersync.model.Cursor;
import io.rostersync.model.EmailAddress;
import io.rostersync.model.NativeId;
import io.rostersync.model.SyncId;
import io.rostersync.model.UserPatch;
import io.rostersync.model.UserProfile;
import io.rostersync.model.UserRecord;
import io.rostersync.model.UserStatus;
import io.rostersync.model.Username;
import io.rostersync.plan.Plan;
import io.rostersync.plan.PlanAction;
import io.rostersync.plan.PlanStats;
import io.rostersync.spi.ActionKind;
import io.rostersync.spi.Conflict;
import io.rostersync.spi.ConflictKind;
import io.rostersync.spi.FailedAction;
import io.rostersync.spi.FailureKind;
import io.rostersync.spi.PlanMode;
import io.rostersync.spi.InvalidReasonException;
import io.rostersync.spi.ReadProblem;
import io.rostersync.spi.Reason;
import io.rostersync.spi.ReasonCode;
import io.rostersync.spi.RunStatus;
import io.rostersync.spi.SyncReport;
import io.rostersync.spi.UserRef;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Reads and writes {@link Plan}s and {@link SyncReport}s as JSON, so a host can show a plan for approval
 * and apply it later, or keep reports. Output is deterministic: the same plan always gives the same
 * bytes. Documents carry a format name and version; reading rejects anything else with a
 * {@link PlanFormatException} that says what and where, never a parser's stack of internals.
 *
 * <p>Thread-safe.
 *
 * @since 0.1.0
 */
public final class PlanJson {

    /** Format name of plan documents. */
    public static final String PLAN_FORMAT = "rostersync-plan";
    /** Format name of report documents. */
    public static final String REPORT_FORMAT = "rostersync-report";
    /** Version of the report format (2: conflicts explained by reason codes). */
    public static final int REPORT_VERSION = 2;

    /** Deepest nesting a document may have; a plan needs five levels. */
    public static final int MAX_NESTING_DEPTH = 64;
    /** Longest string value, in characters. */
    public static final int MAX_STRING_LENGTH = 1_000_000;
    /** Longest number, in characters: every number of a plan or report is an int. */
    public static final int MAX_NUMBER_LENGTH = 100;
    /** Longest object key (an attribute name, say), in characters. */
    public static final int MAX_NAME_LENGTH = 10_000;

    private static final ObjectMapper MAPPER = new ObjectMapper()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            // A key given twice is an edit that means two things: refuse it rather than keep the last.
            .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY);
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    static {
        MAPPER.getFactory().enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
        MAPPER.getFactory().setStreamReadConstraints(StreamReadConstraints.builder()
                .maxNestingDepth(MAX_NESTING_DEPTH)
                .maxStringLength(MAX_STRING_LENGTH)
                .maxNumberLength(MAX_NUMBER_LENGTH)
                .maxNameLength(MAX_NAME_LENGTH)
                .build());
    }

    private PlanJson() {
    }

    // ---- plans ----------------------------------------------------------------------------------

    /**
     * Writes a plan as a JSON document of format {@link Plan#FORMAT_VERSION}, digest included, that
     * {@link #readPlan(String)} reads back to an equal plan.
     *
     * @param plan the plan
     * @return the document
     */
    public static String write(Plan plan) {
        ObjectNode root = NODES.objectNode();
        root.put("format", PLAN_FORMAT);
        root.put("version", Plan.FORMAT_VERSION);
        root.put("mode", plan.mode().name());
        root.put("plannedAt", plan.plannedAt().toString());
        root.put("source", plan.source());
        root.put("target", plan.target());
        plan.syncId().ifPresent(id -> root.put("syncId", id.value()));
        PlanStats s = plan.stats();
        ObjectNode stats = root.putObject("stats");
        stats.put("sourceUsers", s.sourceUsers());
        stats.put("targetUsers", s.targetUsers());
        stats.put("inScope", s.inScope());
        stats.put("unchanged", s.unchanged());
        stats.put("ignored", s.ignored());
        stats.put("managedUsers", s.managedUsers());
        plan.nextCursor().ifPresent(c -> root.put("nextCursor", c.value()));
        ArrayNode actions = root.putArray("actions");
        for (PlanAction a : plan.actions()) {
            actions.add(action(a));
        }
        ArrayNode conflicts = root.putArray("conflicts");
        plan.conflicts().forEach(c -> conflicts.add(conflict(c)));
        root.set("readProblems", problems(plan.readProblems()));
        plan.digest().ifPresent(d -> root.put("digest", d));
        return toText(root);
    }

    /**
     * Reads a plan written by {@link #write(Plan)}. A key given twice anywhere, and a document beyond the
     * reader's limits ({@link #MAX_NESTING_DEPTH}, {@link #MAX_STRING_LENGTH}, {@link #MAX_NUMBER_LENGTH},
     * {@link #MAX_NAME_LENGTH}), are refused like any other invalid document.
     *
     * @param json the document
     * @return the plan, equal to the one written
     * @throws PlanFormatException when the text is not such a plan
     */
    public static Plan readPlan(String json) {
        JsonNode root = parse(json);
        try {
            expectFormat(root, PLAN_FORMAT, Plan.FORMAT_VERSION);
            JsonNode stats = object(root, "stats");
            PlanStats planStats = new PlanStats(integer(stats, "sourceUsers"), integer(stats, "targetUsers"),
                    integer(stats, "inScope"), integer(stats, "unchanged"), integer(stats, "ignored"),
                    integer(stats, "managedUsers"));
            List<PlanAction> actions = new ArrayList<>();
            int i = 0;
            for (JsonNode n : array(root, "actions")) {
                actions.add(readAction(n, "actions[" + i++ + "]"));
            }
            List<Conflict> conflicts = new ArrayList<>();
            int c = 0;
            for (JsonNode n : array(root, "conflicts")) {
                conflicts.add(readConflict(n, "conflicts[" + c++ + "]"));
            }
            List<ReadProblem> problems = readProblems(root);
            return new Plan(enumOf(PlanMode.class, text(root, "mode"), "mode"), instant(root, "plannedAt"),
                    text(root, "source"), text(root, "target"), actions, conflicts, planStats,
                    optionalText(root, "nextCursor").map(Cursor::of), problems,
                    optionalText(root, "syncId").map(SyncId::of), optionalText(root, "digest"));
        } catch (PlanFormatException invalid) {
            throw invalid;
        } catch (RuntimeException invalid) {
            throw new PlanFormatException("invalid plan: " + invalid.getMessage(), invalid);
        }
    }

    private static ObjectNode action(PlanAction a) {
        ObjectNode n = NODES.objectNode();
        n.put("kind", a.kind().name());
        n.set("user", userRef(a.user()));
        n.set("reasons", reasons(a.reasons()));
        switch (a.kind()) {
            case CREATE -> {
                PlanAction.CreateUser c = (PlanAction.CreateUser) a;
                n.set("profile", profile(c.profile()));
                n.put("notifyUser", c.notifyUser());
                ObjectNode source = n.putObject("sourceRecord");
                source.put("id", c.source().id().value());
                source.set("profile", profile(c.source().profile()));
                c.source().updatedAt().ifPresent(t -> source.put("updatedAt", t.toString()));
            }
            case UPDATE -> n.set("patch", patch(((PlanAction.UpdateUser) a).patch()));
            case GRANT_PERMISSION -> n.put("permission", ((PlanAction.GrantPermission) a).permission());
            case REVOKE_PERMISSION -> n.put("permission", ((PlanAction.RevokePermission) a).permission());
            case ASSIGN_LICENSE -> n.put("license", ((PlanAction.AssignLicense) a).licenseId());
            case REVOKE_LICENSE -> n.put("license", ((PlanAction.RevokeLicense) a).licenseId());
            case LINK, DEACTIVATE, REACTIVATE, DELETE -> {
                // the kind, user and reasons are all there is
            }
        }
        return n;
    }

    private static PlanAction readAction(JsonNode n, String where) {
        if (!n.isObject()) {
            throw new PlanFormatException(where + " is not an object");
        }
        ActionKind kind = enumOf(ActionKind.class, text(n, "kind"), where + ".kind");
        UserRef user = readUserRef(object(n, "user"));
        List<Reason> reasons = readReasons(n, where);
        return switch (kind) {
            case CREATE -> {
                JsonNode source = object(n, "sourceRecord");
                UserRecord record = new UserRecord(NativeId.of(text(source, "id")), readProfile(object(source, "profile")),
                        source.has("updatedAt") ? Optional.of(instant(source, "updatedAt")) : Optional.empty());
                yield new PlanAction.CreateUser(user, readProfile(object(n, "profile")), bool(n, "notifyUser"), reasons, record);
            }
            case LINK -> new PlanAction.LinkUser(user, reasons);
            case UPDATE -> new PlanAction.UpdateUser(user, readPatch(object(n, "patch")), reasons);
            case DEACTIVATE -> new PlanAction.DeactivateUser(user, reasons);
            case REACTIVATE -> new PlanAction.ReactivateUser(user, reasons);
            case DELETE -> new PlanAction.DeleteUser(user, reasons);
            case GRANT_PERMISSION -> new PlanAction.GrantPermission(user, text(n, "permission"), reasons);
            case REVOKE_PERMISSION -> new PlanAction.RevokePermission(user, text(n, "permission"), reasons);
            case ASSIGN_LICENSE -> new PlanAction.AssignLicense(user, licenseOf(n), reasons);
            case REVOKE_LICENSE -> new PlanAction.RevokeLicense(user, licenseOf(n), reasons);
        };
    }

    private static ArrayNode reasons(List<Reason> reasons) {
        ArrayNode a = NODES.arrayNode();
        for (Reason r : reasons) {
            ObjectNode n = a.addObject();
            n.put("code", r.code().name());
            n.set("params", map(r.parameters()));
        }
        return a;
    }

    /** The reasons of an action or a conflict at {@code where}; a document from before reason codes is refused. */
    private static List<Reason> readReasons(JsonNode n, String where) {
        if (!n.has("reasons") && (n.has("reason") || n.has("detail"))) {
            throw new PlanFormatException(where + " explains itself in text ('" + (n.has("reason") ? "reason" : "detail")
                    + "'): the document was written before reason codes; plan again to get one this library reads");
        }
        List<Reason> reasons = new ArrayList<>();
        int i = 0;
        for (JsonNode r : array(n, "reasons")) {
            String at = where + ".reasons[" + i++ + "]";
            if (!r.isObject()) {
                throw new PlanFormatException(at + " is not an object");
            }
            String name = text(r, "code");
            ReasonCode code;
            try {
                code = ReasonCode.valueOf(name.replace("LICENCE", "LICENSE")); // the spelling before 0.1.0, as enumOf reads
            } catch (IllegalArgumentException unknown) {
                throw new PlanFormatException(at + ": unknown reason code '" + name + "' (a plan from a newer library? plan again)");
            }
            JsonNode params = r.get("params");
            if (params == null || !params.isObject()) {
                throw new PlanFormatException(at + ": 'params' must be an object");
            }
            Map<String, String> values = new LinkedHashMap<>();
            Iterator<Map.Entry<String, JsonNode>> it = params.fields();
            while (it.hasNext()) {
                Map.Entry<String, JsonNode> e = it.next();
                if (!e.getValue().isTextual()) {
                    throw new PlanFormatException(at + ".params." + e.getKey() + " must be a string");
                }
                values.put(e.getKey(), e.getValue().textValue());
            }
            try {
                reasons.add(new Reason(code, values));
            } catch (InvalidReasonException wrong) {
                throw new PlanFormatException(at + ": " + wrong.getMessage(), wrong);
            }
        }
        if (reasons.isEmpty()) {
            throw new PlanFormatException(where + ".reasons must name at least one reason");
        }
        return reasons;
    }

    private static ObjectNode userRef(UserRef u) {
        ObjectNode n = NODES.objectNode();
        u.sourceId().ifPresent(id -> n.put("source", id.value()));
        u.targetId().ifPresent(id -> n.put("target", id.value()));
        n.put("label", u.label());
        return n;
    }

    private static UserRef readUserRef(JsonNode n) {
        return new UserRef(optionalText(n, "source").map(NativeId::of), optionalText(n, "target").map(NativeId::of),
                text(n, "label"));
    }

    private static ObjectNode conflict(Conflict c) {
        ObjectNode n = NODES.objectNode();
        n.put("kind", c.kind().name());
        ArrayNode users = n.putArray("users");
        c.users().forEach(u -> users.add(userRef(u)));
        n.set("reasons", reasons(c.reasons()));
        return n;
    }

    private static Conflict readConflict(JsonNode n, String where) {
        if (!n.isObject()) {
            throw new PlanFormatException(where + " is not an object");
        }
        List<UserRef> users = new ArrayList<>();
        for (JsonNode u : array(n, "users")) {
            users.add(readUserRef(u));
        }
        return new Conflict(enumOf(ConflictKind.class, text(n, "kind"), "conflict kind"), users, readReasons(n, where));
    }

    private static ObjectNode profile(UserProfile p) {
        ObjectNode n = NODES.objectNode();
        p.email().ifPresent(e -> n.put("email", e.value()));
        p.username().ifPresent(u -> n.put("username", u.value()));
        n.put("firstName", p.firstName());
        n.put("lastName", p.lastName());
        n.put("status", p.status().name());
        n.set("roles", strings(p.roles()));
        n.set("groups", strings(p.groups()));
        n.set("attributes", map(p.attributes()));
        return n;
    }

    private static UserProfile readProfile(JsonNode n) {
        return UserProfile.builder()
                .email(optionalText(n, "email").map(EmailAddress::of))
                .username(optionalText(n, "username").map(Username::of))
                .firstName(text(n, "firstName"))
                .lastName(text(n, "lastName"))
                .status(enumOf(UserStatus.class, text(n, "status"), "status"))
                .roles(readStrings(n, "roles"))
                .groups(readStrings(n, "groups"))
                .attributes(readMap(n, "attributes"))
                .build();
    }

    private static ObjectNode patch(UserPatch p) {
        ObjectNode n = NODES.objectNode();
        p.email().ifPresent(e -> n.put("email", e.value()));
        p.username().ifPresent(u -> n.put("username", u.value()));
        p.firstName().ifPresent(v -> n.put("firstName", v));
        p.lastName().ifPresent(v -> n.put("lastName", v));
        n.set("addRoles", strings(p.addRoles()));
        n.set("removeRoles", strings(p.removeRoles()));
        n.set("addGroups", strings(p.addGroups()));
        n.set("removeGroups", strings(p.removeGroups()));
        n.set("setAttributes", map(p.setAttributes()));
        n.set("removeAttributes", strings(p.removeAttributes()));
        return n;
    }

    private static UserPatch readPatch(JsonNode n) {
        return new UserPatch(
                optionalText(n, "email").map(EmailAddress::of),
                optionalText(n, "username").map(Username::of),
                optionalText(n, "firstName"),
                optionalText(n, "lastName"),
                readStrings(n, "addRoles"), readStrings(n, "removeRoles"),
                readStrings(n, "addGroups"), readStrings(n, "removeGroups"),
                readMap(n, "setAttributes"), readStrings(n, "removeAttributes"));
    }

    // ---- reports --------------------------------------------------------------------------------

    /**
     * Writes a run report as a JSON document that {@link #readReport(String)} reads back to an equal report.
     *
     * @param r the report
     * @return the document
     */
    public static String write(SyncReport r) {
        ObjectNode root = NODES.objectNode();
        root.put("format", REPORT_FORMAT);
        root.put("version", REPORT_VERSION);
        root.put("syncId", r.syncId().value());
        root.put("startedAt", r.startedAt().toString());
        root.put("finishedAt", r.finishedAt().toString());
        root.put("status", r.status().name());
        root.put("mode", r.mode().name());
        root.put("sourceUsers", r.sourceUsers());
        root.put("targetUsers", r.targetUsers());
        ObjectNode planned = root.putObject("planned");
        r.planned().forEach((k, v) -> planned.put(k.name(), v));
        root.put("applied", r.applied());
        ArrayNode failures = root.putArray("failures");
        for (FailedAction f : r.failures()) {
            ObjectNode n = failures.addObject();
            n.set("user", userRef(f.user()));
            n.put("action", f.action().name());
            n.put("kind", f.kind().name());
            n.put("message", f.message());
            f.vendorCode().ifPresent(c -> n.put("vendorCode", c));
        }
        ArrayNode conflicts = root.putArray("conflicts");
        r.conflicts().forEach(c -> conflicts.add(conflict(c)));
        root.set("readProblems", problems(r.readProblems()));
        root.put("message", r.message());
        return toText(root);
    }

    /**
     * Reads a report written by {@link #write(SyncReport)}.
     *
     * @param json the document
     * @return the report, equal to the one written
     * @throws PlanFormatException when the text is not such a report
     */
    public static SyncReport readReport(String json) {
        JsonNode root = parse(json);
        try {
            expectFormat(root, REPORT_FORMAT, REPORT_VERSION);
            Map<ActionKind, Integer> planned = new EnumMap<>(ActionKind.class);
            Iterator<Map.Entry<String, JsonNode>> it = object(root, "planned").fields();
            while (it.hasNext()) {
                Map.Entry<String, JsonNode> e = it.next();
                if (!e.getValue().canConvertToInt()) {
                    throw new PlanFormatException("planned." + e.getKey() + " is not a number");
                }
                planned.put(enumOf(ActionKind.class, e.getKey(), "planned"), e.getValue().intValue());
            }
            List<FailedAction> failures = new ArrayList<>();
            for (JsonNode n : array(root, "failures")) {
                failures.add(new FailedAction(readUserRef(object(n, "user")),
                        enumOf(ActionKind.class, text(n, "action"), "action"),
                        enumOf(FailureKind.class, text(n, "kind"), "kind"), text(n, "message"), optionalText(n, "vendorCode")));
            }
            List<Conflict> conflicts = new ArrayList<>();
            int c = 0;
            for (JsonNode n : array(root, "conflicts")) {
                conflicts.add(readConflict(n, "conflicts[" + c++ + "]"));
            }
            return new SyncReport(SyncId.of(text(root, "syncId")), instant(root, "startedAt"), instant(root, "finishedAt"),
                    enumOf(RunStatus.class, text(root, "status"), "status"), enumOf(PlanMode.class, text(root, "mode"), "mode"),
                    integer(root, "sourceUsers"), integer(root, "targetUsers"), planned, integer(root, "applied"),
                    failures, conflicts, readProblems(root), text(root, "message"));
        } catch (IllegalArgumentException | NullPointerException invalid) {
            throw new PlanFormatException("invalid report: " + invalid.getMessage(), invalid);
        }
    }

    private static ArrayNode problems(List<ReadProblem> problems) {
        ArrayNode a = NODES.arrayNode();
        for (ReadProblem p : problems) {
            ObjectNode n = a.addObject();
            n.put("location", p.location());
            n.put("message", p.message());
        }
        return a;
    }

    private static List<ReadProblem> readProblems(JsonNode root) {
        List<ReadProblem> problems = new ArrayList<>();
        if (root.has("readProblems")) {
            for (JsonNode n : array(root, "readProblems")) {
                problems.add(new ReadProblem(text(n, "location"), text(n, "message")));
            }
        }
        return problems;
    }

    // ---- helpers --------------------------------------------------------------------------------

    private static String toText(JsonNode root) {
        try {
            return MAPPER.writeValueAsString(root);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise a JSON tree", e);
        }
    }

    private static JsonNode parse(String json) {
        if (json == null || json.isBlank()) {
            throw new PlanFormatException("empty document");
        }
        try {
            JsonNode root = MAPPER.readTree(json);
            if (root == null || !root.isObject()) {
                throw new PlanFormatException("the document is not a JSON object");
            }
            return root;
        } catch (StreamConstraintsException e) {
            // Its location is often null: the message must not depend on it.
            throw new PlanFormatException("the document is beyond the reader's limits (nesting depth " + MAX_NESTING_DEPTH
                    + ", strings of " + MAX_STRING_LENGTH + " characters, numbers of " + MAX_NUMBER_LENGTH
                    + " characters, keys of " + MAX_NAME_LENGTH + " characters)" + where(e.getLocation()) + ": "
                    + e.getOriginalMessage(), e);
        } catch (JsonProcessingException e) {
            throw new PlanFormatException("not valid JSON" + where(e.getLocation()) + ": " + e.getOriginalMessage(), e);
        } catch (PlanFormatException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new PlanFormatException("the document could not be read: " + e.getClass().getSimpleName(), e);
        }
    }

    private static String where(JsonLocation location) {
        if (location == null || location.getLineNr() < 0) {
            return "";
        }
        return " at line " + location.getLineNr() + ", column " + location.getColumnNr();
    }

    private static void expectFormat(JsonNode root, String format, int version) {
        String actual = optionalText(root, "format").orElse("");
        if (!format.equals(actual)) {
            throw new PlanFormatException("expected a '" + format + "' document, found '" + actual + "'");
        }
        int v = integer(root, "version");
        int beforeReasonCodes = PLAN_FORMAT.equals(format) ? 2 : 1;
        if (v == beforeReasonCodes) {
            throw new PlanFormatException("this " + format + " document (version " + v + ") was written before reason codes:"
                    + " its actions and conflicts explain themselves in text, which this library no longer reads;"
                    + (PLAN_FORMAT.equals(format) ? " plan again" : " keep it as text") + " (this library reads version " + version + ")");
        }
        if (v != version) {
            throw new PlanFormatException("unsupported " + format + " version " + v + " (this library reads version " + version + ")");
        }
    }

    private static ArrayNode strings(Collection<String> values) {
        ArrayNode a = NODES.arrayNode();
        values.forEach(a::add);
        return a;
    }

    private static ObjectNode map(Map<String, String> values) {
        ObjectNode n = NODES.objectNode();
        values.forEach(n::put);
        return n;
    }

    private static TreeSet<String> readStrings(JsonNode n, String field) {
        TreeSet<String> out = new TreeSet<>();
        for (JsonNode v : array(n, field)) {
            if (!v.isTextual()) {
                throw new PlanFormatException(field + " must contain only strings");
            }
            out.add(v.textValue());
        }
        return out;
    }

    private static TreeMap<String, String> readMap(JsonNode n, String field) {
        TreeMap<String, String> out = new TreeMap<>();
        Iterator<Map.Entry<String, JsonNode>> it = object(n, field).fields();
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> e = it.next();
            if (!e.getValue().isTextual()) {
                throw new PlanFormatException(field + "." + e.getKey() + " must be a string");
            }
            out.put(e.getKey(), e.getValue().textValue());
        }
        return out;
    }

    private static JsonNode object(JsonNode n, String field) {
        JsonNode v = n.get(field);
        if (v == null || !v.isObject()) {
            throw new PlanFormatException("'" + field + "' must be an object");
        }
        return v;
    }

    private static JsonNode array(JsonNode n, String field) {
        JsonNode v = n.get(field);
        if (v == null || !v.isArray()) {
            throw new PlanFormatException("'" + field + "' must be an array");
        }
        return v;
    }

    private static String text(JsonNode n, String field) {
        JsonNode v = n.get(field);
        if (v == null || !v.isTextual()) {
            throw new PlanFormatException("'" + field + "' must be a string");
        }
        return v.textValue();
    }

    private static Optional<String> optionalText(JsonNode n, String field) {
        JsonNode v = n.get(field);
        if (v == null || v.isNull()) {
            return Optional.empty();
        }
        if (!v.isTextual()) {
            throw new PlanFormatException("'" + field + "' must be a string");
        }
        return Optional.of(v.textValue());
    }

    private static int integer(JsonNode n, String field) {
        JsonNode v = n.get(field);
        if (v == null || !v.isIntegralNumber() || !v.canConvertToInt()) {
            throw new PlanFormatException("'" + field + "' must be an integer");
        }
        return v.intValue();
    }

    private static boolean bool(JsonNode n, String field) {
        JsonNode v = n.get(field);
        if (v == null || !v.isBoolean()) {
            throw new PlanFormatException("'" + field + "' must be true or false");
        }
        return v.booleanValue();
    }

    private static Instant instant(JsonNode n, String field) {
        String v = text(n, field);
        try {
            return Instant.parse(v);
        } catch (DateTimeParseException e) {
            throw new PlanFormatException("'" + field + "' is not an ISO-8601 instant: " + v);
        }
    }

    // Documents written before 0.1.0 spelled it "licence"; they stay readable.
    private static String licenseOf(JsonNode n) {
        return n.has("license") || !n.has("licence") ? text(n, "license") : text(n, "licence");
    }

    private static <E extends Enum<E>> E enumOf(Class<E> type, String value, String where) {
        try {
            return Enum.valueOf(type, value.replace("LICENCE", "LICENSE"));
        } catch (IllegalArgumentException e) {
            throw new PlanFormatException(where + ": unknown value '" + value + "'");
        }
    }
}
