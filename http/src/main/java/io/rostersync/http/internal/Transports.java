package io.rostersync.http.internal;

import io.rostersync.http.HttpSettings;
import java.net.http.HttpClient;

/** The JDK client a component uses: the settings' own, or a new one that does not follow redirects. */
public final class Transports {

    private Transports() {
    }

    public static HttpClient client(HttpSettings settings) {
        return settings.httpClient().orElseGet(() -> HttpClient.newBuilder()
                .connectTimeout(settings.connectTimeout())
                .followRedirects(HttpClient.Redirect.NEVER)
                .build());
    }
}
