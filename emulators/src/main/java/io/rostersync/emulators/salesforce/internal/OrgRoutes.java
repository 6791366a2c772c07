package io.rostersync.emulators.salesforce.internal;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.rostersync.emulators.Fault;
import io.rostersync.emulators.Route;
import io.rostersync.emulators.internal.VendorHooks;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockResponse;
import mockwebserver3.RecordedRequest;
import org.jspecify.annotations.Nullable;

/**
 * The org's front door behind the shared engine: routes each request (token endpoint, versions list,
 * {@code /services/data/vNN.0/...}), checks the bearer token and the daily API limit, and stamps the answer
 * with the org's {@code Date}; and gives the shared faults their Salesforce shape. All of it under the
 * {@link OrgStore}'s monitor, so a test may seed and inspect while a client is being served; the emulated
 * latency is waited outside it.
 */
public final class OrgRoutes implements VendorHooks {

    private static final DateTimeFormatter HTTP_DATE = DateTimeFormatter.RFC_1123_DATE_TIME.withZone(ZoneOffset.UTC);

    /** How a fault bends the normal answer: a query page emptied, or records of a batch failing. */
    record Twist(boolean emptyPage, Fault.@Nullable PartialBatchFailure failure) {
        static final Twist NONE = new Twist(false, null);
    }

    private final OrgStore store;
    private final TokenEndpoint tokens;
    private final DailyApiLimit limits;
    private final QueryRoutes queries;
    private final CollectionRoutes collections;
    private final List<Route> listRoutes;
    private final List<Route> batchRoutes;
    private Duration latency = Duration.ZERO;
    private volatile Duration dateSkew = Duration.ZERO;

    /**
     * The routes of the org in {@code store}, all guarded by {@code store}'s monitor.
     *
     * @param listRoutes the query routes (where an empty list or a list change applies)
     * @param batchRoutes the sObject Collections routes (where a partial batch failure applies)
     */
    public OrgRoutes(OrgStore store, TokenEndpoint tokens, DailyApiLimit limits, List<Route> listRoutes, List<Route> batchRoutes) {
        this.store = store;
        this.tokens = tokens;
        this.limits = limits;
        this.queries = new QueryRoutes(store);
        this.collections = new CollectionRoutes(store);
        this.listRoutes = List.copyOf(listRoutes);
        this.batchRoutes = List.copyOf(batchRoutes);
    }

    /** Delays every normal answer's headers by {@code latency}, outside the org's monitor. */
    public void setLatency(Duration latency) {
        synchronized (store) {
            this.latency = latency;
        }
    }

    /** Shifts the {@code Date} header of every answer by {@code skew}. */
    public void skewDateHeader(Duration skew) {
        this.dateSkew = Objects.requireNonNull(skew, "skew");
    }

    @Override
    public MockResponse serve(RecordedRequest request) {
        return answer(request, Twist.NONE);
    }

    @Override
    public List<Route> listRoutes() {
        return listRoutes;
    }

    /**
     * The query page without {@code records} and {@code nextRecordsUrl} while {@code totalSize} counts every match
     * and {@code done} is false (true only if nothing matched).
     */
    @Override
    public MockResponse emptyList(RecordedRequest request) {
        return answer(request, new Twist(true, null));
    }

    @Override
    public List<Route> batchRoutes() {
        return batchRoutes;
    }

    /** The batch processed with the fault's records failing as a validation rule fails them (and {@code allOrNone} honoured). */
    @Override
    public MockResponse partialBatchFailure(RecordedRequest request, Fault.PartialBatchFailure fault) {
        return answer(request, new Twist(false, fault));
    }

    /** 401 {@code INVALID_SESSION_ID}, and the token the request carried is revoked: retrying with it fails again. */
    @Override
    public MockResponse tokenExpired(RecordedRequest request) {
        synchronized (store) {
            tokens.revoke(request.getHeaders().get("Authorization"));
            return dated(Json.error(401, "INVALID_SESSION_ID", "Session expired or invalid")).build();
        }
    }

    /**
     * Salesforce's error body for {@code status}: 401 {@code INVALID_SESSION_ID}, 403 and 429
     * {@code REQUEST_LIMIT_EXCEEDED} (403 with {@code Sforce-Limit-Info}), 404 {@code NOT_FOUND}, 5xx
     * {@code UNKNOWN_EXCEPTION}, any other 4xx {@code BAD_REQUEST}.
     */
    @Override
    public MockResponse error(int status, String detail) {
        synchronized (store) {
            MockResponse.Builder b = switch (status) {
                case 401 -> Json.error(401, "INVALID_SESSION_ID", "Session expired or invalid");
                case 403 -> limits.withLimitInfo(Json.error(403, "REQUEST_LIMIT_EXCEEDED", "TotalRequests Limit exceeded."));
                case 404 -> notFound();
                case 429 -> Json.error(429, "REQUEST_LIMIT_EXCEEDED", "Too many requests");
                default -> Json.error(status, status >= 500 ? "UNKNOWN_EXCEPTION" : "BAD_REQUEST",
                        "An unexpected error occurred. Please include this ErrorId if you contact support: 1234-5678 (-1)");
            };
            return dated(b).build();
        }
    }

    @Override
    public String jsonContentType() {
        return "application/json;charset=UTF-8";
    }

    private MockResponse answer(RecordedRequest request, Twist twist) {
        MockResponse.Builder response;
        Duration delay;
        synchronized (store) {
            delay = latency;
            try {
                response = handle(request, twist);
            } catch (RuntimeException e) {
                response = Json.error(500, "UNKNOWN_EXCEPTION", "emulator failure: " + e.getClass().getSimpleName());
            }
            dated(response);
        }
        MockResponse built = response.build();
        if (delay.isZero()) {
            return built;
        }
        return built.newBuilder().headersDelay(built.getHeadersDelayNanos() + delay.toNanos(), TimeUnit.NANOSECONDS).build();
    }

