package io.rostersync.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ModelInvariantsTest {

    @Test
    void emailIsTrimmedAndCaseInsensitive() {
        assertThat(EmailAddress.of("  Ann.Smith@Example.COM ")).isEqualTo(EmailAddress.of("ann.smith@example.com"));
        assertThat(EmailAddress.of("ann@example.com").domain()).isEqualTo("example.com");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "   ", "plainaddress", "@example.com", "ann@", "ann@example", "a b@example.com",
        "ann@@example.com", "ann@example..com", "ann@.example.com", "a\u0001b@example.com"})
    void invalidEmailsAreRejectedWithTheValueInTheMessage(String value) {
        assertThatThrownBy(() -> EmailAddress.of(value)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not a valid email address");
        assertThat(EmailAddress.parse(value)).isEmpty();
    }

    @Test
    void nativeIdRejectsBlankAndControlCharacters() {
        assertThatThrownBy(() -> NativeId.of(" ")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> NativeId.of("a\u0000b")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> NativeId.of("x".repeat(256))).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void syncIdHasASafeShape() {
        assertThat(SyncId.of("zendesk-to-qa_1.0").value()).isEqualTo("zendesk-to-qa_1.0");
        assertThatThrownBy(() -> SyncId.of("no spaces")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> SyncId.of("")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void usernameMatchesCaseInsensitively() {
        assertThat(Username.of(" Ann.S ").value()).isEqualTo("Ann.S");
        assertThat(Username.of("Ann.S").matchKey()).isEqualTo(Username.of("ann.s").matchKey());
    }

    @Test
    void profileCopiesAndSortsCollections() {
        java.util.ArrayList<String> roles = new java.util.ArrayList<>(List.of("b", "a"));
        UserProfile p = UserProfile.builder().roles(roles).attribute("z", "1").attribute("a", "2").build();
        roles.add("c");
        assertThat(p.roles()).containsExactly("a", "b");
        assertThat(p.attributes().keySet()).containsExactly("a", "z");
        assertThatThrownBy(() -> p.roles().add("x")).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void profileRejectsBlankRolesAndNullAttributeValues() {
        assertThatThrownBy(() -> UserProfile.builder().role(" ").build()).isInstanceOf(IllegalArgumentException.class);
        java.util.HashMap<String, String> attrs = new java.util.HashMap<>();
        attrs.put("k", null);
        assertThatThrownBy(() -> UserProfile.builder().attributes(attrs).build()).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'k'");
    }

    @Test
    void patchAppliesOnlyItsChanges() {
        UserProfile before = UserProfile.builder().email("a@example.com").firstName("Ann").lastName("Old")
                .roles(List.of("Agent", "Extra")).attributes(Map.of("keep", "1", "drop", "2")).build();
        UserPatch patch = UserPatch.builder().lastName("New").addRole("Admin").removeRole("Extra")
                .setAttribute("added", "3").removeAttribute("drop").build();
        UserProfile after = patch.applyTo(before);
        assertThat(after.firstName()).isEqualTo("Ann");
        assertThat(after.lastName()).isEqualTo("New");
        assertThat(after.roles()).containsExactly("Admin", "Agent");
        assertThat(after.attributes()).containsOnlyKeys("keep", "added");
        assertThat(UserPatch.builder().build().isEmpty()).isTrue();
    }

    @Test
    void patchCannotAddAndRemoveTheSameRole() {
        assertThatThrownBy(() -> UserPatch.builder().addRole("A").removeRole("A").build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("both added and removed");
    }

    @Test
    void recordLabelPrefersEmailThenUsernameThenId() {
        assertThat(UserRecord.of("x1", UserProfile.builder().email("a@example.com").username("ann").build()).label())
                .isEqualTo("a@example.com");
        assertThat(UserRecord.of("x1", UserProfile.builder().username("ann").build()).label()).isEqualTo("ann");
        assertThat(UserRecord.of("x1", UserProfile.builder().build()).label()).isEqualTo("x1");
    }
}
