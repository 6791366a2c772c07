package io.rostersync.salesforce.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.rostersync.http.AccessToken;
import io.rostersync.spi.ErrorDetails;
import io.rostersync.spi.InvalidResponseException;
import io.rostersync.http.internal.JsonHttpClient;
import io.rostersync.http.internal.JsonRequest;
import io.rostersync.http.internal.JsonResponse;
import io.rostersync.http.internal.Page;
import io.rostersync.spi.PermissionDeniedException;
import io.rostersync.spi.ValidationException;
import io.rostersync.salesforce.ApiUsage;
import io.rostersync.salesforce.ApiUsageListener;
import io.rostersync.salesforce.SalesforceLimitException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every call to one org's REST API: connects on first use (token, then {@code instance_url}), keeps
 * the daily API usage from {@code Sforce-Limit-Info}, refuses to call once the remaining budget is under
 * the floor, turns 403 {@code REQUEST_LIMIT_EXCEEDED} into a rate-limit error, pages queries and maps
 * sObject Collections results. Thread-safe.
 */
public final class SalesforceApi {

    public static final String VENDOR = "salesforce";
    /** The most records one sObject Collections call takes. */
    public static final int COLLECTION_LIMIT = 200;
    /** The client name sent in {@code Sforce-Call-Options} unless configured. */
    public static final String DEFAULT_CLIENT_NAME = "rostersync";

