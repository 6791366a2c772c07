package io.rostersync.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.rostersync.jdbc.UserTableMapping.StatusValues;
import io.rostersync.model.NativeId;
import io.rostersync.model.UserPatch;
import io.rostersync.model.UserProfile;
import io.rostersync.model.UserRecord;
import io.rostersync.model.UserStatus;
import io.rostersync.spi.Capability;
import io.rostersync.spi.CreateOptions;
import io.rostersync.spi.FailureKind;
import io.rostersync.spi.UnsupportedCapabilityException;
import io.rostersync.spi.UserPage;
import io.rostersync.spi.UserPages;
import io.rostersync.spi.WriteResult;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.sql.DataSource;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Mappings that must be refused, and values and tables that must not confuse the directory. */
class UserTableMappingTest {

    // ---- identifiers --------------------------------------------------------------------------------

    @ParameterizedTest
    @ValueSource(strings = {"users; DROP TABLE app_users", "app_users --", "\"app_users\"", "app users", "", "1users",
            "a.b.c", "schema.", ".users", "usérs", "users\u0000", "users'", "users/*", "users)", "u-sers",
            "a234567890123456789012345678901234567890123456789012345678901234"})
    void aTableNameThatIsNotAPlainIdentifierIsRefusedWhenTheMappingIsBuilt(String hostile) {
        assertThatThrownBy(() -> UserTableMapping.builder(hostile))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("users table")
                .hasMessageContaining("not a plain SQL identifier");
    }

    @ParameterizedTest
    @ValueSource(strings = {"email; DELETE FROM app_users", "e\"mail", "e'mail", "first name", "x--", "(select 1)", "e.mail",
            "email\n", "*"})
    void aColumnNameThatIsNotAPlainIdentifierIsRefusedNamingTheField(String hostile) {
        List<ThrowingCallable> uses = List.of(
                () -> UserTableMapping.builder("people").email(hostile),
                () -> UserTableMapping.builder("people").id(hostile),
                () -> UserTableMapping.builder("people").status(hostile, StatusValues.names()),
                () -> UserTableMapping.builder("people").rolesColumn(hostile, ","),
                () -> UserTableMapping.builder("people").groupsTable("groups", hostile, "name"),
                () -> UserTableMapping.builder("people").attributesTable("facts", "user_id", hostile, "value"));
        for (ThrowingCallable use : uses) {
            assertThatThrownBy(use).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not a plain SQL identifier")
                    .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
        }
        assertThatThrownBy(() -> UserTableMapping.builder("people").email(hostile)).hasMessageContaining("email column");
    }

