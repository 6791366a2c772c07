package io.rostersync.emulators.salesforce.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.rostersync.emulators.Fault;
import java.io.IOException;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import mockwebserver3.MockResponse;
import mockwebserver3.RecordedRequest;
import org.jspecify.annotations.Nullable;

/**
 * sObject Collections, {@code /composite/sobjects}: create (POST), update (PATCH) and delete (DELETE) of up to
 * 200 records, one result per record, rolled back together with {@code allOrNone}. Users, permission set
 * assignments and permission set license assignments are writable. A planned partial batch failure fails
 * the records it names as a validation rule would. Runs under the {@link OrgStore}'s monitor.
 */
final class CollectionRoutes {

    private static final String ID = "[A-Za-z0-9]{15}|[A-Za-z0-9]{18}";
    private static final String EMAIL = "[^@\\s]+@[^@\\s]+\\.[^@\\s]+";

    private final OrgStore store;

    CollectionRoutes(OrgStore store) {
        this.store = store;
    }

    /** A create (POST) or update (PATCH); records that {@code failing} names fail as a validation rule fails them. */
    MockResponse.Builder write(RecordedRequest request, boolean create, Fault.@Nullable PartialBatchFailure failing) {
        JsonNode body;
        try {
            body = Json.MAPPER.readTree(request.getBody().toByteArray());
        } catch (IOException e) {
            throw new Json.BadRequestException("JSON_PARSER_ERROR", "The request body is not valid JSON");
        }
        JsonNode records = body == null ? null : body.get("records");
        if (records == null || !records.isArray() || records.isEmpty()) {
            throw new Json.BadRequestException("INVALID_FIELD", "records must be a non-empty array");
        }
        if (records.size() > Schema.MAX_COLLECTION) {
            throw tooMany();
        }
        OrgStore.Snapshot before = body.path("allOrNone").asBoolean(false) ? store.snapshot() : null;
        ArrayNode results = Json.MAPPER.createArrayNode();
        boolean anyFailed = false;
        for (JsonNode rec : records) {
            ObjectNode result = create ? createOne(rec, failing) : updateOne(rec, failing);
            anyFailed |= !result.path("success").asBoolean();
            results.add(result);
        }
        if (before != null && anyFailed) {
            store.restore(before);
            ArrayNode rolledBack = Json.MAPPER.createArrayNode();
            for (JsonNode r : results) {
                rolledBack.add(r.path("success").asBoolean()
                        ? Json.failure(r.path("id").asText(null), "ALL_OR_NONE_OPERATION_ROLLED_BACK",
                        "Record rolled back because not all records were valid and the request was using AllOrNone header")
                        : r);
            }
            results = rolledBack;
        }
        return Json.response(200, results);
    }

    /** A delete by {@code ids}; ids that {@code failing} names (or whose assignee it names) fail. */
    MockResponse.Builder delete(RecordedRequest request, Fault.@Nullable PartialBatchFailure failing) {
        String ids = request.getUrl().queryParameter("ids");
        if (ids == null || ids.isBlank()) {
            throw new Json.BadRequestException("MISSING_ARGUMENT", "ids must be given");
        }
        String[] list = ids.split(",");
        if (list.length > Schema.MAX_COLLECTION) {
            throw tooMany();
        }
        boolean allOrNone = "true".equalsIgnoreCase(request.getUrl().queryParameter("allOrNone"));
        OrgStore.Snapshot before = allOrNone ? store.snapshot() : null;
        ArrayNode results = Json.MAPPER.createArrayNode();
        boolean anyFailed = false;
        for (String id : list) {
            ObjectNode result = deleteOne(id.strip(), failing);
            anyFailed |= !result.path("success").asBoolean();
            results.add(result);
        }
        if (before != null && anyFailed) {
            store.restore(before);
        }
        return Json.response(200, results);
    }

    private static Json.BadRequestException tooMany() {
        return new Json.BadRequestException("EXCEEDED_ID_LIMIT", "record limit reached. cannot submit more than 200 records into this call");
    }

    private ObjectNode createOne(JsonNode rec, Fault.@Nullable PartialBatchFailure failing) {
        String type = rec.path("attributes").path("type").asText("");
        if (!Schema.FIELDS.containsKey(type)) {
            return Json.failure(null, "INVALID_TYPE", "sObject type '" + type + "' is not supported");
        }
        ObjectNode fields = Json.MAPPER.createObjectNode();
        for (Iterator<Map.Entry<String, JsonNode>> it = rec.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (e.getKey().equals("attributes")) {
                continue;
            }
            if (!Schema.fields(type).contains(e.getKey()) || e.getKey().equals("Id")) {
                return Json.failure(null, "INVALID_FIELD", "No such column '" + e.getKey() + "' on sobject of type " + type);
            }
            fields.set(e.getKey(), e.getValue());
        }
        if (failing != null && names(failing, fields)) {
            return rejected(null, failing);
        }
        switch (type) {
            case "User":
                return createUser(fields);
            case "PermissionSetAssignment":
                return createAssignment(fields);
            case "PermissionSetLicenseAssign":
                return createLicenseAssignment(fields);
            default:
                return Json.failure(null, "INSUFFICIENT_ACCESS_OR_READONLY", "cannot create " + type + " through this API");
        }
    }

