package io.rostersync.zendesk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.rostersync.model.Cursor;
import io.rostersync.model.NativeId;
import io.rostersync.model.UserRecord;
import io.rostersync.model.UserStatus;
import io.rostersync.spi.FailureKind;
import io.rostersync.spi.RosterSyncException;
import io.rostersync.spi.UserPage;
import io.rostersync.spi.UserPages;
import io.rostersync.testkit.RosterGenerator;
import io.rostersync.testkit.ManualClock;
import io.rostersync.emulators.zendesk.ZendeskEmulator;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
class ZendeskReadTest {

    private final ManualClock clock = ManualClock.startingAtAFixedTime();
    private ZendeskEmulator emulator;

    @BeforeEach
    void start() throws Exception {
        emulator = Fixtures.emulator(clock).incrementalLimitPerMinute(0).start();
    }

    @AfterEach
    void stop() {
        emulator.close();
    }

    static List<UserPage> pages(UserPages read) {
        List<UserPage> pages = new ArrayList<>();
        try (read) {
            for (Optional<UserPage> p = read.next(); p.isPresent(); p = read.next()) {
                pages.add(p.get());
            }
        }
        return pages;
    }

    static List<UserRecord> users(List<UserPage> pages) {
        return pages.stream().flatMap(p -> p.users().stream()).toList();
    }

    static Cursor lastCursor(List<UserPage> pages) {
        return pages.get(pages.size() - 1).cursorAfter().orElseThrow();
    }

    @Test
    void fullReadFollowsCursorPagesOfAHundred() {
        emulator.seed(new RosterGenerator(7), 250);
        clock.advance(Duration.ofMinutes(2));

        List<UserPage> pages = pages(Fixtures.directory(emulator, clock).build().readAll());

        assertThat(pages).hasSize(3);
        assertThat(users(pages)).hasSize(250).extracting(UserRecord::id).doesNotHaveDuplicates();
        assertThat(emulator.requestCount("GET /api/v2/users")).isEqualTo(3);
        assertThat(emulator.requestCount("GET /api/v2/custom_roles")).isEqualTo(1);
        assertThat(pages.get(0).cursorAfter()).isEmpty();
        assertThat(pages.get(2).cursorAfter()).isPresent();
    }

    @Test
    void readWhereNobodyHoldsACustomRoleDoesNotListCustomRoles() {
        for (int i = 0; i < 150; i++) {
            emulator.addUser("Agent " + i, "agent" + i + "@abc-energy.test", i % 3 == 0 ? "admin" : "agent");
        }
        clock.advance(Duration.ofMinutes(2));

        List<UserRecord> users = users(pages(Fixtures.directory(emulator, clock).build().readAll()));

        assertThat(users).hasSize(150);
        assertThat(emulator.requestCount("GET /api/v2/users")).isEqualTo(2);
        assertThat(emulator.requestCount("GET /api/v2/custom_roles")).isZero();
    }

    @Test
    void customRolesAreListedOncePerReadWhenTheFirstHolderAppears() {
        for (int i = 0; i < 150; i++) {
            emulator.addUser("Agent " + i, "agent" + i + "@abc-energy.test", "agent");
        }
        long lead = emulator.addAgentWithCustomRole("Quinn Lead", "quinn@abc-energy.test", "QA Lead");
        long coach = emulator.addAgentWithCustomRole("Cora Coach", "cora@abc-energy.test", "Coach");
        clock.advance(Duration.ofMinutes(2));
        ZendeskDirectory dir = Fixtures.directory(emulator, clock).build();

        List<UserRecord> users = users(pages(dir.readAll()));
        List<UserRecord> again = users(pages(dir.readAll()));

        assertThat(users).filteredOn(u -> u.id().value().equals(Long.toString(lead))).singleElement()
                .satisfies(u -> assertThat(u.roles()).containsExactlyInAnyOrder("agent", "QA Lead"));
        assertThat(again).filteredOn(u -> u.id().value().equals(Long.toString(coach))).singleElement()
                .satisfies(u -> assertThat(u.roles()).containsExactlyInAnyOrder("agent", "Coach"));
        // Both holders are on the second page; each read asks once, so a renamed role is seen by the next read.
        assertThat(emulator.requestCount("GET /api/v2/custom_roles")).isEqualTo(2);
    }

