package io.rostersync.policy;

import static org.assertj.core.api.Assertions.assertThat;

import io.rostersync.model.UserProfile;
import io.rostersync.model.UserRecord;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Role names grant permissions and decide scope, so a lookalike spelling must not pass for the real one. */
class RoleLookalikeTest {

    private final RuleBasedPermissionMapper mapper = RuleBasedPermissionMapper.builder()
            .whenRoleContains("Admin", "Talkdesk Admin")
            .whenRoleIs("supervisor", "Talkdesk Supervisor")
            .otherwise("Talkdesk Agent")
            .build();

    @ParameterizedTest
    @ValueSource(strings = {"Adm\u0131n", "ADM\u0130N", "\uFF21dmin", "Adm\u0456n", "Admi\u200Dn", "\u0410dmin"})
    void aRoleThatOnlyLooksLikeAdminGivesNoAdminPermission(String role) {
        assertThat(mapper.permissionsFor(Set.of(role), "T4S").permissions()).containsExactly("Talkdesk Agent");
    }

    @ParameterizedTest
    @ValueSource(strings = {"Supervi\u017For", "SUPERV\u0130SOR", "supervisor\u200B"})
    void aRoleThatOnlyLooksLikeSupervisorIsNotSupervisor(String role) {
        assertThat(mapper.permissionsFor(Set.of(role), "T4S").permissions()).containsExactly("Talkdesk Agent");
    }

    @ParameterizedTest
    @ValueSource(strings = {"Admin", "ADMIN", "System Administrator", "admin"})
    void asciiCaseStillDoesNotMatter(String role) {
        assertThat(mapper.permissionsFor(Set.of(role), "T4S").permissions()).containsExactly("Talkdesk Admin");
    }

    @ParameterizedTest
    @ValueSource(strings = {"\u212Aey user", "Adm\u0131n"})
    void aRoleScopeDoesNotTakeInLookalikeRoles(String role) {
        Scope scope = Scope.roles(Set.of("key user", "admin"));
        UserRecord user = UserRecord.of("u1", UserProfile.builder().email("a@example.com").role(role).build());
        assertThat(scope.includes(user)).isFalse();
        assertThat(scope.includes(UserRecord.of("u2", UserProfile.builder().email("b@example.com").role("KEY USER").build()))).isTrue();
    }
}
