package io.rostersync.micrometer;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.rostersync.emulators.Fault;
import io.rostersync.emulators.zendesk.ZendeskEmulator;
import io.rostersync.engine.RunOptions;
import io.rostersync.engine.SyncRunner;
import io.rostersync.http.HttpListener;
import io.rostersync.http.HttpSettings;
import io.rostersync.http.RateLimit;
import io.rostersync.http.RetryPolicy;
import io.rostersync.model.SyncId;
import io.rostersync.model.UserProfile;
import io.rostersync.model.UserRecord;
import io.rostersync.policy.LicenseRule;
import io.rostersync.policy.SyncPolicy;
import io.rostersync.spi.RunStatus;
import io.rostersync.spi.SyncReport;
import io.rostersync.testkit.InMemoryLicensePool;
import io.rostersync.testkit.InMemorySyncStateStore;
import io.rostersync.testkit.InMemoryUserDirectory;
import io.rostersync.testkit.ManualClock;
import io.rostersync.testkit.RecordingListener;
import io.rostersync.zendesk.ZendeskDirectory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Syncs into the Zendesk emulator over real HTTP on 127.0.0.1, with HTTP settings instrumented by the binder. */
@Timeout(60)
class VendorMetricsTest {

    private ZendeskEmulator zendesk;
    private ManualClock clock;
    private SimpleMeterRegistry registry;

    @BeforeEach
    void start() {
        zendesk = ZendeskEmulator.start();
        clock = ManualClock.startingAtAFixedTime();
        registry = new SimpleMeterRegistry();
    }

    @AfterEach
    void stop() {
        zendesk.close();
    }

    /** Fast, jitter-free retries whose waits pass on the manual clock; one shared host-wide limit. */
    private HttpSettings.Builder http() {
        return HttpSettings.builder()
                .retryPolicy(new RetryPolicy(4, Duration.ofMillis(10), 2.0, 0.0, Duration.ofMillis(100), Duration.ofMinutes(5)))
                .requestTimeout(Duration.ofSeconds(5))
                .clock(clock).sleeper(clock::sleep)
                .rateLimit(RateLimit.of("host-wide", 10_000, Duration.ofSeconds(1)));
    }

    private ZendeskDirectory directory(HttpSettings settings) {
        return zendesk.directory().http(settings).build();
    }

    private double requests(String outcome) {
        return registry.find(RosterSyncMetrics.VENDOR_REQUESTS).tags("vendor", "zendesk", "outcome", outcome).counters()
                .stream().mapToDouble(c -> c.count()).sum();
    }

