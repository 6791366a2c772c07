package io.rostersync.emulators.salesforce.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import mockwebserver3.MockResponse;

/**
 * SOQL over REST: {@code GET /query?q=} and {@code GET /query/<locator>} ({@code nextRecordsUrl}), with the
 * batch size counting subquery rows as Salesforce does. Runs under the {@link OrgStore}'s monitor.
 */
final class QueryRoutes {

    private record Locator(String object, List<String> fields, List<String> ids, int batchSize, List<Soql.Subquery> subqueries) {
        Locator(String object, List<String> fields, List<String> ids, int batchSize) {
            this(object, fields, ids, batchSize, List.of());
        }
    }

    private final OrgStore store;
    private final Map<String, Locator> locators = new HashMap<>();

    QueryRoutes(OrgStore store) {
        this.store = store;
    }

    /**
     * The first page of a query; {@code empty}: without records and {@code nextRecordsUrl}, {@code done: false}
     * unless nothing matched, {@code totalSize} counting every match (a short read).
     */
    MockResponse.Builder query(String version, String soql, int batchSize, boolean empty) {
        Soql.Query q = Soql.parse(soql);
        Set<String> schema = Schema.FIELDS.get(q.object());
        if (schema == null) {
            throw new Json.BadRequestException("INVALID_TYPE", "sObject type '" + q.object() + "' is not supported.");
        }
        for (String f : q.fields()) {
            int dot = f.indexOf('.');
            if (dot < 0 ? !schema.contains(f) : !Schema.lookupField(q.object(), f.substring(0, dot), f.substring(dot + 1))) {
                throw invalidField(f, q.object());
            }
        }
        for (Soql.Subquery sub : q.subqueries()) {
            Schema.ChildRelation child = Schema.CHILDREN.getOrDefault(q.object(), Map.of()).get(sub.relationship());
            if (child == null) {
                throw new Json.BadRequestException("INVALID_TYPE", "Didn't understand relationship '" + sub.relationship()
                        + "' in FROM part of query call.");
            }
            for (String f : sub.fields()) {
                int dot = f.indexOf('.');
                if (dot < 0 ? !Schema.fields(child.object()).contains(f)
                        : !Schema.lookupField(child.object(), f.substring(0, dot), f.substring(dot + 1))) {
                    throw invalidField(f, child.object());
                }
            }
        }
        List<ObjectNode> rows = new ArrayList<>();
        for (ObjectNode r : store.table(q.object()).values()) {
            if (Soql.matches(q.where(), path -> value(r, path))) {
                rows.add(r);
            }
        }
        if (!q.orderBy().isEmpty()) {
            Comparator<ObjectNode> order = null;
            for (Soql.Order o : q.orderBy()) {
                Comparator<ObjectNode> c = (a, b) -> Soql.compareValues(value(a, o.path()), value(b, o.path()));
                if (o.descending()) {
                    c = c.reversed();
                }
                order = order == null ? c : order.thenComparing(c);
            }
            rows.sort(order);
        }
        if (q.limit().isPresent() && rows.size() > q.limit().getAsInt()) {
            rows = rows.subList(0, q.limit().getAsInt());
        }
        List<String> ids = new ArrayList<>();
        rows.forEach(r -> ids.add(r.get("Id").asText()));
        return page(version, new Locator(q.object(), q.fields(), ids, batchSize, q.subqueries()), 0, empty);
    }

    /** A further page, from a {@code nextRecordsUrl}; {@code empty} as for {@link #query}. */
    MockResponse.Builder queryMore(String version, String locatorText, boolean empty) {
        int dash = locatorText.lastIndexOf('-');
        Locator locator = dash < 0 ? null : locators.get(locatorText.substring(0, dash));
        if (locator == null) {
            throw new Json.BadRequestException("INVALID_QUERY_LOCATOR", "invalid query locator");
        }
        int offset;
        try {
            offset = Integer.parseInt(locatorText.substring(dash + 1));
        } catch (NumberFormatException e) {
            throw new Json.BadRequestException("INVALID_QUERY_LOCATOR", "invalid query locator");
        }
        return page(version, locator, offset, empty);
    }

    private MockResponse.Builder page(String version, Locator locator, int offset, boolean empty) {
        // Child rows of subqueries count toward the batch size, as in Salesforce: fewer parents a page.
        Map<String, Map<String, List<ObjectNode>>> children = childrenFrom(locator, offset);
        int end = offset;
        int rowsInPage = 0;
        while (end < locator.ids().size()) {
            String id = locator.ids().get(end);
            int weight = 1;
            for (Map<String, List<ObjectNode>> byParent : children.values()) {
                weight += byParent.getOrDefault(id, List.of()).size();
            }
            if (rowsInPage > 0 && rowsInPage + weight > locator.batchSize()) {
                break;
            }
            rowsInPage += weight;
            end++;
        }
        ObjectNode body = Json.MAPPER.createObjectNode();
        body.put("totalSize", locator.ids().size());
        // An emptied page still says more follow (unless nothing matched): a short read a client must notice.
        boolean done = empty ? locator.ids().isEmpty() : end >= locator.ids().size();
        body.put("done", done);
        if (!done && !empty) {
            body.put("nextRecordsUrl", "/services/data/" + version + "/query/" + newLocator(locator) + "-" + end);
        }
        ArrayNode records = body.putArray("records");
        if (empty) {
            return Json.response(200, body);
        }
        for (String id : locator.ids().subList(offset, end)) {
            ObjectNode r = store.table(locator.object()).get(id);
            if (r == null) {
                continue; // deleted since the query ran
            }
            ObjectNode out = row(version, locator.object(), r, locator.fields());
            records.add(out);
            for (Soql.Subquery sub : locator.subqueries()) {
                List<ObjectNode> mine = children.getOrDefault(sub.relationship(), Map.of()).getOrDefault(id, List.of());
                out.set(sub.relationship(), nested(version, Schema.relation(locator.object(), sub.relationship()).object(),
                        sub.fields(), mine, locator.batchSize()));
            }
        }
        return Json.response(200, body);
    }

