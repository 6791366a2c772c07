package io.rostersync.spring.boot.connections;

import io.rostersync.http.HttpSettings;
import io.rostersync.http.RetryPolicy;
import io.rostersync.spring.boot.connections.ConnectionsProperties.Http;
import io.rostersync.spring.boot.connections.ConnectionsProperties.Retry;
import java.time.Duration;
import org.jspecify.annotations.Nullable;

/** Maps a connection's {@code http.*} settings onto {@link HttpSettings}; loaded only when a provider (and so rostersync-http) is present. */
final class HttpProperties {

    private HttpProperties() {
    }

    static HttpSettings settings(PropertyGroup vendor, @Nullable Http http) {
        HttpSettings.Builder b = HttpSettings.builder();
        if (http == null) {
            return b.build();
        }
        PropertyGroup group = vendor.child("http");
        Duration connect = http.connectTimeout();
        if (connect != null) {
            group.apply("connect-timeout", () -> b.connectTimeout(connect));
        }
        Duration request = http.requestTimeout();
        if (request != null) {
            group.apply("request-timeout", () -> b.requestTimeout(request));
        }
        String agent = group.text("user-agent", http.userAgent());
        if (agent != null) {
            group.apply("user-agent", () -> b.userAgent(agent));
        }
        if (Boolean.TRUE.equals(http.allowInsecureLoopback())) {
            b.allowInsecureLoopback();
        }
        Retry retry = http.retry();
        if (retry != null) {
            b.retryPolicy(retryPolicy(group.child("retry"), retry));
        }
        return b.build();
    }

    private static RetryPolicy retryPolicy(PropertyGroup group, Retry retry) {
        RetryPolicy defaults = RetryPolicy.defaults();
        Integer attempts = retry.maxAttempts();
        Duration initial = retry.initialBackoff();
        Double multiplier = retry.multiplier();
        Double jitter = retry.jitter();
        Duration max = retry.maxBackoff();
        Duration total = retry.maxTotalWait();
        // Each part is checked on its own first, so the message names the property at fault.
        if (attempts != null) {
            group.get("max-attempts", () -> defaults.withMaxAttempts(attempts));
        }
        if (initial != null) {
            group.get("initial-backoff", () -> defaults.withBackoff(initial, defaults.multiplier(), defaults.jitter(),
                    initial.compareTo(defaults.maxBackoff()) > 0 ? initial : defaults.maxBackoff()));
        }
        if (multiplier != null) {
            group.get("multiplier", () -> defaults.withBackoff(defaults.initialBackoff(), multiplier, defaults.jitter(), defaults.maxBackoff()));
        }
        if (jitter != null) {
            group.get("jitter", () -> defaults.withBackoff(defaults.initialBackoff(), defaults.multiplier(), jitter, defaults.maxBackoff()));
        }
        if (total != null) {
            group.get("max-total-wait", () -> defaults.withMaxTotalWait(total));
        }
        return group.get("max-backoff", () -> new RetryPolicy(
                attempts != null ? attempts : defaults.maxAttempts(),
                initial != null ? initial : defaults.initialBackoff(),
                multiplier != null ? multiplier : defaults.multiplier(),
                jitter != null ? jitter : defaults.jitter(),
                max != null ? max : defaults.maxBackoff(),
                total != null ? total : defaults.maxTotalWait()));
    }
}