    @Test
    void requestsRateLimitedAnswersAndWaitsAreMeasuredPerVendorWithResilience4jsOwnMeters() {
        InMemoryUserDirectory source = InMemoryUserDirectory.create("hr");
        for (int i = 0; i < 3; i++) {
            source.add(UserProfile.builder().email("agent" + i + "@example.com").firstName("Agent").lastName("N" + i).build());
        }
        RosterSyncMetrics metrics = RosterSyncMetrics.of(registry);
        HttpSettings settings = metrics.instrument(http().build());
        zendesk.faults().next(ZendeskEmulator.LIST_USERS, Fault.rateLimited(Duration.ofSeconds(2)));

        SyncReport report = SyncRunner.builder().syncId(SyncId.of("hr-to-zendesk")).source(source)
                .target(directory(settings)).stateStore(new InMemorySyncStateStore()).clock(clock)
                .listener(metrics.listener(SyncId.of("hr-to-zendesk"))).build().run(RunOptions.defaults());

        assertThat(report.status()).as(report.summary()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(zendesk.userIds()).hasSizeGreaterThanOrEqualTo(3);
        assertThat(requests("rate_limited")).isEqualTo(1);
        assertThat(requests("success")).isPositive();
        double all = registry.find(RosterSyncMetrics.VENDOR_REQUESTS).counters().stream().mapToDouble(c -> c.count()).sum();
        assertThat(all).isEqualTo(zendesk.requestCount());
        Timer retryWait = registry.get(RosterSyncMetrics.VENDOR_WAIT).tags("vendor", "zendesk", "reason", "retry").timer();
        assertThat(retryWait.count()).isEqualTo(1);
        assertThat(retryWait.totalTime(TimeUnit.SECONDS)).isEqualTo(2.0);
        Timer permitWait = registry.get(RosterSyncMetrics.VENDOR_WAIT).tags("vendor", "zendesk", "reason", "rate_limit").timer();
        assertThat(permitWait.count()).isEqualTo(zendesk.requestCount());
        assertThat(registry.get("resilience4j.retry.calls").tags("name", "zendesk-idempotent", "kind", "successful_with_retry")
                .functionCounter().count()).isEqualTo(1);
        assertThat(registry.get("resilience4j.ratelimiter.available.permissions").tag("name", "host-wide").gauge().value())
                .isPositive();
        assertThat(count("create", "applied")).isEqualTo(3);
    }

    private double count(String kind, String outcome) {
        return registry.get(RosterSyncMetrics.ACTIONS).tags("kind", kind, "outcome", outcome).counter().count();
    }

    @Test
    void instrumentingTwiceCountsOnceAndTheSettingsOwnListenerStillHearsEveryAttempt() {
        AtomicInteger heard = new AtomicInteger();
        HttpListener host = new HttpListener() {
            @Override
            public void responded(String vendor, int status) {
                heard.incrementAndGet();
            }
        };
        RosterSyncMetrics metrics = RosterSyncMetrics.of(registry);
        HttpSettings once = metrics.instrument(http().listener(host).build());
        HttpSettings twice = metrics.instrument(once);
        zendesk.addUser("Ann Example", "ann@example.com", "agent");

        assertThat(twice).isSameAs(once);
        List<UserRecord> read = new ArrayList<>();
        try (var pages = directory(twice).readAll()) {
            pages.next().ifPresent(p -> read.addAll(p.users()));
        }

        assertThat(read).isNotEmpty();
        assertThat(heard.get()).isEqualTo(zendesk.requestCount());
        assertThat(requests("success")).isEqualTo(zendesk.requestCount());
    }

    @Test
    void noTagValueEverCarriesAUsersIdEmailOrName() {
        InMemoryUserDirectory source = InMemoryUserDirectory.create("hr");
        List<String> secrets = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            String email = "zq" + i + ".tagcheck-person@identity-leak.example";
            UserRecord r = source.add(UserProfile.builder().email(email).username("zq" + i + "-login")
                    .firstName("Quillon" + i).lastName("Tagcheck").attribute("employeeId", "EMP-7731" + i).build());
            secrets.add(r.id().value());
            secrets.add(email);
            secrets.add("zq" + i + ".tagcheck-person");
            secrets.add("zq" + i + "-login");
            secrets.add("Quillon" + i);
            secrets.add("EMP-7731" + i);
        }
        // Two source users share an email: a conflict naming both.
        source.add(UserProfile.builder().email("zq0.tagcheck-person@identity-leak.example").firstName("Twin").lastName("Tagcheck").build());
        long existing = zendesk.addUser("Zebulon Tagcheck", "zebulon.tagcheck@identity-leak.example", "agent");
        secrets.add(Long.toString(existing));
        secrets.add("zebulon.tagcheck@identity-leak.example");
        secrets.add("Zebulon");
        zendesk.faults().next(ZendeskEmulator.LIST_USERS, Fault.rateLimited(Duration.ofSeconds(1)))
                .next(ZendeskEmulator.CREATE_OR_UPDATE_MANY, Fault.status(503));
        SyncId sync = SyncId.of("tenant-acme");
        RosterSyncMetrics metrics = RosterSyncMetrics.builder(registry).tagSyncIds().build();
        HttpSettings settings = metrics.instrument(http().build());
        InMemoryLicensePool seats = InMemoryLicensePool.of("agent-seats", 2);
        RecordingListener host = new RecordingListener();

        SyncRunner runner = SyncRunner.builder().syncId(sync).source(source).target(directory(settings))
                .policy(SyncPolicy.builder().license(LicenseRule.everyone("agent-seats")).build())
                .licensePool(metrics.licensePool(sync, seats)).stateStore(new InMemorySyncStateStore()).clock(clock)
                .listener(metrics.listener(sync, host)).build();
        SyncReport first = runner.run(RunOptions.defaults());
        SyncReport second = runner.run(RunOptions.defaults().withForceFull());

        zendesk.userIds().forEach(id -> secrets.add(Long.toString(id)));
        assertThat(first.conflicts()).isNotEmpty();
        assertThat(second.waitingForSeat()).isNotEmpty();
        assertThat(host.report()).contains(second);
        List<Tag> tags = new ArrayList<>();
        for (Meter m : registry.getMeters()) {
            tags.addAll(m.getId().getTags());
        }
        assertThat(tags).extracting(Tag::getKey).contains("sync", "kind", "outcome", "vendor", "license", "name");
        for (Tag tag : tags) {
            String value = tag.getValue().toLowerCase(Locale.ROOT);
            for (String secret : secrets) {
                assertThat(value).as("tag %s", tag).doesNotContain(secret.toLowerCase(Locale.ROOT));
            }
            assertThat(value).as("tag %s", tag).doesNotContain("@").doesNotContain("tagcheck").doesNotContain("quillon");
        }
        Map<String, List<String>> valuesByKey = new java.util.TreeMap<>();
        tags.forEach(t -> valuesByKey.computeIfAbsent(t.getKey(), k -> new ArrayList<>()).add(t.getValue()));
        assertThat(valuesByKey.get("sync")).containsOnly("tenant-acme");
        assertThat(valuesByKey.get("license")).containsOnly("agent-seats");
        assertThat(valuesByKey.get("vendor")).containsOnly("zendesk");
    }
}
