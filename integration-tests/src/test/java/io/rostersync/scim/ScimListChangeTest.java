package io.rostersync.scim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.rostersync.engine.RunOptions;
import io.rostersync.engine.SyncRunner;
import io.rostersync.model.SyncId;
import io.rostersync.model.UserProfile;
import io.rostersync.model.UserStatus;
import io.rostersync.policy.Field;
import io.rostersync.policy.Ownership;
import io.rostersync.policy.SyncPolicy;
import io.rostersync.spi.SyncReport;
import io.rostersync.spi.InvalidResponseException;
import io.rostersync.spi.UserPage;
import io.rostersync.spi.UserPages;
import io.rostersync.testkit.InMemorySyncStateStore;
import io.rostersync.testkit.InMemoryUserDirectory;
import io.rostersync.testkit.RosterGenerator;
import io.rostersync.emulators.scim.ScimEmulator;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Issue 12 section 2: a {@code startIndex}-paged read whose list changes between two page requests (someone
 * deleted, inserted, moved or replaced) must neither skip a user nor list one twice; it reads again from the
 * start, and a list that never holds still ends the read as truncated.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ScimListChangeTest {

    private ScimEmulator emulator;
    private final List<String> initial = new ArrayList<>();

    @BeforeEach
    void start() {
        emulator = ScimEmulator.builder().bearerToken(ScimFixtures.TOKEN).build();
        emulator.start();
        for (UserProfile p : new RosterGenerator(12).profiles(10)) {
            initial.add(emulator.add(p));
        }
    }

    @AfterEach
    void stop() {
        emulator.close();
    }

    private ScimUserDirectory directory(int pageSize) {
        return ScimFixtures.directory("scim-list", emulator.baseUri(), ScimFixtures.TOKEN).pageSize(pageSize).build();
    }

    private static List<String> readIds(ScimUserDirectory dir) {
        List<String> ids = new ArrayList<>();
        try (UserPages pages = dir.readAll()) {
            for (Optional<UserPage> p = pages.next(); p.isPresent(); p = pages.next()) {
                p.get().users().forEach(u -> ids.add(u.id().value()));
            }
        }
        return ids;
    }

    private List<String> storedIds() {
        return emulator.users().stream().map(u -> (String) u.get("id")).collect(Collectors.toList());
    }

    @Test
    void aUserDeletedBetweenPagesMakesNobodyElseDisappear() {
        emulator.deleteFirstUserBetweenPages(1);
        List<String> read = readIds(directory(3));
        assertThat(storedIds()).hasSize(9);
        assertThat(read).doesNotHaveDuplicates().containsAll(storedIds());
    }

    @Test
    void aUserInsertedBetweenPagesListsNobodyTwice() {
        emulator.insertUserBetweenPages(1);
        List<String> read = readIds(directory(3));
        assertThat(read).doesNotHaveDuplicates().containsAll(initial);
    }

    @Test
    void aUserMovedToTheEndBetweenPagesIsListedOnceAndNobodyIsSkipped() {
        emulator.moveFirstUserToEndBetweenPages(1);
        List<String> read = readIds(directory(3));
        assertThat(read).doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(initial);
    }

    @Test
    void aDeleteAndAnInsertThatKeepTotalResultsStillAreNoticed() {
        emulator.replaceFirstUserBetweenPages(1);
        List<String> read = readIds(directory(3));
        List<String> survivors = new ArrayList<>(initial);
        survivors.retainAll(storedIds());
        assertThat(survivors).hasSize(9);
        assertThat(read).doesNotHaveDuplicates().containsAll(survivors);
    }

    @Test
    void aListThatChangesOnEveryPageEndsTheReadAsTruncatedAfterTheAttempts() {
        emulator.deleteFirstUserBetweenPages(1000);
        assertThatThrownBy(() -> readIds(directory(2)))
                .isInstanceOf(InvalidResponseException.class)
                .hasMessageContaining("changed between pages in 3 reads").hasMessageContaining("truncated");
        // Three passes, each stopped at its second page.
        assertThat(emulator.requestCount("GET /scim/v2/Users")).isEqualTo(6);
    }

    @Test
    void oneReadAttemptFailsAtTheFirstChange() {
        emulator.moveFirstUserToEndBetweenPages(1);
        ScimUserDirectory dir = ScimFixtures.directory("scim-list", emulator.baseUri(), ScimFixtures.TOKEN)
                .pageSize(3).readAttempts(1).build();
        assertThatThrownBy(() -> readIds(dir)).isInstanceOf(InvalidResponseException.class).hasMessageContaining("truncated");
    }

    @Test
    void aServerThatCapsPagesBelowTheAskedCountIsReadInFullWithoutFalseAlarms() {
        emulator.close();
        emulator = ScimEmulator.builder().bearerToken(ScimFixtures.TOKEN).maxPageSize(4).build();
        emulator.start();
        List<String> ids = new ArrayList<>();
        for (UserProfile p : new RosterGenerator(13).profiles(17)) {
            ids.add(emulator.add(p));
        }
        assertThat(readIds(directory(10))).containsExactlyElementsOf(ids);
        // 4, then 3 new per overlapping page: 1-4, 4-7, 7-10, 10-13, 13-16, 16-17.
        assertThat(emulator.requestCount("GET /scim/v2/Users")).isEqualTo(6);
    }

    /**
     * Seeded random lists, page sizes and changes between pages: whenever the read completes, every user
     * that was there from start to end is in it once, and nobody is in it who never was.
     */
    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25,
            26, 27, 28, 29, 30, 31, 32, 33, 34, 35, 36, 37, 38, 39, 40})
    void randomChangesBetweenPagesNeverLoseOrDuplicateAStableUser(long seed) {
        emulator.close();
        Random random = new Random(seed);
        emulator = ScimEmulator.builder().bearerToken(ScimFixtures.TOKEN).maxPageSize(1 + random.nextInt(8)).build();
        emulator.start();
        Set<String> everyone = new HashSet<>();
        for (UserProfile p : new RosterGenerator(seed).profiles(random.nextInt(30))) {
            everyone.add(emulator.add(p));
        }
        Set<String> before = new HashSet<>(everyone);
        int changes = random.nextInt(4);
        for (int i = 0; i < changes; i++) {
            switch (random.nextInt(4)) {
                case 0 -> emulator.deleteFirstUserBetweenPages(1);
                case 1 -> emulator.insertUserBetweenPages(1);
                case 2 -> emulator.moveFirstUserToEndBetweenPages(1);
                default -> emulator.replaceFirstUserBetweenPages(1);
            }
        }
        ScimUserDirectory dir = directory(1 + random.nextInt(9));
        List<String> read;
        try {
            read = readIds(dir);
        } catch (InvalidResponseException e) {
            assertThat(e).hasMessageContaining("truncated");
            return;
        }
        Set<String> after = new HashSet<>(storedIds());
        everyone.addAll(after);
        Set<String> stable = new HashSet<>(before);
        stable.retainAll(after);
        assertThat(read).as("seed %d", seed).doesNotHaveDuplicates().containsAll(stable);
        assertThat(everyone).containsAll(read);
    }

    /**
     * End to end: a sync whose SCIM source loses one user between two pages deactivates that user's target
     * account and nobody else's. Before the fix, the user the shift skipped was deactivated too.
     */
    @Test
    void aSyncFromAListThatShiftedDeactivatesOnlyTheUserReallyGone() {
        SyncId sync = SyncId.of("scim-list-change");
        InMemoryUserDirectory target = InMemoryUserDirectory.builder("target").build();
        InMemorySyncStateStore store = new InMemorySyncStateStore();
        SyncRunner runner = SyncRunner.builder().syncId(sync).source(directory(3)).target(target)
                .policy(SyncPolicy.builder().own(Field.USERNAME, Ownership.NEVER).build()).stateStore(store).build();
        SyncReport baseline = runner.run(RunOptions.defaults());
        assertThat(target.all()).hasSize(10);
        String gone = (String) ((Map<?, ?>) ((List<?>) emulator.users().get(0).get("emails")).get(0)).get("value");

        emulator.deleteFirstUserBetweenPages(1);
        SyncReport report = runner.run(RunOptions.defaults());
        assertThat(report.failures()).as(report.summary()).isEmpty();
        // The read handed the deleted user out before it went; nobody the shift moved is taken for gone.
        assertThat(inactive(target)).as(baseline.summary() + " / " + report.summary()).isEmpty();

        SyncReport next = runner.run(RunOptions.defaults());
        assertThat(inactive(target)).as(next.summary()).containsExactly(gone);
    }

    private static List<String> inactive(InMemoryUserDirectory target) {
        return target.all().stream().filter(u -> u.status() != UserStatus.ACTIVE)
                .map(u -> u.email().orElseThrow().value()).collect(Collectors.toList());
    }
}
