package io.rostersync.internal;

import io.rostersync.spi.ReasonCode;
import io.rostersync.spi.Reason;
import io.rostersync.model.EmailAddress;
import io.rostersync.model.UserPatch;
import io.rostersync.model.UserProfile;
import io.rostersync.model.Username;
import io.rostersync.policy.Field;
import io.rostersync.policy.Ownership;
import io.rostersync.policy.SyncPolicy;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

/**
 * The patch that brings a target profile in line with the desired one, field by field as the policy's
 * ownership says: {@code ALWAYS} writes every difference, {@code WHEN_EMPTY} only fills an empty field,
 * {@code NEVER} leaves the field to the target.
 */
final class FieldDiff {

    /** A patch and the reasons that explain it, one per field ({@code FIELD_CHANGED{field=LAST_NAME, from, to}}). */
    record Diff(UserPatch patch, List<Reason> notes) {
    }

    static final Diff NONE = new Diff(UserPatch.builder().build(), List.of());

    private final SyncPolicy policy;

    FieldDiff(SyncPolicy policy) {
        this.policy = policy;
    }

    /** Cheap check without allocation: most users in a run have not changed at all. */
    boolean mayDiffer(UserProfile desired, UserProfile current) {
        if (!desired.email().equals(current.email()) || !desired.username().equals(current.username())
                || !desired.firstName().equals(current.firstName()) || !desired.lastName().equals(current.lastName())) {
            return true;
        }
        if (policy.ownership(Field.ROLES) != Ownership.NEVER && !desired.roles().equals(current.roles())) {
            return true;
        }
        if (policy.ownership(Field.GROUPS) != Ownership.NEVER && !desired.groups().equals(current.groups())) {
            return true;
        }
        Map<String, Ownership> ownedAttributes = policy.ownedAttributes();
        if (ownedAttributes.isEmpty()) {
            return false; // the usual policy; iterating the empty view would still allocate an iterator per user
        }
        for (String name : ownedAttributes.keySet()) {
            if (!Objects.equals(desired.attributes().get(name), current.attributes().get(name))) {
                return true;
            }
        }
        return false;
    }

    Diff diff(UserProfile desired, UserProfile current) {
        if (!mayDiffer(desired, current)) {
            return NONE;
        }
        UserPatch.Builder b = UserPatch.builder();
        List<Reason> notes = new ArrayList<>();
        if (desired.email().isPresent() && !desired.email().equals(current.email())
                && writes(Field.EMAIL, current.email().isEmpty())) {
            EmailAddress e = desired.email().get();
            b.email(e);
            notes.add(Reason.of(ReasonCode.FIELD_CHANGED, "field", Field.EMAIL.name(), "from", current.email().map(EmailAddress::value).orElse(""), "to", e.value()));
        }
        if (desired.username().isPresent() && !desired.username().equals(current.username())
                && writes(Field.USERNAME, current.username().isEmpty())) {
            Username u = desired.username().get();
            b.username(u);
            notes.add(Reason.of(ReasonCode.FIELD_CHANGED, "field", Field.USERNAME.name(), "from", current.username().map(Username::value).orElse(""), "to", u.value()));
        }
        if (!desired.firstName().isEmpty() && !desired.firstName().equals(current.firstName())
                && writes(Field.FIRST_NAME, current.firstName().isEmpty())) {
            b.firstName(desired.firstName());
            notes.add(Reason.of(ReasonCode.FIELD_CHANGED, "field", Field.FIRST_NAME.name(), "from", current.firstName(), "to", desired.firstName()));
        }
        if (!desired.lastName().isEmpty() && !desired.lastName().equals(current.lastName())
                && writes(Field.LAST_NAME, current.lastName().isEmpty())) {
            b.lastName(desired.lastName());
            notes.add(Reason.of(ReasonCode.FIELD_CHANGED, "field", Field.LAST_NAME.name(), "from", current.lastName(), "to", desired.lastName()));
        }
        diffSet(Field.ROLES, desired.roles(), current.roles(), b::addRole, b::removeRole, notes);
        diffSet(Field.GROUPS, desired.groups(), current.groups(), b::addGroup, b::removeGroup, notes);
        for (Map.Entry<String, Ownership> owned : policy.ownedAttributes().entrySet()) {
            String name = owned.getKey();
            Ownership own = owned.getValue();
            Optional<String> want = desired.attribute(name);
            Optional<String> have = current.attribute(name);
            if (own == Ownership.NEVER || want.equals(have)) {
                continue;
            }
            if (want.isPresent() && (own == Ownership.ALWAYS || have.isEmpty())) {
                b.setAttribute(name, want.get());
                notes.add(Reason.of(ReasonCode.ATTRIBUTE_CHANGED, "attribute", name, "from", have.orElse(""), "to", want.get()));
            } else if (want.isEmpty() && own == Ownership.ALWAYS) {
                b.removeAttribute(name);
                notes.add(Reason.of(ReasonCode.ATTRIBUTE_REMOVED, "attribute", name, "from", have.orElseThrow()));
            }
        }
        return new Diff(b.build(), notes);
    }

    /**
     * The profile a new account is created with: the desired profile, without the fields the target owns.
     */
    UserProfile creationProfile(UserProfile desired, io.rostersync.model.UserStatus status) {
        UserProfile.Builder b = UserProfile.builder()
                .email(desired.email())
                .username(desired.username())
                .firstName(desired.firstName())
                .lastName(desired.lastName())
                .status(status);
        if (policy.ownership(Field.ROLES) != Ownership.NEVER) {
            b.roles(desired.roles());
        }
        if (policy.ownership(Field.GROUPS) != Ownership.NEVER) {
            b.groups(desired.groups());
        }
        desired.attributes().forEach((name, value) -> {
            if (policy.attributeOwnership(name) != Ownership.NEVER) {
                b.attribute(name, value);
            }
        });
        return b.build();
    }

    private boolean writes(Field field, boolean currentEmpty) {
        Ownership own = policy.ownership(field);
        return own == Ownership.ALWAYS || (own == Ownership.WHEN_EMPTY && currentEmpty);
    }

    private void diffSet(Field field, Set<String> want, Set<String> have, Consumer<String> add, Consumer<String> remove,
                         List<Reason> notes) {
        Ownership own = policy.ownership(field);
        if (own == Ownership.NEVER || want.equals(have)) {
            return;
        }
        if (own == Ownership.WHEN_EMPTY && !have.isEmpty()) {
            return;
        }
        List<String> added = new ArrayList<>();
        List<String> removed = new ArrayList<>();
        for (String w : want) {
            if (!have.contains(w)) {
                add.accept(w);
                added.add(w);
            }
        }
        if (own == Ownership.ALWAYS) {
            for (String h : have) {
                if (!want.contains(h)) {
                    remove.accept(h);
                    removed.add(h);
                }
            }
        }
        if (!added.isEmpty() || !removed.isEmpty()) {
            notes.add(Reason.of(ReasonCode.SET_CHANGED, "field", field.name(), "added", Reason.listOf(added), "removed", Reason.listOf(removed)));
        }
    }
}
