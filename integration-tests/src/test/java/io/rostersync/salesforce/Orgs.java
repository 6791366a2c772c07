package io.rostersync.salesforce;

import io.rostersync.http.HttpSettings;
import io.rostersync.http.RetryPolicy;
import io.rostersync.http.Secret;
import io.rostersync.http.Sleeper;
import io.rostersync.emulators.salesforce.SalesforceEmulator;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Connections to an emulated org, with fast jitter-free retries that record their waits instead of sleeping. */
final class Orgs {

    private Orgs() {
    }

    static final class RecordingSleeper implements Sleeper {
        final List<Duration> waits = new CopyOnWriteArrayList<>();

        @Override
        public void sleep(Duration duration) {
            waits.add(duration);
        }
    }

    static SalesforceConnection.Builder connection(SalesforceEmulator org, Sleeper sleeper) {
        return SalesforceConnection.builder(org.myDomainUrl())
                .clientCredentials(org.clientId(), Secret.of(org.clientSecret()))
                .trustHost("127.0.0.1")
                .http(http(sleeper).build());
    }

    /** Loopback http, fast jitter-free retries waiting through {@code sleeper}, a 5 s request timeout. */
    static HttpSettings.Builder http(Sleeper sleeper) {
        return HttpSettings.builder().allowInsecureLoopback()
                .retryPolicy(new RetryPolicy(4, Duration.ofMillis(5), 2.0, 0.0, Duration.ofMillis(50), Duration.ofMinutes(10)))
                .sleeper(sleeper).requestTimeout(Duration.ofSeconds(5));
    }

    static SalesforceConnection connection(SalesforceEmulator org) {
        return connection(org, new RecordingSleeper()).build();
    }

    static SalesforceUserDirectory directory(SalesforceEmulator org) {
        return directory(connection(org), org);
    }

    static SalesforceUserDirectory directory(SalesforceConnection connection, SalesforceEmulator org) {
        return SalesforceUserDirectory.builder(connection)
                .name("salesforce:emulator")
                .newUserDefaults(NewUserDefaults.of(org.defaultProfileId()))
                .build();
    }
}