    @Test
    void roleFilterIsAppliedByZendesk() {
        emulator.addUser("Ada Admin", "ada@abc-energy.test", "admin");
        emulator.addUser("Carl Customer", "carl@example.com", "end-user");
        emulator.addAgentWithCustomRole("Quinn Lead", "quinn@abc-energy.test", "QA Lead");
        emulator.addUser("Ann Agent", "ann@abc-energy.test", "agent");

        List<UserRecord> users = users(pages(Fixtures.directory(emulator, clock)
                .onlyRoles(Set.of(ZendeskRole.AGENT, ZendeskRole.ADMIN)).build().readAll()));

        assertThat(users).extracting(UserRecord::label)
                .containsExactly("ada@abc-energy.test", "quinn@abc-energy.test", "ann@abc-energy.test");
    }

    @Test
    void mapsNameRolesStatusAndAttributes() {
        long id = emulator.addAgentWithCustomRole("  Ana   Van der Berg ", "Ana.VDB@Abc-Energy.test", "QA Lead");
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("employee_no", "E7");
        fields.put("empty", null);
        fields.put("level", 3);
        long madonna = emulator.addRawUser(Map.of("name", "Madonna", "email", "madonna@abc-energy.test", "role", "admin",
                "suspended", true, "external_id", "hr-42", "tags", List.of("vip", "night_shift"), "user_fields", fields));

        List<UserRecord> users = users(pages(Fixtures.directory(emulator, clock).build().readAll()));

        UserRecord ana = users.stream().filter(u -> u.id().equals(NativeId.of(Long.toString(id)))).findFirst().orElseThrow();
        assertThat(ana.firstName()).isEqualTo("Ana");
        assertThat(ana.lastName()).isEqualTo("Van der Berg");
        assertThat(ana.label()).isEqualTo("ana.vdb@abc-energy.test");
        assertThat(ana.roles()).containsExactlyInAnyOrder("agent", "QA Lead");
        assertThat(ana.attributes()).containsEntry(ZendeskAttributes.ROLE_TYPE, "0").containsKey(ZendeskAttributes.CUSTOM_ROLE_ID);
        assertThat(ana.status()).isEqualTo(UserStatus.ACTIVE);
        assertThat(ana.updatedAt()).contains(clock.instant());

        UserRecord m = users.stream().filter(u -> u.id().value().equals(Long.toString(madonna))).findFirst().orElseThrow();
        assertThat(m.firstName()).isEqualTo("Madonna");
        assertThat(m.lastName()).isEmpty();
        assertThat(m.status()).isEqualTo(UserStatus.SUSPENDED);
        assertThat(m.roles()).containsExactly("admin");
        assertThat(m.attributes())
                .containsEntry(ZendeskAttributes.EXTERNAL_ID, "hr-42")
                .containsEntry(ZendeskAttributes.TAGS, "night_shift,vip")
                .containsEntry("user_field.employee_no", "E7")
                .containsEntry("user_field.level", "3")
                .doesNotContainKey("user_field.empty");
    }

    @Test
    void unmappableUserBecomesAReadProblemAndTheReadGoesOn() {
        emulator.addUser("Good One", "good@abc-energy.test", "agent");
        long bad = emulator.addRawUser(Map.of("name", "Bad Mail", "email", "not-an-address", "role", "agent"));

        List<UserPage> pages = pages(Fixtures.directory(emulator, clock).build().readAll());

        assertThat(users(pages)).extracting(UserRecord::label).containsExactly("good@abc-energy.test");
        assertThat(pages.get(0).problems()).singleElement().satisfies(p -> {
            assertThat(p.location()).isEqualTo("user " + bad);
            assertThat(p.message()).contains("email").doesNotContain("not-an-address");
        });
    }

