package io.rostersync.emulators.salesforce.internal;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.RecordedRequest;

/**
 * The org's front door: routes each request (token endpoint, versions list, {@code /services/data/vNN.0/...}),
 * checks the bearer token and the daily API limit, counts the request, applies a scripted fault, and stamps
 * the answer with the org's {@code Date}. All of it under the {@link OrgStore}'s monitor, so a test may seed,
 * inspect and script faults while a client is being served; the emulated latency is waited outside it.
 */
public final class OrgDispatcher extends Dispatcher {

    private static final DateTimeFormatter HTTP_DATE = DateTimeFormatter.RFC_1123_DATE_TIME.withZone(ZoneOffset.UTC);

    private final OrgStore store;
    private final TokenEndpoint tokens;
    private final DailyApiLimit limits;
    private final RequestCounts counts;
    private final FaultScript faults;
    private final QueryRoutes queries;
    private final CollectionRoutes collections;
    private Duration latency = Duration.ZERO;
    private volatile Duration dateSkew = Duration.ZERO;

    /** A dispatcher serving the org in {@code store} with these parts, all guarded by {@code store}'s monitor. */
    public OrgDispatcher(OrgStore store, TokenEndpoint tokens, DailyApiLimit limits, RequestCounts counts, FaultScript faults) {
        this.store = store;
        this.tokens = tokens;
        this.limits = limits;
        this.counts = counts;
        this.faults = faults;
        this.queries = new QueryRoutes(store, counts, faults);
        this.collections = new CollectionRoutes(store, counts);
    }

    /** Delays every answer's headers by {@code latency}, outside the org's monitor. */
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
    public MockResponse dispatch(RecordedRequest request) {
        MockResponse.Builder response;
        Duration delay;
        synchronized (store) {
            delay = latency;
            try {
                response = handle(request);
            } catch (RuntimeException e) {
                response = Json.error(500, "UNKNOWN_EXCEPTION", "emulator failure: " + e.getClass().getSimpleName());
            }
            // Like every HTTP server, the org says when it answered (its own clock, to the second).
            response.setHeader("Date", HTTP_DATE.format(store.clock().instant().plus(dateSkew)));
        }
        MockResponse built = response.build();
        if (delay.isZero()) {
            return built;
        }
        return built.newBuilder().headersDelay(built.getHeadersDelayNanos() + delay.toNanos(), TimeUnit.NANOSECONDS).build();
    }

    private MockResponse.Builder handle(RecordedRequest request) {
        String path = request.getUrl().encodedPath();
        String method = request.getMethod();
        if (path.equals(TokenEndpoint.PATH) && "POST".equals(method)) {
            counts.add("token");
            return tokens.token(request);
        }
        if (path.equals("/services/data") || path.equals("/services/data/")) {
            counts.add("versions");
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
        String endpoint = endpoint(method, resource);
        counts.add(endpoint);
        if (!tokens.authorizes(request.getHeaders().get("Authorization"))) {
            return Json.error(401, "INVALID_SESSION_ID", "Session expired or invalid");
        }
        if (limits.exhausted()) {
            return limits.withLimitInfo(Json.error(403, "REQUEST_LIMIT_EXCEEDED", "TotalRequests Limit exceeded."));
        }
        limits.consume();
        FaultScript.Fault fault = faults.take(endpoint);
        if (fault != null) {
            MockResponse.Builder faulted = FaultScript.replacement(fault, limits);
            if (faulted != null) {
                return faulted;
            }
        }
        MockResponse.Builder response;
        try {
            response = route(method, version, resource, request);
        } catch (Soql.MalformedQueryException e) {
            response = Json.error(400, "MALFORMED_QUERY", Objects.requireNonNullElse(e.getMessage(), e.toString()));
        } catch (Json.BadRequestException e) {
            response = Json.error(400, e.code, Objects.requireNonNullElse(e.getMessage(), e.toString()));
        }
        return limits.withLimitInfo(FaultScript.modify(fault, response));
    }

    private static MockResponse.Builder notFound() {
        return Json.error(404, "NOT_FOUND", "The requested resource does not exist");
    }

    /** The endpoint name a request counts under and faults are scripted for. */
    private static String endpoint(String method, String resource) {
        if (resource.equals("query")) {
            return "query";
        }
        if (resource.startsWith("query/")) {
            return "query.more";
        }
        if (resource.equals("composite/sobjects")) {
            switch (method) {
                case "POST":
                    return "collections.create";
                case "PATCH":
                    return "collections.update";
                case "DELETE":
                    return "collections.delete";
                default:
                    return "collections." + method.toLowerCase(Locale.ROOT);
            }
        }
        if (resource.equals("limits")) {
            return "limits";
        }
        return "other";
    }

    private MockResponse.Builder route(String method, String version, String resource, RecordedRequest request) {
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
            return queries.query(version, q, batchSize(request));
        }
        if (resource.startsWith("query/") && method.equals("GET")) {
            return queries.queryMore(version, resource.substring("query/".length()));
        }
        if (resource.equals("composite/sobjects")) {
            switch (method) {
                case "POST":
                    return collections.write(request, true);
                case "PATCH":
                    return collections.write(request, false);
                case "DELETE":
                    return collections.delete(request);
                default:
                    break;
            }
        }
        return notFound();
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