    @Test
    void aMappingWithoutIdOrWithoutEmailAndUsernameOrWithAColumnForTwoFieldsIsRefused() {
        assertThatThrownBy(() -> UserTableMapping.builder("people").email("mail").build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no id column");
        assertThatThrownBy(() -> UserTableMapping.builder("people").id("id").firstName("first").build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("neither an email nor a username");
        assertThatThrownBy(() -> UserTableMapping.builder("people").id("id").email("mail").lastName("MAIL").build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("MAIL").hasMessageContaining("two fields");
        assertThatThrownBy(() -> UserTableMapping.builder("people").id("id").email("mail").usernameKey("k").build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("username key");
        assertThatThrownBy(() -> UserTableMapping.builder("people").rolesColumn("roles", " "))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("delimiter");
    }

    @Test
    void textStatusValuesMustSpellActiveAndInactiveOnceEach() {
        assertThatThrownBy(() -> StatusValues.text(Map.of(UserStatus.ACTIVE, "on")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("INACTIVE");
        assertThatThrownBy(() -> StatusValues.text(Map.of(UserStatus.ACTIVE, "on", UserStatus.INACTIVE, "on")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("share the value 'on'");
        assertThatThrownBy(() -> StatusValues.text(Map.of(UserStatus.ACTIVE, "on", UserStatus.INACTIVE, " ")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("blank");
    }

    // ---- the mapping against the database -----------------------------------------------------------

    @Test
    void theDirectoryCreatesNothingInTheHostsSchema() throws Exception {
        DataSource db = HostTables.freshH2();
        JdbcUserDirectory dir = JdbcUserDirectory.create("host", db, UserTableMapping.defaultTables());
        assertThatThrownBy(dir::validate).isInstanceOfSatisfying(UserTableMappingException.class, e -> {
            assertThat(e.kind()).isEqualTo(FailureKind.INVALID_CONFIGURATION);
            assertThat(e.getMessage()).contains("table app_users", "does not exist");
        });
        assertThatThrownBy(() -> dir.create(UserProfile.builder().email("a@example.com").build(), CreateOptions.silent()))
                .isInstanceOf(UserTableMappingException.class);
        assertThat(HostTables.count(db, "SELECT COUNT(*) FROM INFORMATION_SCHEMA.TABLES WHERE TABLE_SCHEMA = 'PUBLIC'")).isZero();
    }

    @Test
    void aColumnTheTableDoesNotHaveIsNamedAtValidateAndTheFirstWriteWritesNothing() throws Exception {
        DataSource db = HostTables.createCrmTables(HostTables.freshH2());
        JdbcUserDirectory dir = JdbcUserDirectory.create("crm", db, HostTables.crmMapping(db).firstName("first_name").build());
        assertThatThrownBy(dir::validate).isInstanceOfSatisfying(UserTableMappingException.class, e ->
                assertThat(e.getMessage()).contains("crm_people", "no column first_name", "given_name"));
        assertThatThrownBy(() -> dir.create(UserProfile.builder().email("a@example.com").firstName("A").build(), CreateOptions.silent()))
                .isInstanceOf(UserTableMappingException.class);
        assertThatThrownBy(dir::readAll).isInstanceOf(UserTableMappingException.class);
        assertThat(HostTables.count(db, "SELECT COUNT(*) FROM crm_people")).isZero();
    }

    @Test
    void aSideTableColumnThatDoesNotExistIsNamedAndNoRowIsHalfWritten() throws Exception {
        DataSource db = HostTables.createCrmTables(HostTables.freshH2());
        UserTableMapping wrongSide = HostTables.crmMapping(db).groupsTable("crm_memberships", "person", "group_name").build();
        JdbcUserDirectory dir = JdbcUserDirectory.create("crm", db, wrongSide);
        assertThatThrownBy(() -> dir.create(UserProfile.builder().email("a@example.com").group("g").build(), CreateOptions.silent()))
                .isInstanceOfSatisfying(UserTableMappingException.class, e ->
                        assertThat(e.getMessage()).contains("crm_memberships", "no column group_name", "team"));
        assertThat(HostTables.count(db, "SELECT COUNT(*) FROM crm_people")).isZero();

        UserTableMapping missingTable = HostTables.crmMapping(db).attributesTable("crm_facts", "person", "fact", "value").build();
        assertThatThrownBy(() -> JdbcUserDirectory.create("crm", db, missingTable).validate())
                .isInstanceOf(UserTableMappingException.class).hasMessageContaining("table crm_facts");
    }

    @Test
    void aColumnDroppedAfterValidationFailsTheWriteAsAMappingErrorAndRollsItBack() throws Exception {
        DataSource db = HostTables.createCrmTables(HostTables.freshH2());
        JdbcUserDirectory dir = JdbcUserDirectory.create("crm", db, HostTables.crmMapping(db).build()).validate();
        HostTables.exec(db, "ALTER TABLE crm_person_facts DROP COLUMN \"VALUE\"");
        assertThatThrownBy(() -> dir.create(UserProfile.builder().email("a@example.com").attribute("k", "v").build(),
                CreateOptions.silent())).isInstanceOf(UserTableMappingException.class);
        assertThat(HostTables.count(db, "SELECT COUNT(*) FROM crm_people")).as("the user row went with the rollback").isZero();
        assertThatThrownBy(dir::validate).hasMessageContaining("no column value");
    }

    @Test
    void typesTheMappingCannotUseAreRefusedAtValidate() throws Exception {
        DataSource db = HostTables.createCrmTables(HostTables.freshH2());
        assertThatThrownBy(() -> JdbcUserDirectory.create("crm", db, UserTableMapping.builder("crm_people").id("person_id")
                .email("mail").build()).validate())
                .isInstanceOf(UserTableMappingException.class).hasMessageContaining("idsGeneratedByDatabase()");
        assertThatThrownBy(() -> JdbcUserDirectory.create("crm", db, HostTables.crmMapping(db)
                .status("active", StatusValues.names()).build()).validate())
                .isInstanceOf(UserTableMappingException.class).hasMessageContaining("activeFlag()");
        assertThatThrownBy(() -> JdbcUserDirectory.create("crm", db, UserTableMapping.builder("crm_people").id("person_id")
                .idsGeneratedByDatabase().email("mail").status("login", StatusValues.activeFlag()).build()).validate())
                .isInstanceOf(UserTableMappingException.class).hasMessageContaining("needs a boolean column");
        assertThatThrownBy(() -> JdbcUserDirectory.create("crm", db, HostTables.crmMapping(db).updatedAt("tenant").build()).validate())
                .isInstanceOf(UserTableMappingException.class).hasMessageContaining("updated-at column tenant");
    }

    // ---- values ------------------------------------------------------------------------------------

    @Test
    void valuesWithQuotesSemicolonsAndCommentsAreStoredAsTheyAre() throws Exception {
        DataSource db = HostTables.freshH2();
        JdbcUserDirectory.createDefaultTables(db);
        JdbcUserDirectory dir = JdbcUserDirectory.create("host", db, UserTableMapping.defaultTables());
        String hostile = "O'Brien\"; DROP TABLE app_users; --";
        UserProfile profile = UserProfile.builder().email("o.brien@example.com").username("o'brien;--").firstName(hostile)
                .lastName("') OR 1=1 /*").role("admin'; DELETE FROM app_user_roles; --").group("g\\'\"")
                .attribute("k'; --", "v'); DROP TABLE app_user_attributes; --").build();
        UserRecord stored = ((WriteResult.Stored) dir.create(profile, CreateOptions.silent())).record();

        assertThat(dir.get(stored.id()).orElseThrow().profile()).isEqualTo(profile);
        assertThat(dir.findExisting(UserProfile.builder().username("O'BRIEN;--").build())).containsExactly(stored);
        assertThat(HostTables.count(db, "SELECT COUNT(*) FROM app_users")).isEqualTo(1);
        assertThat(HostTables.count(db, "SELECT COUNT(*) FROM app_user_roles")).isEqualTo(1);
        assertThat(HostTables.count(db, "SELECT COUNT(*) FROM app_user_attributes")).isEqualTo(1);
        assertThat(dir.get(NativeId.of("' OR '1'='1"))).isEmpty();
    }

    @Test
    void aRoleContainingTheColumnsDelimiterFailsForThatUserAndWritesNothing() throws Exception {
        DataSource db = HostTables.createCrmTables(HostTables.freshH2());
        JdbcUserDirectory dir = JdbcUserDirectory.create("crm", db, HostTables.crmMapping(db).build());
        assertThat(dir.create(UserProfile.builder().email("a@example.com").role("sales;emea").build(), CreateOptions.silent()))
                .isInstanceOfSatisfying(WriteResult.Failed.class, f -> {
                    assertThat(f.failure().kind()).isEqualTo(FailureKind.VALIDATION);
                    assertThat(f.failure().message()).contains("sales;emea", "delimiter ';'", "role_list");
                });
        assertThat(HostTables.count(db, "SELECT COUNT(*) FROM crm_people")).isZero();
    }

    @Test
    void aNotNullColumnTheMappingLeavesEmptyFailsTheCreateAsValidationNotAsAlreadyExists() throws Exception {
        DataSource db = HostTables.createCrmTables(HostTables.freshH2());
        HostTables.exec(db, "ALTER TABLE crm_people ADD COLUMN created_by VARCHAR(32) NOT NULL");
        JdbcUserDirectory dir = JdbcUserDirectory.create("crm", db, HostTables.crmMapping(db).build());
        assertThat(dir.create(UserProfile.builder().email("a@example.com").build(), CreateOptions.silent()))
                .isInstanceOfSatisfying(WriteResult.Failed.class, f -> {
                    assertThat(f.failure().kind()).isEqualTo(FailureKind.VALIDATION);
                    assertThat(f.failure().message()).contains("constraint of crm_people").doesNotContain("a@example.com");
                });
    }

    // ---- what the mapping leaves out ----------------------------------------------------------------

    @Test
    void withoutAStatusColumnTheDirectoryCannotDeactivateAndReadsEveryoneAsActive() throws Exception {
        DataSource db = HostTables.createCrmTables(HostTables.freshH2());
        UserTableMapping noStatus = UserTableMapping.builder("crm_people").id("person_id").idsGeneratedByDatabase().email("mail").build();
        JdbcUserDirectory dir = JdbcUserDirectory.create("crm", db, noStatus);
        assertThat(dir.capabilities()).containsExactlyInAnyOrder(Capability.READ, Capability.LOOKUP, Capability.CREATE,
                Capability.UPDATE, Capability.DELETE);
        HostTables.exec(db, "INSERT INTO crm_people (person_id, mail, login, active) VALUES (1, 'off@example.com', 'off', FALSE)");
        assertThat(dir.get(NativeId.of("1")).orElseThrow().status()).isEqualTo(UserStatus.ACTIVE);
        assertThat(dir.lookUp(io.rostersync.spi.UserLookup.ofUsernames(List.of(io.rostersync.model.Username.of("off")))).found())
                .as("no username column: nobody has a username to be found by").isEmpty();
        assertThat(dir.lookUp(new io.rostersync.spi.UserLookup(java.util.Set.of(),
                java.util.Set.of(io.rostersync.model.EmailAddress.of("off@example.com")), java.util.Set.of(io.rostersync.model.Username.of("off")))).found())
                .extracting(u -> u.id().value()).containsExactly("1");
        assertThatThrownBy(() -> dir.deactivate(NativeId.of("1"))).isInstanceOf(UnsupportedCapabilityException.class);
        assertThatThrownBy(() -> dir.reactivate(NativeId.of("1"))).isInstanceOf(UnsupportedCapabilityException.class);
    }

    @Test
    void unmappedRolesGroupsAndAttributesAreNeitherReadNorWritten() throws Exception {
        DataSource db = HostTables.createCrmTables(HostTables.freshH2());
        UserTableMapping bare = UserTableMapping.builder("crm_people").id("person_id").idsGeneratedByDatabase().email("mail")
                .status("active", StatusValues.activeFlag()).build();
        JdbcUserDirectory dir = JdbcUserDirectory.create("crm", db, bare);
        UserRecord stored = ((WriteResult.Stored) dir.create(UserProfile.builder().email("a@example.com").role("admin").group("g")
                .attribute("k", "v").build(), CreateOptions.silent())).record();
        assertThat(stored.profile().roles()).isEmpty();
        assertThat(stored.profile().groups()).isEmpty();
        assertThat(stored.profile().attributes()).isEmpty();
        assertThat(HostTables.count(db, "SELECT COUNT(*) FROM crm_people WHERE role_list IS NULL")).isEqualTo(1);
        assertThat(HostTables.count(db, "SELECT COUNT(*) FROM crm_memberships")).isZero();
    }

    @Test
    void aReadOnlyMappingDeclaresReadsAloneAndRefusesEveryWrite() throws Exception {
        DataSource db = HostTables.createCrmTables(HostTables.freshH2());
        JdbcUserDirectory dir = JdbcUserDirectory.create("crm", db, HostTables.crmMapping(db).readOnly().build());
        assertThat(dir.capabilities()).containsExactlyInAnyOrder(Capability.READ, Capability.LOOKUP);
        HostTables.exec(db, "INSERT INTO crm_people (person_id, mail, active) VALUES (1, 'a@example.com', TRUE)");
        NativeId one = NativeId.of("1");
        assertThat(dir.lookUp(io.rostersync.spi.UserLookup.ofIds(List.of(one))).found()).extracting(u -> u.id().value()).containsExactly("1");
        List<ThrowingCallable> writes = List.of(
                () -> dir.create(UserProfile.builder().email("b@example.com").build(), CreateOptions.silent()),
                () -> dir.update(one, UserPatch.builder().lastName("X").build()),
                () -> dir.deactivate(one), () -> dir.reactivate(one), () -> dir.delete(one));
        for (ThrowingCallable write : writes) {
            assertThatThrownBy(write).isInstanceOf(UnsupportedCapabilityException.class);
        }
        assertThat(dir.get(one)).isPresent();
        assertThat(HostTables.count(db, "SELECT COUNT(*) FROM crm_people WHERE person_id = 1 AND family_name IS NULL")).isEqualTo(1);
    }

    @Test
    void textStatusValuesAreReadAndWrittenInTheHostsSpellingAndAnUnspelledStatusFailsForThatUser() throws Exception {
        DataSource db = HostTables.freshH2();
        HostTables.exec(db, "CREATE TABLE staff (uid VARCHAR(64) PRIMARY KEY, email VARCHAR(254), state VARCHAR(16) NOT NULL)");
        UserTableMapping staff = UserTableMapping.builder("staff").id("uid").email("email")
                .status("state", StatusValues.text(Map.of(UserStatus.ACTIVE, "enabled", UserStatus.INACTIVE, "disabled"))).build();
        JdbcUserDirectory dir = JdbcUserDirectory.create("staff", db, staff);
        UserRecord made = ((WriteResult.Stored) dir.create(UserProfile.builder().email("a@example.com").build(), CreateOptions.silent())).record();
        dir.deactivate(made.id());
        assertThat(HostTables.count(db, "SELECT COUNT(*) FROM staff WHERE state = 'disabled'")).isEqualTo(1);
        assertThat(dir.create(UserProfile.builder().email("p@example.com").status(UserStatus.PENDING).build(), CreateOptions.silent()))
                .isInstanceOfSatisfying(WriteResult.Failed.class, f -> {
                    assertThat(f.failure().kind()).isEqualTo(FailureKind.VALIDATION);
                    assertThat(f.failure().message()).contains("PENDING", "state");
                });
        assertThat(HostTables.count(db, "SELECT COUNT(*) FROM staff")).isEqualTo(1);
    }

    // ---- other id and time types ---------------------------------------------------------------------

    @Test
    void uuidIdsAUsernameKeyAndAPlainTimestampOnH2() throws Exception {
        uuidIdsAUsernameKeyAndAPlainTimestamp(HostTables.freshH2());
    }

    @Test
    @org.junit.jupiter.api.Timeout(120)
    void uuidIdsAUsernameKeyAndAPlainTimestampOnPostgres() throws Exception {
        uuidIdsAUsernameKeyAndAPlainTimestamp(HostTables.freshPostgres("members"));
    }

    private static void uuidIdsAUsernameKeyAndAPlainTimestamp(DataSource db) throws Exception {
        HostTables.exec(db, "CREATE TABLE members (member_id UUID PRIMARY KEY, login VARCHAR(255) NOT NULL,"
                + " login_key VARCHAR(255) NOT NULL UNIQUE, state VARCHAR(16) NOT NULL, changed TIMESTAMP)");
        java.time.Instant now = java.time.Instant.parse("2026-06-01T10:15:30.123Z");
        UserTableMapping members = UserTableMapping.builder("members").id("member_id").username("login").usernameKey("login_key")
                .status("state", StatusValues.names()).updatedAt("changed").build();
        JdbcUserDirectory dir = JdbcUserDirectory.builder("members", db, members)
                .clock(java.time.Clock.fixed(now, java.time.ZoneOffset.UTC)).build().validate();

        UserRecord zoe = ((WriteResult.Stored) dir.create(UserProfile.builder().username("Zoe").status(UserStatus.PENDING).build(),
                CreateOptions.silent())).record();
        assertThat(java.util.UUID.fromString(zoe.id().value())).isNotNull();
        assertThat(zoe.updatedAt()).contains(now);
        assertThat(zoe.status()).isEqualTo(UserStatus.PENDING);
        assertThat(HostTables.count(db, "SELECT COUNT(*) FROM members WHERE login_key = 'zoe' AND state = 'PENDING'")).isEqualTo(1);

        assertThat(dir.create(UserProfile.builder().username("ZOE").build(), CreateOptions.silent()))
                .isInstanceOfSatisfying(WriteResult.Failed.class, f -> assertThat(f.failure().kind()).isEqualTo(FailureKind.ALREADY_EXISTS));
        assertThat(dir.findExisting(UserProfile.builder().username("zOE").build())).containsExactly(zoe);
        assertThat(dir.get(NativeId.of("not-a-uuid"))).isEmpty();
        assertThat(dir.update(zoe.id(), UserPatch.builder().username(io.rostersync.model.Username.of("Zoe.B")).build()))
                .isInstanceOf(WriteResult.Stored.class);
        assertThat(dir.get(zoe.id()).orElseThrow().username()).map(u -> u.value()).contains("Zoe.B");
        assertThat(dir.delete(zoe.id())).isInstanceOf(WriteResult.Stored.class);
        assertThat(HostTables.count(db, "SELECT COUNT(*) FROM members")).isZero();
    }

    @Test
    void aBlankRoleInTheHostsSideTableIsAProblemOfThatRowNotAnErrorOfTheRead() throws Exception {
        DataSource db = HostTables.freshH2();
        JdbcUserDirectory.createDefaultTables(db);
        JdbcUserDirectory dir = JdbcUserDirectory.create("host", db, UserTableMapping.defaultTables());
        HostTables.exec(db,
                "INSERT INTO app_users (id, email, first_name, last_name, status, updated_at_ms) VALUES ('a', 'a@example.com', '', '', 'ACTIVE', 0)",
                "INSERT INTO app_users (id, email, first_name, last_name, status, updated_at_ms) VALUES ('b', 'b@example.com', '', '', 'ACTIVE', 0)",
                "INSERT INTO app_user_roles (user_id, role) VALUES ('a', '  ')");
        List<String> read = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        try (UserPages pages = dir.readAll()) {
            for (Optional<UserPage> p = pages.next(); p.isPresent(); p = pages.next()) {
                p.get().users().forEach(u -> read.add(u.id().value()));
                p.get().problems().forEach(x -> problems.add(x.location()));
            }
        }
        assertThat(read).containsExactly("b");
        assertThat(problems).containsExactly("app_users row a");
        assertThatThrownBy(() -> dir.get(NativeId.of("a"))).isInstanceOfSatisfying(io.rostersync.spi.RosterSyncException.class,
                e -> assertThat(e.kind()).isEqualTo(FailureKind.INVALID_RESPONSE));
    }

    // ---- reading past rows that cannot be read -------------------------------------------------------

    @Test
    void aRowThatCannotBeReadIsAProblemOfItsPageAndTheReadGoesOnPastIt() throws Exception {
        DataSource db = HostTables.freshH2();
        JdbcUserDirectory.createDefaultTables(db);
        JdbcUserDirectory dir = JdbcUserDirectory.builder("host", db, UserTableMapping.defaultTables()).pageSize(2).build();
        HostTables.exec(db,
                "INSERT INTO app_users (id, email, first_name, last_name, status, updated_at_ms) VALUES ('a', 'a@example.com', '', '', 'GONE', 0)",
                "INSERT INTO app_users (id, email, first_name, last_name, status, updated_at_ms) VALUES ('b', 'b@example.com', '', '', 'WHAT', 0)",
                "INSERT INTO app_users (id, email, first_name, last_name, status, updated_at_ms) VALUES ('c', 'c@example.com', '', '', 'ACTIVE', 0)",
                "INSERT INTO app_users (id, email, first_name, last_name, status, updated_at_ms) VALUES ('d', 'd@example.com', '', '', 'ODD', 0)",
                "INSERT INTO app_users (id, email, first_name, last_name, status, updated_at_ms) VALUES ('e', 'e@example.com', '', '', 'INACTIVE', 0)");
        List<String> read = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        try (UserPages pages = dir.readAll()) {
            for (Optional<UserPage> p = pages.next(); p.isPresent(); p = pages.next()) {
                p.get().users().forEach(u -> read.add(u.id().value()));
                p.get().problems().forEach(x -> problems.add(x.location()));
            }
        }
        assertThat(read).containsExactly("c", "e");
        assertThat(problems).containsExactly("app_users row a", "app_users row b", "app_users row d");
    }
}