    private ObjectNode createUser(ObjectNode fields) {
        for (String required : Schema.USER_CREATE_REQUIRED) {
            if (!fields.hasNonNull(required) || fields.get(required).asText().isBlank()) {
                return Json.failure(null, "REQUIRED_FIELD_MISSING", "Required fields are missing: [" + required + "]", required);
            }
        }
        Optional<ObjectNode> problem = checkUser(fields, null);
        if (problem.isPresent()) {
            return problem.get();
        }
        if (!fields.has("IsActive")) {
            fields.put("IsActive", true);
        }
        for (String optional : List.of("FirstName", "UserRoleId", "FederationIdentifier", "CallCenterId")) {
            if (!fields.has(optional)) {
                fields.putNull(optional);
            }
        }
        fields.put("UserType", "Standard");
        String id = store.insertRaw("User", fields);
        store.recountUserLicenses();
        return Json.success(id);
    }

    private Optional<ObjectNode> checkUser(ObjectNode fields, @Nullable String selfId) {
        if (fields.hasNonNull("Username")) {
            String username = fields.get("Username").asText();
            if (!username.matches(EMAIL)) {
                return Optional.of(Json.failure(selfId, "INVALID_NEW_VALUE", "Username must be in the form of an email address", "Username"));
            }
            for (ObjectNode other : store.table("User").values()) {
                if (!other.get("Id").asText().equals(selfId) && other.path("Username").asText().equalsIgnoreCase(username)) {
                    return Optional.of(Json.failure(selfId, "DUPLICATE_USERNAME",
                            "Duplicate Username.<br>The username already exists in this or another Salesforce organization.", "Username"));
                }
            }
        }
        if (fields.has("Email") && !fields.path("Email").asText("").matches(EMAIL)) {
            return Optional.of(Json.failure(selfId, "INVALID_EMAIL_ADDRESS", "Email: invalid email address", "Email"));
        }
        for (String ref : List.of("ProfileId", "CallCenterId", "UserRoleId")) {
            JsonNode v = fields.get(ref);
            if (v != null && v.isTextual() && store.find(v.asText()).isEmpty()) {
                return Optional.of(Json.failure(selfId, "INVALID_CROSS_REFERENCE_KEY", "invalid cross reference id", ref));
            }
        }
        if (fields.has("Alias") && fields.path("Alias").asText("").length() > 8) {
            return Optional.of(Json.failure(selfId, "STRING_TOO_LONG", "Alias: data value too large", "Alias"));
        }
        return Optional.empty();
    }

    private ObjectNode createAssignment(ObjectNode fields) {
        String user = fields.path("AssigneeId").asText("");
        String set = fields.path("PermissionSetId").asText("");
        if (!"User".equals(store.typeOf(user)) || !"PermissionSet".equals(store.typeOf(set))) {
            return Json.failure(null, "INVALID_CROSS_REFERENCE_KEY", "invalid cross reference id");
        }
        if (store.existingRow("PermissionSet", set).path("IsOwnedByProfile").asBoolean()) {
            return Json.failure(null, "INVALID_CROSS_REFERENCE_KEY", "You can't assign a permission set that's owned by a profile");
        }
        for (ObjectNode a : store.table("PermissionSetAssignment").values()) {
            if (a.path("AssigneeId").asText().equals(user) && a.path("PermissionSetId").asText().equals(set)) {
                return Json.failure(null, "DUPLICATE_VALUE", "Duplicate PermissionSetAssignment. Assignee: " + user + "; Permission Set: " + set);
            }
        }
        return Json.success(store.insertRaw("PermissionSetAssignment", fields));
    }

    private ObjectNode createLicenseAssignment(ObjectNode fields) {
        String user = fields.path("AssigneeId").asText("");
        String license = fields.path("PermissionSetLicenseId").asText("");
        if (!"User".equals(store.typeOf(user)) || !"PermissionSetLicense".equals(store.typeOf(license))) {
            return Json.failure(null, "INVALID_CROSS_REFERENCE_KEY", "invalid cross reference id");
        }
        for (ObjectNode a : store.table("PermissionSetLicenseAssign").values()) {
            if (a.path("AssigneeId").asText().equals(user) && a.path("PermissionSetLicenseId").asText().equals(license)) {
                return Json.failure(null, "DUPLICATE_VALUE", "duplicate value found: the user already has this permission set license");
            }
        }
        ObjectNode psl = store.existingRow("PermissionSetLicense", license);
        boolean expired = psl.path("ExpirationDate").isTextual()
                && !LocalDate.parse(psl.get("ExpirationDate").asText()).isAfter(LocalDate.ofInstant(store.clock().instant(), ZoneOffset.UTC));
        if (!"Active".equals(psl.path("Status").asText()) || expired) {
            return Json.failure(null, "FIELD_INTEGRITY_EXCEPTION", "The permission set license is not active");
        }
        if (psl.path("UsedLicenses").asInt() >= psl.path("TotalLicenses").asInt()) {
            return Json.failure(null, "LICENSE_LIMIT_EXCEEDED", "License Limit Exceeded");
        }
        String id = store.insertRaw("PermissionSetLicenseAssign", fields);
        store.recountLicense(license);
        return Json.success(id);
    }

