package io.rostersync.salesforce;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.rostersync.emulators.RecordedRequest;
import io.rostersync.emulators.Route;
import io.rostersync.http.HttpSettings;
import io.rostersync.http.RetryPolicy;
import io.rostersync.http.Sleeper;
import io.rostersync.emulators.salesforce.SalesforceEmulator;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
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
        return org.connection().http(http(sleeper).build());
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

    // ---- what the org received -----------------------------------------------------------------------

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern SUBQUERY = Pattern.compile("\\([^()]*\\)");
    private static final Pattern FROM = Pattern.compile("(?i)\\bFROM\\s+(\\w+)");

    /** The requests the org received after its first {@code mark} ones (take the mark from {@code requestCount()}). */
    static List<RecordedRequest> since(SalesforceEmulator org, int mark) {
        List<RecordedRequest> all = org.requests();
        return all.subList(mark, all.size());
    }

    /** Those of {@code requests} on {@code route}. */
    static List<RecordedRequest> on(List<RecordedRequest> requests, Route route) {
        return requests.stream().filter(r -> route.matches(r.method(), r.path())).toList();
    }

    /** How many of {@code requests} are SOQL queries (first pages) whose outer object is {@code object}. */
    static long queries(List<RecordedRequest> requests, String object) {
        return on(requests, SalesforceEmulator.QUERY).stream().filter(r -> {
            String q = SUBQUERY.matcher(r.queryParameter("q").orElse("")).replaceAll("");
            Matcher m = FROM.matcher(q);
            return m.find() && m.group(1).equals(object);
        }).count();
    }

    /** How many records of sObject {@code type} the sObject Collections calls on {@code route} among {@code requests} sent. */
    static int records(List<RecordedRequest> requests, Route route, String type) {
        int n = 0;
        for (RecordedRequest r : on(requests, route)) {
            try {
                for (JsonNode record : JSON.readTree(r.body()).path("records")) {
                    if (record.path("attributes").path("type").asText("").equals(type)) {
                        n++;
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return n;
    }
}
