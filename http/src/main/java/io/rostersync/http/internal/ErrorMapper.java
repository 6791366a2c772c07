package io.rostersync.http.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.rostersync.http.internal.VendorErrorParser.VendorError;
import io.rostersync.spi.AuthFailedException;
import io.rostersync.spi.ConflictException;
import io.rostersync.spi.ErrorDetails;
import io.rostersync.spi.InvalidResponseException;
import io.rostersync.spi.NotFoundException;
import io.rostersync.spi.PermissionDeniedException;
import io.rostersync.spi.RateLimitedException;
import io.rostersync.spi.RosterSyncException;
import io.rostersync.spi.TransientException;
import io.rostersync.spi.UnknownFailureException;
import io.rostersync.spi.UnsupportedCapabilityException;
import io.rostersync.spi.ValidationException;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpHeaders;
import java.net.http.HttpTimeoutException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * The one place where an HTTP outcome becomes a typed exception: status to type, error body to vendor
 * code and message (read by the vendor's {@link VendorErrorParser}, then judged, bounded and cleaned here), {@code Retry-After} to a duration, request-id headers to an id.
 */
public final class ErrorMapper {

    private static final int MAX_VENDOR_MESSAGE = 200;
    private static final int MAX_SCANNED = 8_192;
    private static final Pattern SAFE_CODE = Pattern.compile("[A-Za-z]{1,40}(?:[_.-][A-Za-z]{1,40}){0,5}");

    private final String vendor;
    private final Clock clock;
    private final List<String> requestIdHeaders;
    private final ObjectMapper mapper;
    private final VendorErrorParser parser;

    /** A mapper that reads error bodies with the vendor's {@code parser}. */
    public ErrorMapper(String vendor, Clock clock, List<String> requestIdHeaders, ObjectMapper mapper,
            VendorErrorParser parser) {
        this.vendor = vendor;
        this.clock = clock;
        this.requestIdHeaders = List.copyOf(requestIdHeaders);
        this.mapper = mapper;
        this.parser = Objects.requireNonNull(parser, "parser");
    }

    /** An error status from a resource endpoint. */
    public RosterSyncException fromResponse(String method, URI uri, int status, HttpHeaders headers, byte[] body) {
        return fromResponse(method, uri, status, headers, body, Redactor.none());
    }

    /**
     * An error status from a resource endpoint.
     *
     * @param sent the credentials sent with the request: a vendor code, message or request id that echoes
     *             one of them (in any form the {@link Redactor} knows) is dropped, and the final message is
     *             redacted as a whole, so an error body echoing the token never reaches a message
     */
    public RosterSyncException fromResponse(String method, URI uri, int status, HttpHeaders headers, byte[] body,
            Redactor sent) {
        boolean mayEchoCredentials = status == 401 || status == 403;
        ErrorDetails details = details(status, headers, body, !mayEchoCredentials, sent);
        return typed(status, details, sent.redact(describe(method, uri, details)));
    }

    private static RosterSyncException typed(int status, ErrorDetails details, String message) {
        if (status == 400 || status == 422) {
            return new ValidationException(details, message);
        }
        if (status == 401) {
            return new AuthFailedException(details, message);
        }
        if (status == 403) {
            return new PermissionDeniedException(details, message);
        }
        if (status == 404 || status == 410) {
            return new NotFoundException(details, message);
        }
        if (status == 409 || status == 412) {
            return new ConflictException(details, message);
        }
        if (status == 429) {
            return new RateLimitedException(details, message);
        }
        if (status == 501 || status == 505) {
            // The server will never do this; retrying cannot help.
            return new UnsupportedCapabilityException(details, message);
        }
        if (status == 408 || status >= 500) {
            return new TransientException(details, message);
        }
        return new UnknownFailureException(details, message);
    }

    /**
     * An error status from an OAuth2 token endpoint, whatever the status. The body of a token request is
     * made of credentials, and a server may echo any part of it, so the vendor's description is never
     * kept; only an error code that looks like one ({@code invalid_client}) and does not echo a credential
     * is. 400, 401 and 403 mean the client was refused ({@link AuthFailedException}); other statuses map as
     * for any call (429 rate limited, 5xx and 408 transient, 404 not found, …).
     *
     * @param sent every credential the token request carried (client secret, assertion, password, the
     *             Basic header), in the form it was sent
     */
    public RosterSyncException fromTokenEndpoint(URI uri, int status, HttpHeaders headers, byte[] body, Redactor sent) {
        ErrorDetails details = details(status, headers, body, false, sent);
        if (status == 400 || status == 401 || status == 403) {
            return new AuthFailedException(details, sent.redact("token request refused: " + describe("POST", uri, details)));
        }
        return typed(status, details, sent.redact("token request failed: " + describe("POST", uri, details)));
    }

    /** A request that got no usable response: timeouts, resets, refused connections. */
    public TransientException fromIo(String method, URI uri, IOException e, Duration timeout) {
        String what;
        if (e instanceof HttpConnectTimeoutException) {
            what = "connect timed out";
        } else if (e instanceof HttpTimeoutException) {
            what = "no response within " + timeout.toMillis() + " ms";
        } else {
            what = "connection failed (" + e.getClass().getSimpleName() + ")";
        }
        return new TransientException(ErrorDetails.of(vendor), vendor + " " + method + " " + path(uri) + ": " + what, e);
    }

    /** A response we cannot use although its status was fine. */
    public InvalidResponseException invalidResponse(String method, URI uri, int status, HttpHeaders headers, String what) {
        return invalidResponse(method, uri, status, headers, what, Redactor.none());
    }

    /**
     * A response we cannot use although its status was fine; {@code what} may name parts of the response
     * (a field, a token type), so the message is redacted of the credentials the request sent.
     */
    public InvalidResponseException invalidResponse(String method, URI uri, int status, HttpHeaders headers, String what,
            Redactor sent) {
        ErrorDetails details = new ErrorDetails(Optional.of(vendor), OptionalInt.of(status), Optional.empty(), Optional.empty(),
                requestId(headers, sent), Optional.empty());
        return new InvalidResponseException(details, sent.redact(describe(method, uri, details) + ": " + what));
    }

    /** The first configured request-id header present on the response. */
    public Optional<String> requestId(HttpHeaders headers) {
        return requestId(headers, Redactor.none());
    }

    /**
     * The first configured request-id header present on the response, unless it echoes a credential the
     * request sent (a server may reflect a request header into its id).
     */
    public Optional<String> requestId(HttpHeaders headers, Redactor sent) {
        for (String name : requestIdHeaders) {
            Optional<String> value = headers.firstValue(name).map(String::strip).filter(v -> !v.isEmpty());
            if (value.isPresent()) {
                return value.filter(v -> !sent.echoes(bounded(v))).map(ErrorMapper::clean);
            }
        }
        return Optional.empty();
    }

    private ErrorDetails details(int status, HttpHeaders headers, byte[] body, boolean trusted, Redactor sent) {
        VendorError error = vendorError(body);
        // Judged on the whole text (up to a bound far beyond what a message shows), before it is cut short.
        Predicate<String> echoesNoSecret = text -> !sent.echoes(bounded(text));
        Optional<String> message = trusted ? error.message().filter(echoesNoSecret).map(ErrorMapper::clean) : Optional.empty();
        // Where a body may echo credentials, only a code that looks like one (letters and separators,
        // no digits) is kept: invalid_client, RecordNotFound, INVALID_SESSION_ID.
        Optional<String> code = error.code().filter(echoesNoSecret)
                .filter(c -> trusted || SAFE_CODE.matcher(c).matches()).map(ErrorMapper::clean);
        return new ErrorDetails(Optional.of(vendor), OptionalInt.of(status), code, message,
                requestId(headers, sent), headers.firstValue("Retry-After").flatMap(v -> parseRetryAfter(v, clock)));
    }

    /**
     * What the vendor's parser finds in {@code body}. Never throws: a body that is not JSON is handed over
     * without a tree, and a parser that fails or answers {@code null} found nothing.
     */
    private VendorError vendorError(byte[] body) {
        @Nullable JsonNode json = null;
        if (body.length > 0) {
            try {
                json = mapper.readTree(body);
            } catch (IOException | RuntimeException e) {
                json = null;
            }
        }
        try {
            @Nullable VendorError found = parser.parse(body, json);
            return found == null ? VendorError.NONE : found;
        } catch (RuntimeException | StackOverflowError e) {
            return VendorError.NONE;
        }
    }

    /** Text to search for echoes: everything a message could show, with a wide margin. */
    private static String bounded(String text) {
        return text.length() <= MAX_SCANNED ? text : text.substring(0, MAX_SCANNED);
    }

    private String describe(String method, URI uri, ErrorDetails d) {
        StringBuilder sb = new StringBuilder(vendor).append(' ').append(method).append(' ').append(path(uri));
        d.httpStatus().ifPresent(s -> sb.append(": HTTP ").append(s));
        d.vendorCode().ifPresent(c -> sb.append(' ').append(c));
        d.vendorMessage().ifPresent(m -> sb.append(" \"").append(m).append('"'));
        d.retryAfter().ifPresent(r -> sb.append(", retry after ").append(r.toSeconds()).append(" s"));
        d.requestId().ifPresent(id -> sb.append(" (request id ").append(id).append(')'));
        return sb.toString();
    }

    /** The path only: a query may carry personal data (an email filter) and is never shown. */
    public static String path(URI uri) {
        String p = uri.getRawPath();
        return p == null || p.isEmpty() ? "/" : p;
    }

    /**
     * Parses {@code Retry-After}: delta-seconds or an HTTP-date, relative to {@code clock}. A date in the
     * past means "now"; anything unparseable is ignored.
     */
    public static Optional<Duration> parseRetryAfter(String value, Clock clock) {
        String v = value.strip();
        if (v.isEmpty()) {
            return Optional.empty();
        }
        if (v.chars().allMatch(Character::isDigit)) {
            if (v.length() > 9) {
                return Optional.of(Duration.ofSeconds(999_999_999L));
            }
            return Optional.of(Duration.ofSeconds(Long.parseLong(v)));
        }
        try {
            Instant at = ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
            Duration d = Duration.between(clock.instant(), at);
            return Optional.of(d.isNegative() ? Duration.ZERO : d);
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }

    private static String clean(String s) {
        StringBuilder sb = new StringBuilder(Math.min(s.length(), MAX_VENDOR_MESSAGE + 1));
        for (int i = 0; i < s.length() && sb.length() < MAX_VENDOR_MESSAGE; i++) {
            char c = s.charAt(i);
            sb.append(Character.isISOControl(c) ? ' ' : c);
        }
        if (s.length() > MAX_VENDOR_MESSAGE) {
            sb.append('…');
        }
        return sb.toString();
    }
}