    private ObjectNode updateOne(JsonNode rec, Fault.@Nullable PartialBatchFailure failing) {
        String id = rec.has("id") ? rec.path("id").asText("") : rec.path("Id").asText("");
        String type = rec.path("attributes").path("type").asText("");
        if (!id.matches(ID)) {
            return Json.failure(null, "MALFORMED_ID", type + " ID: id value of incorrect type: " + id, "Id");
        }
        Optional<ObjectNode> existing = store.find(id);
        if (existing.isEmpty() || !type.equals(store.typeOf(id))) {
            return Json.failure(null, "INVALID_CROSS_REFERENCE_KEY", "invalid cross reference id");
        }
        if (!type.equals("User")) {
            return Json.failure(id, "INSUFFICIENT_ACCESS_OR_READONLY", "cannot update " + type + " through this API");
        }
        ObjectNode changes = Json.MAPPER.createObjectNode();
        for (Iterator<Map.Entry<String, JsonNode>> it = rec.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            String f = e.getKey();
            if (f.equals("attributes") || f.equals("id") || f.equals("Id")) {
                continue;
            }
            if (!Schema.USER_WRITABLE.contains(f)) {
                return Json.failure(id, "INVALID_FIELD_FOR_INSERT_UPDATE", "Unable to create/update fields: " + f, f);
            }
            changes.set(f, e.getValue());
        }
        Optional<ObjectNode> problem = checkUser(changes, id);
        if (problem.isPresent()) {
            return problem.get();
        }
        ObjectNode user = existing.get();
        if (failing != null && (names(failing, changes) || names(failing, user))) {
            return rejected(id, failing);
        }
        ObjectNode changed = Json.MAPPER.createObjectNode();
        changes.fields().forEachRemaining(e -> {
            JsonNode before = user.get(e.getKey());
            if (!e.getValue().equals(before == null ? Json.MAPPER.nullNode() : before)) {
                changed.set(e.getKey(), e.getValue());
            }
            user.set(e.getKey(), e.getValue());
        });
        store.touch(user);
        store.recountUserLicenses();
        store.userUpdated(user, changed);
        return Json.success(id);
    }

    private ObjectNode deleteOne(String id, Fault.@Nullable PartialBatchFailure failing) {
        if (!id.matches(ID)) {
            return Json.failure(null, "MALFORMED_ID", "malformed id " + id);
        }
        String type = store.typeOf(id);
        if (type == null) {
            return Json.failure(null, "ENTITY_IS_DELETED", "entity is deleted");
        }
        if (!type.equals("PermissionSetAssignment") && !type.equals("PermissionSetLicenseAssign")) {
            return Json.failure(id, "DELETE_FAILED", "cannot delete " + type);
        }
        if (failing != null && names(failing, store.existingRow(type, id))) {
            return rejected(id, failing);
        }
        ObjectNode removed = store.remove(type, id);
        if (removed != null && type.equals("PermissionSetLicenseAssign")) {
            store.recountLicense(removed.path("PermissionSetLicenseId").asText());
        }
        return Json.success(id);
    }

    /**
     * Whether a partial batch failure names this record: by its {@code Id}, {@code Username} or {@code Email},
     * or, for an assignment, by its assignee's id, username or email (case-insensitively).
     */
    private boolean names(Fault.PartialBatchFailure failing, JsonNode record) {
        Set<String> keys = new HashSet<>();
        for (String f : List.of("Id", "id", "Username", "Email")) {
            keys.add(record.path(f).asText(""));
        }
        String assignee = record.path("AssigneeId").asText("");
        if (!assignee.isEmpty()) {
            keys.add(assignee);
            store.find(assignee).ifPresent(u -> {
                keys.add(u.path("Username").asText(""));
                keys.add(u.path("Email").asText(""));
            });
        }
        keys.remove("");
        for (String item : failing.failingItems()) {
            if (keys.stream().anyMatch(item::equalsIgnoreCase)) {
                return true;
            }
        }
        return false;
    }

    /** The per-record failure of a record a partial batch failure names: a validation rule's error with its message. */
    private static ObjectNode rejected(@Nullable String id, Fault.PartialBatchFailure failing) {
        return Json.failure(id, "FIELD_CUSTOM_VALIDATION_EXCEPTION", failing.error());
    }
}