    /** Like every HTTP server, the org says when it answered (its own clock, to the second). */
    private MockResponse.Builder dated(MockResponse.Builder response) {
        return response.setHeader("Date", HTTP_DATE.format(store.clock().instant().plus(dateSkew)));
    }

    private MockResponse.Builder handle(RecordedRequest request, Twist twist) {
        String path = request.getUrl().encodedPath();
        String method = request.getMethod();
        if (path.equals(TokenEndpoint.PATH) && "POST".equals(method)) {
            return tokens.token(request);
        }
        if (path.equals("/services/data") || path.equals("/services/data/")) {
            return Json.response(200, versions());
        }
        if (!path.startsWith("/services/data/v")) {
            return notFound();
        }
        String rest = path.substring("/services/data/".length());
        int slash = rest.indexOf('/');
        String version = slash < 0 ? rest : rest.substring(0, slash);
        String resource = slash < 0 ? "" : rest.substring(slash + 1);
        if (!version.matches("v\\d{2}\\.0")) {
            return notFound();
        }
        if (!tokens.authorizes(request.getHeaders().get("Authorization"))) {
            return Json.error(401, "INVALID_SESSION_ID", "Session expired or invalid");
        }
        if (limits.exhausted()) {
            return limits.withLimitInfo(Json.error(403, "REQUEST_LIMIT_EXCEEDED", "TotalRequests Limit exceeded."));
        }
        limits.consume();
        MockResponse.Builder response;
        try {
            response = route(method, version, resource, request, twist);
        } catch (Soql.MalformedQueryException e) {
            response = Json.error(400, "MALFORMED_QUERY", Objects.requireNonNullElse(e.getMessage(), e.toString()));
        } catch (Json.BadRequestException e) {
            response = Json.error(400, e.code, Objects.requireNonNullElse(e.getMessage(), e.toString()));
        }
        return limits.withLimitInfo(response);
    }

    private static MockResponse.Builder notFound() {
        return Json.error(404, "NOT_FOUND", "The requested resource does not exist");
    }

    private MockResponse.Builder route(String method, String version, String resource, RecordedRequest request, Twist twist) {
        if (resource.equals("limits") && method.equals("GET")) {
            ObjectNode body = Json.MAPPER.createObjectNode();
            ObjectNode daily = body.putObject("DailyApiRequests");
            daily.put("Max", limits.limit());
            daily.put("Remaining", Math.max(0, limits.limit() - limits.used()));
            return Json.response(200, body);
        }
        if (resource.equals("query") && method.equals("GET")) {
            String q = request.getUrl().queryParameter("q");
            if (q == null) {
                throw new Json.BadRequestException("MALFORMED_QUERY", "no query given");
            }
            return queries.query(version, q, batchSize(request), twist.emptyPage());
        }
        if (resource.startsWith("query/") && method.equals("GET")) {
            return queries.queryMore(version, resource.substring("query/".length()), twist.emptyPage());
        }
        if (resource.equals("composite/sobjects")) {
            // One request, one transaction: its user changes share a transaction key and commit (or roll back) together.
            store.beginTransaction(changeOrigin(version, request), OrgStore.API_USER_ID);
            try {
                switch (method) {
                    case "POST":
                        return collections.write(request, true, twist.failure());
                    case "PATCH":
                        return collections.write(request, false, twist.failure());
                    case "DELETE":
                        return collections.delete(request, twist.failure());
                    default:
                        break;
                }
            } finally {
                store.endTransaction();
            }
        }
        return notFound();
    }

    /**
     * Change Data Capture's {@code changeOrigin} of a REST write: {@code com/salesforce/api/rest/<XX.X>}, followed by
     * {@code ;client=<name>} when the request's {@code Sforce-Call-Options} header names a client.
     */
    static String changeOrigin(String version, RecordedRequest request) {
        String origin = "com/salesforce/api/rest/" + version.substring(1);
        String options = request.getHeaders().get("Sforce-Call-Options");
        if (options != null) {
            for (String part : options.split("[,;]")) {
                String[] kv = part.trim().split("=", 2);
                if (kv.length == 2 && kv[0].trim().equals("client") && !kv[1].trim().isEmpty()) {
                    return origin + ";client=" + kv[1].trim();
                }
            }
        }
        return origin;
    }

    /** The {@code batchSize} of {@code Sforce-Query-Options}, clamped to 200..2000 as Salesforce does; 2000 by default. */
    private static int batchSize(RecordedRequest request) {
        String options = request.getHeaders().get("Sforce-Query-Options");
        int size = 2000;
        if (options != null) {
            for (String part : options.split(",")) {
                String[] kv = part.trim().split("=");
                if (kv.length == 2 && kv[0].trim().equalsIgnoreCase("batchSize")) {
                    try {
                        size = Integer.parseInt(kv[1].trim());
                    } catch (NumberFormatException ignored) {
                        // the real API ignores a bad option too
                    }
                }
            }
        }
        return Math.max(200, Math.min(2000, size));
    }

    private static ArrayNode versions() {
        ArrayNode list = Json.MAPPER.createArrayNode();
        String[][] known = {{"Summer '24", "61.0"}, {"Winter '25", "62.0"}, {"Spring '25", "63.0"}, {"Summer '25", "64.0"}};
        for (String[] v : known) {
            ObjectNode n = list.addObject();
            n.put("label", v[0]);
            n.put("url", "/services/data/v" + v[1]);
            n.put("version", v[1]);
        }
        return list;
    }
}
