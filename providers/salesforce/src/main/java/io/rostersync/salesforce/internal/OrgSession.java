package io.rostersync.salesforce.internal;

import io.rostersync.http.AccessToken;
import io.rostersync.http.Secret;
import java.net.URI;
import java.util.Objects;

/**
 * The parts of one org session another Salesforce API needs (the Pub/Sub API takes them as call metadata):
 * the access token, the {@code instance_url} and the org id. {@link #toString()} never shows the token.
 *
 * @param token       the token as the endpoint returned it
 * @param instanceUrl the org's instance URL, without a trailing slash
 * @param orgId       the org (tenant) id, {@code 00D...}
 */
public record OrgSession(AccessToken token, URI instanceUrl, String orgId) {

    public OrgSession {
        Objects.requireNonNull(token, "token");
        Objects.requireNonNull(instanceUrl, "instanceUrl");
        Objects.requireNonNull(orgId, "orgId");
    }

    /** @return the access token itself */
    public Secret accessToken() {
        return token.value();
    }

    @Override
    public String toString() {
        return "OrgSession[" + instanceUrl.getHost() + ", org=" + orgId + ", token=****]";
    }
}
