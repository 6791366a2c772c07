package io.rostersync.emulators.zendesk.internal;

import static io.rostersync.emulators.zendesk.internal.ZendeskJson.JSON;
import static io.rostersync.emulators.zendesk.internal.ZendeskJson.NUMERIC;
import static io.rostersync.emulators.zendesk.internal.ZendeskJson.error;
import static io.rostersync.emulators.zendesk.internal.ZendeskJson.json;
import static io.rostersync.emulators.zendesk.internal.ZendeskJson.notFound;
import static io.rostersync.emulators.zendesk.internal.ZendeskJson.wrap;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import mockwebserver3.MockResponse;
import okhttp3.HttpUrl;

/**
 * The bulk endpoints: {@code create_or_update_many} and {@code update_many} (the {@code users} array and
 * the {@code ids} + {@code user} forms) run at once and queue a job whose {@code job_statuses/{id}} says
 * {@code queued} for a number of polls, then {@code completed} with one result per user. A request can
 * name items that fail (a partial batch failure): by email or external id, or for {@code update_many} by
 * user id or the user's email; each is reported failed in the job's results.
 */
final class BulkJobs {

    private record Job(String id, List<ObjectNode> results, int[] pollsLeft) {
    }

    private final ZendeskStore store;
    private final int pollsBeforeDone;
    private final Map<String, Job> jobs = new HashMap<>();
    private int nextJob = 1;

    BulkJobs(ZendeskStore store, int pollsBeforeDone) {
        this.store = store;
        this.pollsBeforeDone = pollsBeforeDone;
    }

    /**
     * {@code POST /api/v2/users/create_or_update_many}: users matched by email are updated, others created;
     * items whose email or external id is in {@code failing} (lower case) fail with {@code failingError}.
     */
    MockResponse createOrUpdateMany(JsonNode body, Set<String> failing, String failingError) {
        JsonNode items = body.path("users");
        if (!items.isArray() || items.isEmpty() || items.size() > 100) {
            return error(400, "InvalidValue", "users must hold 1 to 100 users");
        }
        List<ObjectNode> results = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            JsonNode item = items.get(i);
            ObjectNode result = JSON.createObjectNode();
            result.put("index", i);
            String email = item.path("email").asText("").toLowerCase(Locale.ROOT);
            Optional<String> invalid = item.isObject() ? store.validate(item, true) : Optional.of("InvalidValue");
            String injected = failing.contains(email)
                    || failing.contains(item.path("external_id").asText("").toLowerCase(Locale.ROOT)) ? failingError : null;
            if (invalid.isPresent() || injected != null) {
                result.put("action", "create");
                result.put("success", false);
                result.put("error", injected != null ? injected : invalid.get());
                result.put("details", "Email: " + (injected != null ? "rejected by the emulator" : "is invalid"));
                result.put("email", email);
                results.add(result);
                continue;
            }
            Optional<ObjectNode> existing = store.byEmail(email);
            if (existing.isPresent()) {
                long id = existing.get().path("id").asLong();
                store.update(id, ZendeskStore.writable((ObjectNode) item));
                result.put("id", id).put("status", "Updated").put("email", email).put("action", "update").put("success", true);
            } else {
                long id = store.insert(ZendeskStore.writable((ObjectNode) item));
                result.put("id", id).put("status", "Created").put("email", email).put("action", "create").put("success", true);
            }
            results.add(result);
        }
        return queued(results);
    }

    /**
     * {@code PUT /api/v2/users/update_many}: {@code ?ids=} with one {@code user}, or a {@code users} array
     * with ids; users whose id or email is in {@code failing} (lower case) fail with {@code failingError}.
     */
    MockResponse updateMany(HttpUrl url, JsonNode body, Set<String> failing, String failingError) {
        List<ObjectNode> results = new ArrayList<>();
        String ids = url.queryParameter("ids");
        if (ids != null) {
            JsonNode user = body.path("user");
            for (String part : ids.split(",")) {
                ObjectNode item = user.isObject() ? ((ObjectNode) user).deepCopy() : JSON.createObjectNode();
                if (NUMERIC.matcher(part.strip()).matches()) {
                    item.put("id", Long.parseLong(part.strip()));
                }
                results.add(updateOne(item, failing, failingError));
            }
        } else {
            JsonNode items = body.path("users");
            if (!items.isArray() || items.isEmpty() || items.size() > 100) {
                return error(400, "InvalidValue", "users must hold 1 to 100 users");
            }
            items.forEach(i -> results.add(updateOne(i, failing, failingError)));
        }
        return queued(results);
    }

    private ObjectNode updateOne(JsonNode item, Set<String> failing, String failingError) {
        ObjectNode result = JSON.createObjectNode();
        long id = item.path("id").asLong(0);
        result.put("id", id).put("action", "update");
        Optional<ObjectNode> target = store.any(id).filter(ZendeskStore::live);
        if (target.isEmpty()) {
            return result.put("success", false).put("error", "RecordNotFound").put("details", "User not found");
        }
        String injected = failing.contains(Long.toString(id))
                || failing.contains(target.get().path("email").asText("").toLowerCase(Locale.ROOT)) ? failingError : null;
        Optional<String> invalid = item.isObject() ? store.validate(item, false) : Optional.of("InvalidValue");
        if (injected != null || invalid.isPresent()) {
            return result.put("success", false).put("error", injected != null ? injected : invalid.get())
                    .put("details", "rejected");
        }
        ObjectNode fields = ZendeskStore.writable((ObjectNode) item);
        fields.remove("id");
        store.update(id, fields);
        return result.put("success", true).put("status", "Updated");
    }

    private MockResponse queued(List<ObjectNode> results) {
        String id = String.format(Locale.ROOT, "emu%029x", nextJob++);
        Job job = new Job(id, results, new int[] {pollsBeforeDone});
        jobs.put(id, job);
        return json(200, wrap("job_status", jobJson(job, pollsBeforeDone > 0)));
    }

    /** {@code GET /api/v2/job_statuses/{id}}: {@code queued} until its polls are used up, then {@code completed}. */
    MockResponse status(String id) {
        Job job = jobs.get(id);
        if (job == null) {
            return notFound();
        }
        boolean running = job.pollsLeft()[0] > 0;
        if (running) {
            job.pollsLeft()[0]--;
        }
        return json(200, wrap("job_status", jobJson(job, running)));
    }

    private ObjectNode jobJson(Job job, boolean running) {
        ObjectNode status = JSON.createObjectNode();
        status.put("id", job.id());
        status.put("job_type", "Bulk Create or Update Users");
        status.put("url", store.origin() + "/api/v2/job_statuses/" + job.id() + ".json");
        status.put("total", job.results().size());
        if (running) {
            status.put("status", "queued");
            status.put("progress", 0);
            status.putNull("message");
            status.putNull("results");
        } else {
            status.put("status", "completed");
            status.put("progress", job.results().size());
            status.put("message", "Completed at " + store.now());
            ArrayNode results = status.putArray("results");
            job.results().forEach(results::add);
        }
        return status;
    }
}
