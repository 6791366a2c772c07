package io.rostersync.emulators.zendesk.internal;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** A Zendesk emulator's configuration, as its builder collected it (the builder checks it). */
public record ZendeskSettings(Clock clock, Map<String, String> apiTokens, Set<String> bearerTokens,
        Map<String, String> oauthClients, Optional<Duration> tokenLifetime, int accountLimitPerMinute,
        int incrementalLimitPerMinute, int jobPollsBeforeDone, Duration latency, Duration rateLimitWindow) {

    /** Copies the collections. */
    public ZendeskSettings {
        apiTokens = Map.copyOf(apiTokens);
        bearerTokens = Set.copyOf(bearerTokens);
        oauthClients = Map.copyOf(oauthClients);
    }
}
