package io.rostersync.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import io.rostersync.engine.RunOptions;
import io.rostersync.engine.SyncRunner;
import io.rostersync.model.NativeId;
import io.rostersync.model.SyncId;
import io.rostersync.model.UserPatch;
import io.rostersync.model.UserProfile;
import io.rostersync.model.UserRecord;
import io.rostersync.model.UserStatus;
import io.rostersync.policy.SyncPolicy;
import io.rostersync.spi.ActionKind;
import io.rostersync.spi.ConflictKind;
import io.rostersync.spi.Reason;
import io.rostersync.spi.ReasonCode;
import io.rostersync.spi.RunStatus;
import io.rostersync.spi.SyncReport;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The engine end to end on in-memory directories. Issue 12 section 3: a new source user whose email is
 * {@code kate@example.com} spelt with U+212A KELVIN SIGN matched the host's existing {@code kate@example.com}
 * and renamed her; a source record with a 2,000,000-character name was written to the target.
 */
class IdentityKeysEndToEndTest {

    private static final SyncId SYNC = SyncId.of("identity-keys");
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-06-01T12:00:00Z"), ZoneOffset.UTC);

    private InMemoryUserDirectory source;
    private InMemoryUserDirectory host;
    private InMemorySyncStateStore store;

    @BeforeEach
    void setUp() {
        source = InMemoryUserDirectory.builder("hr").build();
        host = InMemoryUserDirectory.builder("host").build();
        store = new InMemorySyncStateStore();
    }

    private static UserProfile profile(String email, String first, String last) {
        return UserProfile.builder().email(email).firstName(first).lastName(last).build();
    }

    private SyncReport run() {
        return SyncRunner.builder().syncId(SYNC).source(source).target(host).policy(SyncPolicy.defaults())
                .stateStore(store).clock(CLOCK).build().run(RunOptions.defaults());
    }

    @Test
    void kateSpeltWithAKelvinSignDoesNotRenameKateAndIsNotCreatedNextToHer() {
        UserRecord kate = host.add(profile("kate@example.com", "Kate", "Smith"));
        NativeId mallory = source.add(profile("\u212Aate@example.com", "Mallory", "Evil")).id();
        source.add(profile("ann@example.com", "Ann", "Lee"));
        int writesBefore = host.writeCount();

        for (int run = 0; run < 2; run++) {
            // a full run each time: a quiet incremental run plans nobody, so it lists no conflict either
            SyncReport report = SyncRunner.builder().syncId(SYNC).source(source).target(host).policy(SyncPolicy.defaults())
                    .stateStore(store).clock(CLOCK).build().run(RunOptions.defaults().withForceFull());
            assertThat(report.status()).isEqualTo(RunStatus.SUCCEEDED);
            assertThat(report.conflicts()).singleElement().satisfies(c -> {
                assertThat(c.kind()).isEqualTo(ConflictKind.LOOKALIKE_KEY);
                assertThat(c.users()).anySatisfy(u -> assertThat(u.sourceId()).contains(mallory));
                assertThat(c.users()).anySatisfy(u -> assertThat(u.targetId()).contains(kate.id()));
                assertThat(c.reasons()).extracting(Reason::code).containsExactly(ReasonCode.LOOKALIKE_OF_TARGET);
                assertThat(c.reasons().get(0).list("targetIds")).containsExactly(kate.id().value());
                assertThat(report.summary()).contains("U+212A KELVIN SIGN");
            });
        }
        assertThat(run().plannedTotal()).as("and a quiet incremental run writes nothing").isZero();
        assertThat(host.get(kate.id()).orElseThrow()).isEqualTo(kate);
        assertThat(host.size()).as("kate and ann, nobody else").isEqualTo(2);
        assertThat(host.writeCount() - writesBefore).as("ann's create only").isEqualTo(1);
        assertThat(store.links(SYNC).bySource(mallory)).isEmpty();
        assertThat(store.links(SYNC).byTarget(kate.id())).isEmpty();
    }

    @Test
    void theRealKateStillMatchesHerAccountWhenTheLookalikeIsInTheSourceToo() {
        UserRecord kate = host.add(profile("kate@example.com", "Kate", "Smith"));
        NativeId realKate = source.add(profile("KATE@example.com", "Kate", "Smith-Jones")).id();
        source.add(profile("\u212Aate@example.com", "Mallory", "Evil"));

        SyncReport report = run();

        assertThat(report.planned()).containsEntry(ActionKind.LINK, 1).containsEntry(ActionKind.UPDATE, 1)
                .doesNotContainKey(ActionKind.CREATE);
        assertThat(report.conflicts()).extracting(c -> c.kind()).containsExactly(ConflictKind.LOOKALIKE_KEY);
        assertThat(host.get(kate.id()).orElseThrow().lastName()).isEqualTo("Smith-Jones");
        assertThat(store.links(SYNC).bySource(realKate).orElseThrow().targetId()).isEqualTo(kate.id());
    }

    @Test
    void aTwoMillionCharacterNameIsAReadProblemAndNothingIsWrittenOrDeprovisioned() {
        NativeId ann = source.add(profile("ann@example.com", "Ann", "Lee")).id();
        NativeId eve = source.add(profile("eve@example.com", "Eve", "Big")).id();
        NativeId bob = source.add(profile("bob@example.com", "Bob", "Gone")).id();
        assertThat(run().status()).isEqualTo(RunStatus.SUCCEEDED);
        int writes = host.writeCount();

        source.update(eve, UserPatch.builder().firstName("x".repeat(2_000_000)).build());
        source.update(ann, UserPatch.builder().lastName("Lee-Park").build());
        source.remove(bob);
        SyncReport report = run();

        assertThat(report.status()).isEqualTo(RunStatus.PARTIAL);
        assertThat(report.readProblems()).singleElement().satisfies(p -> {
            assertThat(p.location()).isEqualTo("user " + eve);
            assertThat(p.message()).contains("first name of 2000000 characters, more than the limit of 256");
        });
        assertThat(report.message().length()).isLessThan(400);
        assertThat(host.findByEmail("eve@example.com").orElseThrow().firstName()).isEqualTo("Eve");
        assertThat(host.findByEmail("bob@example.com").orElseThrow().status()).as("not deprovisioned").isEqualTo(UserStatus.ACTIVE);
        // the rest of the change set still applies: ann's new name
        assertThat(host.findByEmail("ann@example.com").orElseThrow().lastName()).isEqualTo("Lee-Park");
        assertThat(host.writeCount() - writes).isEqualTo(1);
    }

    @Test
    void tenThousandAttributesAreAReadProblemInAFullRunToo() {
        Map<String, String> attributes = new TreeMap<>();
        for (int i = 0; i < 10_000; i++) {
            attributes.put("field" + i, "value " + i);
        }
        source.add(UserProfile.builder().email("eve@example.com").firstName("Eve").lastName("Big").attributes(attributes).build());
        source.add(profile("ann@example.com", "Ann", "Lee"));

        SyncReport report = SyncRunner.builder().syncId(SYNC).source(source).target(host)
                .policy(SyncPolicy.builder().ownAttribute("field1", io.rostersync.policy.Ownership.ALWAYS).build())
                .stateStore(store).clock(CLOCK).build().run(RunOptions.defaults().withForceFull());

        assertThat(report.readProblems()).singleElement().satisfies(p -> assertThat(p.message()).contains("10000 attributes"));
        assertThat(host.findByEmail("eve@example.com")).isEmpty();
        assertThat(host.findByEmail("ann@example.com")).isPresent();
    }
}
