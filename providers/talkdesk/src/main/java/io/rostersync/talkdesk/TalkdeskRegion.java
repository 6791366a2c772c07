package io.rostersync.talkdesk;

import java.net.URI;

/**
 * The Talkdesk deployment an account lives in. Each has its own API gateway and its own identity host
 * for tokens ({@code https://{account}.talkdeskid.com/oauth/token} in the US).
 *
 * @since 0.1.0
 */
public enum TalkdeskRegion {
    /** United States. */
    US("https://api.talkdeskapp.com/", "talkdeskid.com"),
    /** Europe. */
    EU("https://api.talkdeskapp.eu/", "talkdeskid.eu"),
    /** Canada. */
    CA("https://api.talkdeskappca.com/", "talkdeskidca.com");

    private final URI apiBase;
    private final String identityDomain;

    TalkdeskRegion(String apiBase, String identityDomain) {
        this.apiBase = URI.create(apiBase);
        this.identityDomain = identityDomain;
    }

    /**
     * The API gateway, under which {@code users} and {@code scim/v2} live.
     *
     * @return the gateway URL, ending in {@code /}
     */
    public URI apiBaseUri() {
        return apiBase;
    }

    /**
     * The token endpoint of {@code account}.
     *
     * @param account the account name, already validated as a DNS label
     * @return the account's OAuth token URL on the region's identity host
     */
    public URI tokenUri(String account) {
        return URI.create("https://" + account + "." + identityDomain + "/oauth/token");
    }
}
