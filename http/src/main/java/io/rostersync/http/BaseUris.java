package io.rostersync.http;

import io.rostersync.spi.ErrorDetails;
import io.rostersync.spi.InvalidConfigurationException;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Validation of the URLs a provider is configured with. Never touches the network.
 *
 * <p>Rules: absolute, {@code https}, a host, no user info, no query, no fragment. Plain {@code http}
 * is accepted only when explicitly allowed and only for a loopback host ({@code 127.0.0.1},
 * {@code [::1]}, {@code localhost}), so that tests can use a local server and nothing else can
 * downgrade the transport.
 *
 * @since 0.1.0
 */
public final class BaseUris {

    private static final Pattern DNS_LABEL = Pattern.compile("[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?");

    private BaseUris() {
    }

    /**
     * Parses and validates a URL given as text, as {@link #requireSecure} does.
     *
     * @param vendor                the vendor the URL belongs to, for the error message
     * @param uri                   the URL text; surrounding blanks are ignored
     * @param allowInsecureLoopback whether plain {@code http} is accepted for a loopback host
     * @return the parsed URL
     * @throws InvalidConfigurationException if it is malformed or not acceptable
     */
    public static URI parse(String vendor, String uri, boolean allowInsecureLoopback) {
        Objects.requireNonNull(uri, "uri");
        try {
            return requireSecure(vendor, new URI(uri.strip()), allowInsecureLoopback);
        } catch (URISyntaxException e) {
            throw new InvalidConfigurationException(ErrorDetails.of(vendor), vendor + ": malformed URL");
        }
    }

    /**
     * Validates a URL and returns it unchanged: absolute, with a host, without user info, query or fragment,
     * and {@code https} (plain {@code http} only for a loopback host when allowed).
     *
     * @param vendor                the vendor the URL belongs to, for the error message
     * @param uri                   the URL
     * @param allowInsecureLoopback whether plain {@code http} is accepted for a loopback host
     * @return {@code uri}
     * @throws InvalidConfigurationException if it is not acceptable
     */
    public static URI requireSecure(String vendor, URI uri, boolean allowInsecureLoopback) {
        Objects.requireNonNull(vendor, "vendor");
        Objects.requireNonNull(uri, "uri");
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!uri.isAbsolute() || uri.isOpaque() || uri.getHost() == null || uri.getHost().isEmpty()) {
            throw invalid(vendor, "URL must be absolute with a host");
        }
        if (uri.getRawUserInfo() != null) {
            throw invalid(vendor, "URL must not contain user info");
        }
        if (uri.getRawQuery() != null || uri.getRawFragment() != null) {
            throw invalid(vendor, "URL must not contain a query or fragment");
        }
        if (scheme.equals("https")) {
            return uri;
        }
        if (scheme.equals("http") && allowInsecureLoopback && isLoopback(uri)) {
            return uri;
        }
        if (scheme.equals("http")) {
            throw invalid(vendor, "URL must use https (plain http is only allowed for a loopback test server)");
        }
        throw invalid(vendor, "URL scheme must be https");
    }

    /**
     * Validates a base URL and makes its path end with {@code /}, so that relative targets such as
     * {@code sobjects/User} resolve below it rather than beside its last segment.
     *
     * @param vendor                the vendor the URL belongs to, for the error message
     * @param uri                   the base URL
     * @param allowInsecureLoopback whether plain {@code http} is accepted for a loopback host
     * @return the URL with a lower-case scheme and a path ending in {@code /}
     * @throws InvalidConfigurationException if it is not acceptable (see {@link #requireSecure})
     */
    public static URI requireBase(String vendor, URI uri, boolean allowInsecureLoopback) {
        URI valid = requireSecure(vendor, uri, allowInsecureLoopback);
        String path = valid.getRawPath() == null || valid.getRawPath().isEmpty() ? "/" : valid.getRawPath();
        if (!path.endsWith("/")) {
            path = path + "/";
        }
        return URI.create(valid.getScheme().toLowerCase(Locale.ROOT) + "://" + valid.getRawAuthority() + path);
    }

    /**
     * Whether the host is 127.0.0.1, ::1 or localhost.
     *
     * @param uri the URL to check
     * @return true for a loopback host; false also when there is no host
     */
    public static boolean isLoopback(URI uri) {
        String host = uri.getHost() == null ? "" : uri.getHost().toLowerCase(Locale.ROOT);
        return host.equals("127.0.0.1") || host.equals("localhost") || host.equals("[::1]") || host.equals("::1");
    }

    /**
     * Checks a single DNS label such as a Zendesk subdomain or a Salesforce My Domain name: 1 to 63
     * lower-case letters, digits and inner hyphens, nothing else (no dots, slashes, ports or {@code #}).
     *
     * @param vendor the vendor the label belongs to, for the error message
     * @param what   what the label is, for the message ("subdomain")
     * @param label  the label to check
     * @return the label, lower-cased
     * @throws InvalidConfigurationException if it is not a bare label
     */
    public static String requireDnsLabel(String vendor, String what, String label) {
        Objects.requireNonNull(label, what);
        String lower = label.toLowerCase(Locale.ROOT);
        if (!DNS_LABEL.matcher(lower).matches()) {
            throw invalid(vendor, what + " must be 1-63 letters, digits or inner hyphens, nothing else");
        }
        return lower;
    }

    /**
     * Whether two URIs share scheme, host and port, i.e. credentials for one may be sent to the other.
     *
     * @param a one URL
     * @param b the other URL
     * @return true when scheme and host are equal ignoring case and the ports are equal (defaults filled in)
     */
    public static boolean sameOrigin(URI a, URI b) {
        return a.getScheme() != null && b.getScheme() != null
                && a.getScheme().equalsIgnoreCase(b.getScheme())
                && a.getHost() != null && b.getHost() != null
                && a.getHost().equalsIgnoreCase(b.getHost())
                && effectivePort(a) == effectivePort(b);
    }

    private static int effectivePort(URI u) {
        if (u.getPort() != -1) {
            return u.getPort();
        }
        return "https".equalsIgnoreCase(u.getScheme()) ? 443 : 80;
    }

    private static InvalidConfigurationException invalid(String vendor, String what) {
        // The URL itself is not echoed: a misconfigured one may have a credential pasted into it.
        return new InvalidConfigurationException(ErrorDetails.of(vendor), vendor + ": " + what);
    }
}
