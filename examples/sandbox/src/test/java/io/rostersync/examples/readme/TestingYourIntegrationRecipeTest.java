package io.rostersync.examples.readme;

import static org.assertj.core.api.Assertions.assertThat;

import io.rostersync.emulators.EmulatorExtension;
import io.rostersync.emulators.Fault;
import io.rostersync.emulators.RecordedRequest;
import io.rostersync.emulators.talkdesk.TalkdeskEmulator;
import io.rostersync.engine.RunOptions;
import io.rostersync.engine.SyncRunner;
import io.rostersync.model.SyncId;
import io.rostersync.model.UserProfile;
import io.rostersync.policy.Field;
import io.rostersync.policy.Ownership;
import io.rostersync.policy.SyncPolicy;
import io.rostersync.spi.RunStatus;
import io.rostersync.spi.SyncReport;
import io.rostersync.testkit.InMemorySyncStateStore;
import io.rostersync.testkit.InMemoryUserDirectory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The README's "Testing your integration" example, as it is printed there: script, exercise, verify. */
@Timeout(60)
class TestingYourIntegrationRecipeTest {

    // tag::testing-your-integration[]
    @RegisterExtension
    final EmulatorExtension<TalkdeskEmulator> talkdesk = TalkdeskEmulator.extension(); // a fresh account per test

    @Test
    void importsTalkdeskAgentsThroughFlakyPages() {
        // 1. Script: seed the vendor and plan its faults, per route.
        TalkdeskEmulator emulator = talkdesk.emulator();
        emulator.add(UserProfile.builder().email("ann@example.com").firstName("Ann").lastName("Lee").role("Agent").build());
        emulator.faults()
                .next(TalkdeskEmulator.LIST_USERS, Fault.status(503))      // the first users page fails,
                .next(TalkdeskEmulator.LIST_USERS, Fault.resetMidBody());  // the retry is cut off mid-body

        // 2. Exercise your code against the emulator: directory() is already pointed at it.
        InMemoryUserDirectory host = InMemoryUserDirectory.builder("host").build();
        SyncReport report = SyncRunner.builder()
                .syncId(SyncId.of("talkdesk-import"))
                .source(emulator.directory().build())
                .target(host)
                .policy(SyncPolicy.builder().own(Field.USERNAME, Ownership.NEVER).build())
                .stateStore(new InMemorySyncStateStore())
                .build()
                .run(RunOptions.defaults());

        // 3. Verify the outcome, and what your code sent (secrets are masked in recorded requests).
        assertThat(report.status()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(host.all()).extracting(u -> u.email().orElseThrow().value()).containsExactly("ann@example.com");
        RecordedRequest token = emulator.takeRequest();
        assertThat(token.requestLine()).isEqualTo("POST /oauth/token");
        assertThat(token.header("Authorization")).contains(RecordedRequest.MASK);
        assertThat(emulator.requests())
                .filteredOn(r -> TalkdeskEmulator.LIST_USERS.matches(r.method(), r.path()))
                .hasSizeGreaterThanOrEqualTo(3); // the 503, the reset, then the page that worked
        assertThat(emulator.faults().pending()).isZero();
    }
    // end::testing-your-integration[]
}