    private static final Pattern CLIENT_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._/-]{0,63}");
    private static final Pattern IDENTITY_URL = Pattern.compile("/id/(00D[A-Za-z0-9]{12}(?:[A-Za-z0-9]{3})?)/");

    private static final Logger LOG = LoggerFactory.getLogger(SalesforceApi.class);

    private final Supplier<AccessToken> tokens;
    private final Function<String, URI> instanceValidator;
    private final Function<URI, JsonHttpClient> clientFactory;
    private final String apiVersion;
    private final int queryBatchSize;
    private final int dailyFloor;
    private final ApiUsageListener listener;
    private final String callOptions;
    private final Consumer<AccessToken> rejectToken;
    private final AtomicReference<@Nullable ApiUsage> usage = new AtomicReference<>();
    private final Object connectLock = new Object();
    private volatile @Nullable JsonHttpClient client;

    /**
     * @param tokens            fetches (or returns the cached) access token; its {@code instance_url} field says where the org lives
     * @param instanceValidator checks {@code instance_url} and returns it as a URI
     * @param clientFactory     builds the JSON client for a base URI (auth, retry, timeouts already set)
     */
    public SalesforceApi(Supplier<AccessToken> tokens, Function<String, URI> instanceValidator,
                         Function<URI, JsonHttpClient> clientFactory, String apiVersion, int queryBatchSize,
                         int dailyFloor, ApiUsageListener listener) {
        this(tokens, t -> { }, instanceValidator, clientFactory, apiVersion, queryBatchSize, dailyFloor, listener,
                DEFAULT_CLIENT_NAME);
    }

    /**
     * @param rejectToken       drops the cached token when the org refused it, so the next {@link #session()} gets a new one
     * @param clientName        sent as {@code Sforce-Call-Options: client=<name>} on every call, so the org's change
     *                          events name us in {@code changeOrigin}; checked with {@link #requireClientName}
     */
    public SalesforceApi(Supplier<AccessToken> tokens, Consumer<AccessToken> rejectToken, Function<String, URI> instanceValidator,
                         Function<URI, JsonHttpClient> clientFactory, String apiVersion, int queryBatchSize,
                         int dailyFloor, ApiUsageListener listener, String clientName) {
        this.callOptions = "client=" + requireClientName(clientName);
        this.rejectToken = rejectToken;
        this.tokens = tokens;
        this.instanceValidator = instanceValidator;
        this.clientFactory = clientFactory;
        this.apiVersion = apiVersion;
        this.queryBatchSize = queryBatchSize;
        this.dailyFloor = dailyFloor;
        this.listener = listener;
    }

    public String apiVersion() {
        return apiVersion;
    }

    /** The name sent in {@code Sforce-Call-Options}, which change events carry in {@code changeOrigin}. */
    public String clientName() {
        return callOptions.substring("client=".length());
    }

    /**
     * Checks a client name for {@code Sforce-Call-Options}: 1 to 64 of letters, digits and {@code . _ - /},
     * starting with a letter or digit (nothing that could end the header's {@code client=} value).
     *
     * @return the name
     * @throws IllegalArgumentException if it is not such a name
     */
    public static String requireClientName(String name) {
        if (name == null || !CLIENT_NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("clientName must be 1 to 64 letters, digits, '.', '_', '-' or '/', "
                    + "starting with a letter or digit");
        }
        return name;
    }

    /**
     * The org's current session for APIs this client does not call itself (the Pub/Sub API): the access token,
     * the {@code instance_url} and the org id, from the token response (fetching a token if none is cached).
     *
     * @throws InvalidResponseException if the token response has no {@code instance_url} or no {@code id} naming the org
     */
    public OrgSession session() {
        AccessToken token = tokens.get();
        String instance = token.field("instance_url").orElseThrow(() -> new InvalidResponseException(
                ErrorDetails.of(VENDOR), "salesforce token response has no instance_url"));
        URI base = instanceValidator.apply(instance);
        // The identity URL: https://login.salesforce.com/id/<org id>/<user id>
        String identity = token.field("id").orElse("");
        Matcher m = IDENTITY_URL.matcher(identity);
        if (!m.find()) {
            throw new InvalidResponseException(ErrorDetails.of(VENDOR),
                    "salesforce token response has no id naming the org (/id/<org id>/<user id>)");
        }
        return new OrgSession(token, URI.create(base.toString().replaceAll("/+$", "")), m.group(1));
    }

    /** The org refused this session's token: the next {@link #session()} asks for a new one. */
    public void sessionRejected(OrgSession session) {
        rejectToken.accept(session.token());
    }

    /** The last usage the org reported, if any call has been made. */
    public Optional<ApiUsage> usage() {
        return Optional.ofNullable(usage.get());
    }

    /** The client, connecting first if needed. */
    public JsonHttpClient client() {
        JsonHttpClient c = client;
        if (c != null) {
            return c;
        }
        synchronized (connectLock) {
            if (client == null) {
                AccessToken token = tokens.get();
                String instance = token.field("instance_url").orElseThrow(() -> new InvalidResponseException(
                        ErrorDetails.of(VENDOR), "salesforce token response has no instance_url"));
                URI base = instanceValidator.apply(instance);
                String root = base.toString().replaceAll("/+$", "");
                client = clientFactory.apply(URI.create(root + "/services/data/v" + apiVersion + "/"));
                LOG.debug("salesforce connected to {} (API v{})", base.getHost(), apiVersion);
            }
            return client;
        }
    }

    /** Sends one request, applying the budget floor and recording the usage the org reports. */
    public JsonResponse send(JsonRequest request) {
        ApiUsage known = usage.get();
        if (known != null && dailyFloor > 0 && known.remaining() < dailyFloor) {
            throw SalesforceLimitException.floorReached(known, dailyFloor);
        }
        JsonResponse response;
        try {
            response = client().send(request);
        } catch (PermissionDeniedException e) {
            if (e.vendorCode().filter("REQUEST_LIMIT_EXCEEDED"::equals).isPresent()) {
                throw SalesforceLimitException.requestLimitExceeded(e, usage());
            }
            throw e;
        }
        response.header("Sforce-Limit-Info").flatMap(ApiUsage::parse).ifPresent(u -> {
            usage.set(u);
            try {
                listener.usage(u);
            } catch (RuntimeException listenerFailure) {
                LOG.warn("salesforce API usage listener threw; ignoring", listenerFailure);
            }
        });
        return response;
    }

    public JsonNode get(String target) {
        return send(withCallOptions(JsonRequest.get(target)).build()).body();
    }

    /** Every call names us, so change events caused by our writes say so in {@code changeOrigin}. */
    private JsonRequest.Builder withCallOptions(JsonRequest.Builder request) {
        return request.header("Sforce-Call-Options", callOptions);
    }

    /** Pages of records of a SOQL query, fetched lazily, following {@code nextRecordsUrl}. */
    public Iterator<Page<JsonNode>> query(String soql) {
        return query(soql, at -> { });
    }

    /**
     * {@link #query(String)}, telling {@code answeredAt} the org's clock (the HTTP {@code Date} header)
     * of each page's response that carries one.
     */
    public Iterator<Page<JsonNode>> query(String soql, Consumer<Instant> answeredAt) {
        String first = "query?q=" + URLEncoder.encode(soql, StandardCharsets.UTF_8).replace("+", "%20");
        return client().paginate(first, target -> fetchPage(target, answeredAt)).pages();
    }

    /** Every record of a query (for small result sets: permission sets, licenses, call centres). */
    public List<JsonNode> queryAll(String soql) {
        List<JsonNode> all = new ArrayList<>();
        for (Iterator<Page<JsonNode>> it = query(soql); it.hasNext(); ) {
            all.addAll(it.next().items());
        }
        return all;
    }

    private Page<JsonNode> fetchPage(String target, Consumer<Instant> answeredAt) {
        JsonResponse response = send(withCallOptions(JsonRequest.get(target))
                .header("Sforce-Query-Options", "batchSize=" + queryBatchSize).build());
        response.header("Date").flatMap(SalesforceApi::httpDate).ifPresent(answeredAt);
        JsonNode body = response.body();
        JsonNode records = body.path("records");
        if (!body.isObject() || !records.isArray() || !body.path("done").isBoolean()) {
            throw new InvalidResponseException(ErrorDetails.of(VENDOR, response.status()),
                    "salesforce query page has no records array or done flag");
        }
        List<JsonNode> items = new ArrayList<>(records.size());
        records.forEach(items::add);
        boolean done = body.path("done").asBoolean();
        Optional<String> next = Optional.ofNullable(body.path("nextRecordsUrl").textValue());
        return new Page<>(items, done ? Optional.empty() : next, !done);
    }

    private static Optional<Instant> httpDate(String value) {
        try {
            return Optional.of(ZonedDateTime.parse(value.strip(), DateTimeFormatter.RFC_1123_DATE_TIME).toInstant());
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }

    /** Inserts records ({@code attributes.type} set), {@code allOrNone=false}: one result per record, in order. */
    public List<RecordResult> create(List<ObjectNode> records) {
        return collection(records, true);
    }

    /** Updates records (each with {@code id}), {@code allOrNone=false}. */
    public List<RecordResult> update(List<ObjectNode> records) {
        return collection(records, false);
    }

    private List<RecordResult> collection(List<ObjectNode> records, boolean create) {
        if (records.isEmpty()) {
            return List.of();
        }
        if (records.size() > COLLECTION_LIMIT) {
            throw new IllegalArgumentException("at most " + COLLECTION_LIMIT + " records per collection call");
        }
        ObjectNode body = client().objectMapper().createObjectNode();
        body.put("allOrNone", false);
        ArrayNode list = body.putArray("records");
        records.forEach(list::add);
        JsonRequest request = withCallOptions(create ? JsonRequest.post("composite/sobjects", body)
                : JsonRequest.patch("composite/sobjects", body)).build();
        try {
            return results(send(request), records.size());
        } catch (ValidationException whole) {
            // A top-level error ([{"errorCode": …}]) rejects every record of the call.
            return sameFor(records.size(), whole);
        }
    }

    /** Deletes records by id, {@code allOrNone=false}. */
    public List<RecordResult> delete(List<String> ids) {
        if (ids.isEmpty()) {
            return List.of();
        }
        if (ids.size() > COLLECTION_LIMIT) {
            throw new IllegalArgumentException("at most " + COLLECTION_LIMIT + " records per collection call");
        }
        JsonRequest request = withCallOptions(JsonRequest.delete("composite/sobjects"))
                .query("ids", String.join(",", ids)).query("allOrNone", "false").build();
        try {
            return results(send(request), ids.size());
        } catch (ValidationException whole) {
            return sameFor(ids.size(), whole);
        }
    }

    private static List<RecordResult> sameFor(int n, ValidationException e) {
        RecordResult failed = RecordResult.failed(e.vendorCode().orElse("HTTP_400"),
                e.vendorMessage().orElse("the request was rejected"));
        List<RecordResult> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            out.add(failed);
        }
        return out;
    }

    private static List<RecordResult> results(JsonResponse response, int expected) {
        JsonNode body = response.body();
        if (!body.isArray() || body.size() != expected) {
            throw new InvalidResponseException(ErrorDetails.of(VENDOR, response.status()),
                    "salesforce collection answer has " + (body.isArray() ? body.size() : 0) + " results for " + expected + " records");
        }
        List<RecordResult> out = new ArrayList<>(expected);
        for (JsonNode r : body) {
            Optional<String> id = Optional.ofNullable(r.path("id").textValue());
            boolean success = r.path("success").asBoolean(false);
            JsonNode error = r.path("errors").path(0);
            // Errors inside results carry statusCode; some endpoints use errorCode: accept both.
            Optional<String> code = Optional.ofNullable(error.path("statusCode").textValue())
                    .or(() -> Optional.ofNullable(error.path("errorCode").textValue()));
            String message = error.path("message").asText(success ? "" : "no error detail given");
            if (!success && code.isEmpty()) {
                code = Optional.of("UNKNOWN_ERROR");
            }
            out.add(new RecordResult(id, success, code, message));
        }
        return out;
    }
}
