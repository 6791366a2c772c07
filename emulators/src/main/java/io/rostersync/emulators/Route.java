package io.rostersync.emulators;

import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * Where a planned {@link Fault} applies: an HTTP method (or {@code "*"} for any) and a path pattern.
 *
 * <p>A path pattern is a {@code /}-separated list of segments: a literal segment matches itself, {@code *}
 * matches exactly one segment, and a trailing {@code **} matches any number of remaining segments, none
 * included. For example {@code /api/v2/users/*} matches {@code /api/v2/users/42} but not
 * {@code /api/v2/users}; {@code /scim/v2/Users/**} matches both {@code /scim/v2/Users} and
 * {@code /scim/v2/Users/7}. The path of a request is matched without its query string.
 *
 * <p>Each emulator exposes its vendor's routes as constants (e.g. {@code ScimEmulator.USERS}).
 *
 * @param method an upper-case HTTP method such as {@code GET}, or {@code "*"} for any
 * @param pathPattern the path pattern, starting with {@code /}
 */
public record Route(String method, String pathPattern) {

    /**
     * Checks and normalises the route.
     *
     * @throws IllegalArgumentException if the method is blank or not a token, the pattern does not start
     *     with {@code /}, or {@code **} is not its last segment
     */
    public Route {
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(pathPattern, "pathPattern");
        method = method.trim().toUpperCase(Locale.ROOT);
        if (!method.equals("*") && !method.matches("[A-Z]+")) {
            throw new IllegalArgumentException("a route's method is an HTTP method such as GET, or \"*\" for any; got \""
                    + method + "\"");
        }
        if (!pathPattern.startsWith("/")) {
            throw new IllegalArgumentException("a route's path pattern starts with \"/\", e.g. \"/api/v2/users/*\"; got \""
                    + pathPattern + "\"");
        }
        List<String> segments = segments(pathPattern);
        for (int i = 0; i < segments.size() - 1; i++) {
            if (segments.get(i).equals("**")) {
                throw new IllegalArgumentException("\"**\" may only be the last segment of a path pattern; got \""
                        + pathPattern + "\"");
            }
        }
    }

    /**
     * A route for {@code method} requests to paths matching {@code pathPattern}.
     *
     * @param method an HTTP method (any case), or {@code "*"} for any
     * @param pathPattern the path pattern, see the class documentation
     * @return the route
     * @throws IllegalArgumentException if the method or pattern is not valid
     */
    public static Route of(String method, String pathPattern) {
        return new Route(method, pathPattern);
    }

    /**
     * The route of every request: any method, any path.
     *
     * @return the route
     */
    public static Route any() {
        return new Route("*", "/**");
    }

    /**
     * Whether a request with {@code method} to {@code path} is on this route.
     *
     * @param method the request's HTTP method
     * @param path the request's path; a query string, if any, is ignored
     * @return true if it matches
     */
    public boolean matches(String method, String path) {
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(path, "path");
        if (!this.method.equals("*") && !this.method.equalsIgnoreCase(method)) {
            return false;
        }
        int q = path.indexOf('?');
        String p = q < 0 ? path : path.substring(0, q);
        List<String> pattern = segments(pathPattern);
        List<String> actual = segments(p);
        for (int i = 0; i < pattern.size(); i++) {
            String s = pattern.get(i);
            if (s.equals("**")) {
                return true;
            }
            if (i >= actual.size() || !(s.equals("*") || s.equals(actual.get(i)))) {
                return false;
            }
        }
        return pattern.size() == actual.size();
    }

    /**
     * Whether some request could be on both this route and {@code other}.
     *
     * @param other another route
     * @return true if the two routes share at least one method and path
     */
    public boolean overlaps(Route other) {
        if (!method.equals("*") && !other.method.equals("*") && !method.equals(other.method)) {
            return false;
        }
        List<String> a = segments(pathPattern);
        List<String> b = segments(other.pathPattern);
        for (int i = 0; ; i++) {
            boolean aEnd = i >= a.size();
            boolean bEnd = i >= b.size();
            if (!aEnd && a.get(i).equals("**") || !bEnd && b.get(i).equals("**")) {
                return true;
            }
            if (aEnd || bEnd) {
                return aEnd && bEnd;
            }
            String x = a.get(i);
            String y = b.get(i);
            if (!x.equals("*") && !y.equals("*") && !x.equals(y)) {
                return false;
            }
        }
    }

    @Override
    public String toString() {
        return method + " " + pathPattern;
    }

    private static List<String> segments(String path) {
        String trimmed = path.startsWith("/") ? path.substring(1) : path;
        if (trimmed.endsWith("/")) {
            trimmed = trimmed.substring(0, trimmed.length() - 1);
        }
        return trimmed.isEmpty() ? List.of() : List.of(trimmed.split("/", -1));
    }
}
