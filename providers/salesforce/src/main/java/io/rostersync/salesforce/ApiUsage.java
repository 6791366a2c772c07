package io.rostersync.salesforce;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The org's daily REST API usage as the last response reported it ({@code Sforce-Limit-Info: api-usage=25/15000}).
 *
 * @param used  calls counted in the current 24-hour window
 * @param limit calls allowed in that window
 * @since 0.1.0
 */
public record ApiUsage(int used, int limit) {

    private static final Pattern API_USAGE = Pattern.compile("api-usage=(\\d{1,9})/(\\d{1,9})");

    /**
     * Checks the counts.
     *
     * @param used  calls counted, zero or more
     * @param limit calls allowed, zero or more
     * @throws IllegalArgumentException if a count is negative
     */
    public ApiUsage {
        if (used < 0 || limit < 0) {
            throw new IllegalArgumentException("API usage counts must not be negative");
        }
    }

    /**
     * Calls left today; zero when over the limit.
     *
     * @return {@code limit - used}, at least zero
     */
    public int remaining() {
        return Math.max(0, limit - used);
    }

    /**
     * Reads the {@code api-usage} part of a {@code Sforce-Limit-Info} header; empty when there is none.
     *
     * @param header the header value, such as {@code api-usage=25/15000}
     * @return the usage, or empty when the header has no {@code api-usage} part
     */
    public static Optional<ApiUsage> parse(String header) {
        Matcher m = API_USAGE.matcher(header);
        return m.find() ? Optional.of(new ApiUsage(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2))))
                : Optional.empty();
    }
}
