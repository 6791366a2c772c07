package io.rostersync.scim;

/**
 * Whether a {@link ScimUserDirectory} changes users with PATCH or with PUT.
 *
 * @since 0.1.0
 */
public enum PatchSupport {
    /**
     * Ask the server once ({@code GET /ServiceProviderConfig}, {@code patch.supported}); when it cannot
     * say, try PATCH. Either way a 405 or 501 answer to a PATCH switches to PUT for good.
     */
    AUTO,
    /** Try PATCH without asking; fall back to PUT for good on 405 or 501. */
    PATCH,
    /** Always replace the whole resource with PUT. */
    PUT_ONLY
}
