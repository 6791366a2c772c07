package io.rostersync.internal;

import io.rostersync.spi.ReasonCode;
import io.rostersync.spi.Reason;
import static org.assertj.core.api.Assertions.assertThat;

import io.rostersync.model.UserProfile;
import io.rostersync.model.UserStatus;
import io.rostersync.policy.Field;
import io.rostersync.policy.Ownership;
import io.rostersync.policy.SyncPolicy;
import java.util.List;
import org.junit.jupiter.api.Test;

class FieldDiffTest {

    private static UserProfile.Builder ann() {
        return UserProfile.builder().email("ann@example.com").firstName("Ann").lastName("Lee").status(UserStatus.ACTIVE);
    }

    @Test
    void equalProfilesGiveTheEmptyDiffWithoutLookingFurther() {
        FieldDiff diff = new FieldDiff(SyncPolicy.defaults());
        UserProfile p = ann().role("Agent").build();

        assertThat(diff.mayDiffer(p, p)).isFalse();
        assertThat(diff.diff(p, p)).isSameAs(FieldDiff.NONE);
    }

    @Test
    void anOwnedNameThatChangedIsPatchedAndExplained() {
        FieldDiff.Diff d = new FieldDiff(SyncPolicy.defaults()).diff(ann().lastName("Li").build(), ann().build());

        assertThat(d.patch().lastName()).contains("Li");
        assertThat(d.notes()).containsExactly(Reason.of(ReasonCode.FIELD_CHANGED, "field", "LAST_NAME", "from", "Lee", "to", "Li"));
    }

    @Test
    void aFieldOwnedWhenEmptyOnlyFillsAnEmptyTargetValue() {
        FieldDiff diff = new FieldDiff(SyncPolicy.builder().own(Field.FIRST_NAME, Ownership.WHEN_EMPTY).build());

        assertThat(diff.diff(ann().firstName("Anna").build(), ann().build()).patch().isEmpty()).isTrue();
        assertThat(diff.diff(ann().firstName("Anna").build(), ann().firstName("").build()).notes())
                .containsExactly(Reason.of(ReasonCode.FIELD_CHANGED, "field", "FIRST_NAME", "from", "", "to", "Anna"));
    }

    @Test
    void rolesOwnedAlwaysAreAddedAndRemovedButRolesOwnedNeverAreLeftAlone() {
        UserProfile want = ann().roles(List.of("Agent", "QA")).build();
        UserProfile have = ann().roles(List.of("Agent", "Admin")).build();

        FieldDiff.Diff always = new FieldDiff(SyncPolicy.builder().own(Field.ROLES, Ownership.ALWAYS).build()).diff(want, have);
        assertThat(always.patch().addRoles()).containsExactly("QA");
        assertThat(always.patch().removeRoles()).containsExactly("Admin");
        assertThat(always.notes()).containsExactly(Reason.of(ReasonCode.SET_CHANGED, "field", "ROLES",
                "added", Reason.listOf(List.of("QA")), "removed", Reason.listOf(List.of("Admin"))));

        FieldDiff never = new FieldDiff(SyncPolicy.builder().own(Field.ROLES, Ownership.NEVER).build());
        assertThat(never.mayDiffer(want, have)).isFalse();
    }

    @Test
    void anOwnedAttributeMissingFromTheSourceIsRemovedOnlyWhenOwnedAlways() {
        UserProfile want = ann().build();
        UserProfile have = ann().attribute("dept", "Sales").build();

        FieldDiff.Diff always = new FieldDiff(SyncPolicy.builder().ownAttribute("dept", Ownership.ALWAYS).build()).diff(want, have);
        assertThat(always.patch().removeAttributes()).containsExactly("dept");
        assertThat(always.notes()).containsExactly(Reason.of(ReasonCode.ATTRIBUTE_REMOVED, "attribute", "dept", "from", "Sales"));

        FieldDiff.Diff whenEmpty = new FieldDiff(SyncPolicy.builder().ownAttribute("dept", Ownership.WHEN_EMPTY).build()).diff(want, have);
        assertThat(whenEmpty.patch().isEmpty()).isTrue();
    }

    @Test
    void aNewAccountIsCreatedWithoutTheFieldsTheTargetOwns() {
        FieldDiff diff = new FieldDiff(SyncPolicy.builder().own(Field.ROLES, Ownership.NEVER).own(Field.GROUPS, Ownership.ALWAYS).build());

        UserProfile created = diff.creationProfile(ann().role("Agent").group("North").build(), UserStatus.PENDING);

        assertThat(created.roles()).isEmpty();
        assertThat(created.groups()).containsExactly("North");
        assertThat(created.status()).isEqualTo(UserStatus.PENDING);
    }
}