    @Test
    void softDeletedUsersAreGone() {
        long id = emulator.addUser("Del Eted", "del@abc-energy.test", "agent");
        emulator.softDelete(id);
        ZendeskDirectory dir = Fixtures.directory(emulator, clock).build();

        assertThat(users(pages(dir.readAll()))).isEmpty();
        assertThat(dir.get(NativeId.of(Long.toString(id)))).isEmpty();
    }

    @Test
    void incrementalReadReturnsChangesAndRemovalsSinceTheFullRead() {
        List<Long> ids = emulator.seed(new RosterGenerator(3), 20);
        clock.advance(Duration.ofMinutes(10));
        ZendeskDirectory dir = Fixtures.directory(emulator, clock).build();
        Cursor afterFull = lastCursor(pages(dir.readAll()));
        clock.advance(Duration.ofMinutes(2));
        emulator.rename(ids.get(0), "Renamed Person");
        emulator.softDelete(ids.get(1));
        long added = emulator.addUser("New Starter", "new.starter@abc-energy.test", "agent");
        clock.advance(Duration.ofMinutes(2));

        List<UserPage> changes = pages(dir.readChanges(afterFull));

        assertThat(users(changes)).extracting(u -> u.id().value())
                .containsExactly(Long.toString(ids.get(0)), Long.toString(added));
        assertThat(users(changes).get(0).lastName()).isEqualTo("Person");
        assertThat(changes.stream().flatMap(p -> p.removed().stream())).containsExactly(NativeId.of(Long.toString(ids.get(1))));

        // Nothing changed since: the stored cursor gives an empty page and one request.
        emulator.resetCounts();
        clock.advance(Duration.ofHours(6));
        List<UserPage> none = pages(dir.readChanges(lastCursor(changes)));
        assertThat(users(none)).isEmpty();
        assertThat(emulator.requestCount("GET /api/v2/incremental/users/cursor")).isEqualTo(1);
    }

    @Test
    void userChangedWhilePagingTheExportAppearsOnceInItsLatestState() {
        List<Long> ids = emulator.seed(new RosterGenerator(4), 30);
        clock.advance(Duration.ofMinutes(10));
        ZendeskDirectory dir = Fixtures.directory(emulator, clock).incrementalPageSize(10).build();
        Cursor start = lastCursor(pages(dir.readAll()));
        ids.forEach(id -> emulator.rename(id, "Changed " + id));
        clock.advance(Duration.ofMinutes(2));
        // While the client reads the first export page, someone renames a user it already received.
        emulator.afterNextResponse("GET /api/v2/incremental/users/cursor", () -> emulator.rename(ids.get(0), "Late Change"));

        List<UserRecord> changed = users(pages(dir.readChanges(start)));

        assertThat(changed).hasSize(30).extracting(UserRecord::id).doesNotHaveDuplicates();
        assertThat(changed).filteredOn(u -> u.id().value().equals(Long.toString(ids.get(0))))
                .singleElement().satisfies(u -> assertThat(u.firstName()).isEqualTo("Late"));
        assertThat(emulator.requestCount("GET /api/v2/incremental/users/cursor")).isEqualTo(4);
    }

    @Test
    void cursorFromAnotherDirectoryIsRefusedClearly() {
        ZendeskDirectory dir = Fixtures.directory(emulator, clock).build();
        assertThatThrownBy(() -> dir.readChanges(Cursor.of("csv:line:42")))
                .isInstanceOf(RosterSyncException.class)
                .satisfies(e -> assertThat(((RosterSyncException) e).kind()).isEqualTo(FailureKind.INVALID_CONFIGURATION));
    }

    @Test
    void nonNumericOrUnknownIdsAreEmpty() {
        ZendeskDirectory dir = Fixtures.directory(emulator, clock).build();
        assertThat(dir.get(NativeId.of("abc"))).isEmpty();
        assertThat(dir.get(NativeId.of("99999999"))).isEmpty();
        assertThat(emulator.requestCount("GET /api/v2/users/{id}")).isEqualTo(1);
    }
}