    private String newLocator(Locator locator) {
        String key = "01g" + Long.toString(store.nextSequence(), 36) + "AAB";
        locators.put(key, locator);
        return key;
    }

    /** For each subquery, the matching child rows of the parents a page can hold, by parent id: one pass over each child table. */
    private Map<String, Map<String, List<ObjectNode>>> childrenFrom(Locator locator, int offset) {
        Map<String, Map<String, List<ObjectNode>>> out = new HashMap<>();
        if (locator.subqueries().isEmpty()) {
            return out;
        }
        Set<String> parents = new HashSet<>(locator.ids().subList(offset, Math.min(locator.ids().size(), offset + locator.batchSize())));
        for (Soql.Subquery sub : locator.subqueries()) {
            Schema.ChildRelation relation = Schema.relation(locator.object(), sub.relationship());
            Map<String, List<ObjectNode>> byParent = new HashMap<>();
            for (ObjectNode c : store.table(relation.object()).values()) {
                String parent = c.path(relation.parentField()).asText("");
                if (parents.contains(parent) && Soql.matches(sub.where(), path -> value(c, path))) {
                    byParent.computeIfAbsent(parent, k -> new ArrayList<>()).add(c);
                }
            }
            out.put(sub.relationship(), byParent);
        }
        return out;
    }

    /**
     * A subquery's result inside its parent row: {@code null} when there are no children, otherwise a
     * query result of its own; a parent whose children alone exceed the batch size gets the first batch
     * and a {@code nextRecordsUrl} for the rest.
     */
    private JsonNode nested(String version, String childObject, List<String> fields, List<ObjectNode> rows, int batchSize) {
        if (rows.isEmpty()) {
            return JsonNodeFactory.instance.nullNode();
        }
        ObjectNode result = Json.MAPPER.createObjectNode();
        result.put("totalSize", rows.size());
        int shown = Math.min(rows.size(), batchSize - 1);
        result.put("done", shown == rows.size());
        if (shown < rows.size()) {
            List<String> ids = new ArrayList<>();
            rows.forEach(c -> ids.add(c.get("Id").asText()));
            String key = newLocator(new Locator(childObject, fields, ids, batchSize));
            result.put("nextRecordsUrl", "/services/data/" + version + "/query/" + key + "-" + shown);
        }
        ArrayNode records = result.putArray("records");
        for (ObjectNode c : rows.subList(0, shown)) {
            records.add(row(version, childObject, c, fields));
        }
        return result;
    }

    private ObjectNode row(String version, String object, ObjectNode r, List<String> fields) {
        ObjectNode out = Json.MAPPER.createObjectNode();
        ObjectNode attributes = out.putObject("attributes");
        attributes.put("type", object);
        attributes.put("url", "/services/data/" + version + "/sobjects/" + object + "/" + r.path("Id").asText());
        for (String f : fields) {
            int dot = f.indexOf('.');
            if (dot < 0) {
                out.set(f, r.has(f) ? r.get(f).deepCopy() : JsonNodeFactory.instance.nullNode());
            } else {
                parentField(version, r, out, f.substring(0, dot), f.substring(dot + 1));
            }
        }
        return out;
    }

    /**
     * A child-to-parent field as the REST API nests it: {@code "PermissionSet": {"attributes": {…},
     * "Label": …}}, one object per relation however many of its fields are selected, or {@code null}
     * when the lookup is empty.
     */
    private void parentField(String version, ObjectNode r, ObjectNode out, String relation, String field) {
        JsonNode ref = r.path(relation + "Id");
        ObjectNode parent = ref.isTextual() ? store.find(ref.asText()).orElse(null) : null;
        if (parent == null) {
            out.putNull(relation);
            return;
        }
        JsonNode nested = out.get(relation);
        ObjectNode target;
        if (nested instanceof ObjectNode o) {
            target = o;
        } else {
            String type = store.typeOf(parent);
            target = out.putObject(relation);
            ObjectNode attributes = target.putObject("attributes");
            attributes.put("type", type);
            attributes.put("url", "/services/data/" + version + "/sobjects/" + type + "/" + ref.asText());
        }
        target.set(field, parent.has(field) ? parent.get(field).deepCopy() : JsonNodeFactory.instance.nullNode());
    }

    /** A field of a record, following one lookup ({@code PermissionSet.IsOwnedByProfile}). */
    private JsonNode value(ObjectNode r, String path) {
        int dot = path.indexOf('.');
        if (dot < 0) {
            if (!Schema.fields(store.typeOf(r)).contains(path)) {
                throw invalidField(path, store.typeOf(r));
            }
            return r.path(path);
        }
        JsonNode ref = r.path(path.substring(0, dot) + "Id");
        if (!ref.isTextual()) {
            return JsonNodeFactory.instance.nullNode();
        }
        return store.find(ref.asText()).map(p -> value(p, path.substring(dot + 1))).orElse(JsonNodeFactory.instance.nullNode());
    }

    private static Json.BadRequestException invalidField(String field, String object) {
        return new Json.BadRequestException("INVALID_FIELD", "No such column '" + field + "' on entity '" + object + "'.");
    }
}
