package io.rostersync.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import io.rostersync.model.NativeId;
import io.rostersync.model.UserPatch;
import io.rostersync.model.UserProfile;
import io.rostersync.model.UserRecord;
import io.rostersync.model.UserStatus;
import io.rostersync.spi.Capability;
import io.rostersync.spi.CreateOptions;
import io.rostersync.spi.FailureKind;
import io.rostersync.spi.UserDirectory;
import io.rostersync.spi.UserPage;
import io.rostersync.spi.UserPages;
import io.rostersync.spi.WriteResult;
import io.rostersync.testkit.UserDirectoryContract;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The directory contract, and the host-shaped mapping's own behaviour, on a table that is not rostersync's. */
class HostTableDirectoryTest {

    static final Instant NOW = Instant.parse("2026-06-01T10:15:30.123Z");

    abstract static class HostShaped extends UserDirectoryContract {

        DataSource db;

        abstract DataSource freshDatabase() throws Exception;

        @Override
        protected UserDirectory directory() {
            try {
                db = HostTables.createCrmTables(freshDatabase());
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
            return JdbcUserDirectory.builder("crm", db, HostTables.crmMapping(db).build())
                    .clock(Clock.fixed(NOW, ZoneOffset.UTC)).pageSize(2).lookUpBatch(2).build().validate();
        }

        /** The host's table has only an active flag: a pending or suspended account is stored as inactive (as documented). */
        @Override
        protected java.util.Set<UserStatus> statusesOnCreate() {
            return java.util.EnumSet.of(UserStatus.ACTIVE, UserStatus.INACTIVE);
        }

        JdbcUserDirectory dir() {
            return (JdbcUserDirectory) directory();
        }

        @Test
        void declaresEveryWriteTheMappingSupportsAndLookUps() {
            assertThat(dir().capabilities()).containsExactlyInAnyOrder(Capability.READ, Capability.LOOKUP, Capability.CREATE,
                    Capability.UPDATE, Capability.DELETE, Capability.DEACTIVATE, Capability.REACTIVATE);
        }

        @Test
        void aFullProfileIsStoredInTheHostsColumnsAndSideTablesAndReadBack() throws Exception {
            JdbcUserDirectory dir = dir();
            UserProfile profile = UserProfile.builder().email("Kate.Host@Example.com").username("KHost").firstName("Kate")
                    .lastName("Host").status(UserStatus.ACTIVE).role("agent").role("admin").group("Team A").group("Team B")
                    .attribute("employee_id", "E-1").attribute("locale", "fr").build();
            UserRecord stored = ((WriteResult.Stored) dir.create(profile, CreateOptions.silent())).record();

            assertThat(stored.id().value()).as("the database's generated id").matches("\\d+");
            assertThat(stored.profile()).isEqualTo(profile);
            assertThat(stored.updatedAt()).contains(NOW);
            String table = HostTables.people(db);
            assertThat(HostTables.count(db, "SELECT COUNT(*) FROM " + table + " WHERE active = TRUE AND role_list = 'admin;agent'"
                    + " AND mail = 'kate.host@example.com' AND tenant = 'acme'")).isEqualTo(1);
            assertThat(HostTables.count(db, "SELECT COUNT(*) FROM crm_memberships WHERE person = " + stored.id().value())).isEqualTo(2);
            assertThat(HostTables.count(db, "SELECT COUNT(*) FROM crm_person_facts WHERE person = " + stored.id().value())).isEqualTo(2);

            assertThat(dir.deactivate(stored.id())).isInstanceOf(WriteResult.Stored.class);
            assertThat(HostTables.count(db, "SELECT COUNT(*) FROM " + table + " WHERE active = FALSE")).isEqualTo(1);
            assertThat(dir.get(stored.id()).orElseThrow().status()).isEqualTo(UserStatus.INACTIVE);

            dir.update(stored.id(), UserPatch.builder().removeRole("admin").removeGroup("Team A").setAttribute("locale", "de").build());
            UserProfile after = dir.get(stored.id()).orElseThrow().profile();
            assertThat(after.roles()).containsExactly("agent");
            assertThat(after.groups()).containsExactly("Team B");
            assertThat(after.attributes()).containsEntry("locale", "de").containsEntry("employee_id", "E-1");
            assertThat(after.status()).as("an update leaves the status alone").isEqualTo(UserStatus.INACTIVE);

            assertThat(dir.delete(stored.id())).isInstanceOf(WriteResult.Stored.class);
            assertThat(HostTables.count(db, "SELECT COUNT(*) FROM crm_memberships")).isZero();
            assertThat(HostTables.count(db, "SELECT COUNT(*) FROM crm_person_facts")).isZero();
        }

        @Test
        void rowsTheHostWroteAreReadInIdOrderAcrossPages() throws Exception {
            JdbcUserDirectory dir = dir();
            String table = HostTables.people(db);
            HostTables.exec(db,
                    "INSERT INTO " + table + " (person_id, mail, login, given_name, family_name, active, role_list)"
                            + " VALUES (10, 'Ann@Example.com', 'ann', 'Ann', 'A', TRUE, ' agent ;; lead')",
                    "INSERT INTO " + table + " (person_id, mail, active) VALUES (9, 'bob@example.com', FALSE)",
                    "INSERT INTO " + table + " (person_id, login, active) VALUES (100, 'carl', TRUE)");
            List<UserRecord> all = new ArrayList<>();
            int pages = 0;
            try (UserPages p = dir.readAll()) {
                for (Optional<UserPage> page = p.next(); page.isPresent(); page = p.next()) {
                    all.addAll(page.get().users());
                    pages++;
                }
            }
            assertThat(pages).isEqualTo(2);
            assertThat(all).extracting(r -> r.id().value()).containsExactly("9", "10", "100");
            assertThat(all.get(0).status()).isEqualTo(UserStatus.INACTIVE);
            assertThat(all.get(1).profile().roles()).containsExactly("agent", "lead");
            assertThat(all.get(1).email()).map(e -> e.value()).contains("ann@example.com");
            assertThat(all.get(2).profile().firstName()).isEmpty();
            assertThat(all.get(2).updatedAt()).isEmpty();
        }

        @Test
        void anEmailOrUsernameTheHostStoredInAnotherCaseIsAlreadyTakenEvenWithoutAUniqueConstraint() throws Exception {
            JdbcUserDirectory dir = dir();
            String table = HostTables.people(db);
            HostTables.exec(db, "INSERT INTO " + table + " (person_id, mail, login, active) VALUES (7, 'Dup@Example.COM', 'DupUser', TRUE)");
            UserRecord holder = dir.get(NativeId.of("7")).orElseThrow();
            for (UserProfile again : List.of(UserProfile.builder().email("dup@example.com").build(),
                    UserProfile.builder().email("other@example.com").username("dupuser").build())) {
                assertThat(dir.create(again, CreateOptions.silent())).isInstanceOfSatisfying(WriteResult.Failed.class,
                        f -> assertThat(f.failure().kind()).isEqualTo(FailureKind.ALREADY_EXISTS));
                assertThat(dir.findExisting(again)).containsExactly(holder);
            }
            assertThat(HostTables.count(db, "SELECT COUNT(*) FROM " + table)).isEqualTo(1);

            UserRecord other = ((WriteResult.Stored) dir.create(UserProfile.builder().email("free@example.com").build(),
                    CreateOptions.silent())).record();
            assertThat(dir.update(other.id(), UserPatch.builder().email(io.rostersync.model.EmailAddress.of("DUP@example.com")).build()))
                    .isInstanceOfSatisfying(WriteResult.Failed.class, f -> assertThat(f.failure().kind()).isEqualTo(FailureKind.CONFLICT));
            assertThat(dir.get(other.id()).orElseThrow().email()).map(e -> e.value()).contains("free@example.com");
        }

        @Test
        void aLookUpFindsRowsTheHostWroteAsEmailsAndUsernamesCompareAndNothingElse() throws Exception {
            JdbcUserDirectory dir = dir();
            String table = HostTables.people(db);
            HostTables.exec(db,
                    "INSERT INTO " + table + " (person_id, mail, login, active, role_list) VALUES (1, '  Ann@Example.COM ', 'ann', TRUE, 'agent')",
                    "INSERT INTO " + table + " (person_id, mail, login, active) VALUES (2, 'bob@example.com', 'Bob.Login', TRUE)",
                    // U+212A KELVIN SIGN: SQL's LOWER makes it 'kate', the match key does not (a near-twin, never the same)
                    "INSERT INTO " + table + " (person_id, mail, login, active) VALUES (3, 'k3@example.com', '\u212Aate', TRUE)",
                    "INSERT INTO " + table + " (person_id, mail, login, active) VALUES (4, 'kate@example.com', 'Kate', TRUE)",
                    "INSERT INTO " + table + " (person_id, mail, login, active) VALUES (5, 'jos\u00c9@example.com', 'jose', TRUE)",
                    "INSERT INTO " + table + " (person_id, mail, login, active) VALUES (6, 'eve@example.com', 'eve', FALSE)",
                    "INSERT INTO crm_memberships (person, team) VALUES (1, 'Team A'), (4, 'Team K')");

            List<UserRecord> found = dir.lookUp(new io.rostersync.spi.UserLookup(
                    java.util.Set.of(NativeId.of("6"), NativeId.of("not-a-number"), NativeId.of("12345678901234567890123")),
                    java.util.Set.of(io.rostersync.model.EmailAddress.of("ann@example.com"),
                            io.rostersync.model.EmailAddress.of("jos\u00e9@example.com")),
                    java.util.Set.of(io.rostersync.model.Username.of("BOB.login"), io.rostersync.model.Username.of("kate")))).found();

            assertThat(found).extracting(u -> u.id().value()).as("one query per two values, four queries")
                    .containsExactlyInAnyOrder("1", "2", "4", "6");
            for (UserRecord u : found) {
                assertThat(u).as("as a full read has it").isEqualTo(dir.get(u.id()).orElseThrow());
            }
            assertThat(found).filteredOn(u -> u.id().value().equals("1")).singleElement()
                    .satisfies(u -> assertThat(u.profile().roles()).containsExactly("agent"))
                    .satisfies(u -> assertThat(u.profile().groups()).containsExactly("Team A"));
            assertThat(found).filteredOn(u -> u.id().value().equals("4")).singleElement()
                    .satisfies(u -> assertThat(u.profile().groups()).containsExactly("Team K"));
        }

        @Test
        void anIdThatCannotBeAnIntegerIsSimplyNotFound() {
            JdbcUserDirectory dir = dir();
            assertThat(dir.get(NativeId.of("not-a-number"))).isEmpty();
            assertThat(dir.update(NativeId.of("x'; DROP TABLE crm_people; --"), UserPatch.builder().lastName("X").build()))
                    .isInstanceOfSatisfying(WriteResult.Failed.class, f -> assertThat(f.failure().kind()).isEqualTo(FailureKind.NOT_FOUND));
            assertThat(dir.delete(NativeId.of("12345678901234567890123"))).isInstanceOf(WriteResult.Failed.class);
        }
    }

    @Nested
    class OnH2 extends HostShaped {
        @Override
        DataSource freshDatabase() {
            return HostTables.freshH2();
        }
    }

    @Nested
    @Timeout(120)
    class OnPostgres extends HostShaped {
        private int databases;

        @Override
        DataSource freshDatabase() throws Exception {
            return HostTables.freshPostgres("crm_" + (databases++));
        }
    }
}
