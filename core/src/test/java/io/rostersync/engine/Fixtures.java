package io.rostersync.engine;

import io.rostersync.model.NativeId;
import io.rostersync.model.UserProfile;
import io.rostersync.model.UserRecord;
import io.rostersync.model.UserStatus;
import io.rostersync.plan.Plan;
import io.rostersync.plan.PlanAction;
import io.rostersync.policy.SyncPolicy;
import io.rostersync.spi.ActionKind;
import io.rostersync.spi.LicenseSnapshot;
import io.rostersync.spi.Link;
import io.rostersync.spi.Links;
import java.time.Instant;
import java.util.List;

final class Fixtures {

    static final Instant NOW = Instant.parse("2026-06-01T12:00:00Z");

    private Fixtures() {
    }

    static UserRecord user(String id, String email, String first, String last, UserStatus status, String... roles) {
        return UserRecord.of(NativeId.of(id), UserProfile.builder()
                .email(email).firstName(first).lastName(last).status(status).roles(List.of(roles)).build());
    }

    static UserRecord active(String id, String email) {
        String local = email.substring(0, email.indexOf('@'));
        return user(id, email, cap(local), "Tester", UserStatus.ACTIVE);
    }

    static UserRecord with(UserRecord r, UserStatus status) {
        return r.withProfile(r.profile().toBuilder().status(status).build());
    }

    static Link link(String source, String target) {
        return Link.of(NativeId.of(source), NativeId.of(target));
    }

    static NativeId id(String value) {
        return NativeId.of(value);
    }

    static Plan plan(SyncPolicy policy, List<UserRecord> source, List<UserRecord> target, List<Link> links,
                     LicenseSnapshot... licenses) {
        return new Reconciler(policy).plan(PlanInput.builder()
                .source(source).target(target).links(Links.of(links)).licenses(List.of(licenses)).now(NOW).build());
    }

    static Plan plan(List<UserRecord> source, List<UserRecord> target, List<Link> links) {
        return plan(SyncPolicy.defaults(), source, target, links);
    }

    static List<ActionKind> kinds(Plan plan) {
        return plan.actions().stream().map(PlanAction::kind).toList();
    }

    static <T extends PlanAction> T only(Plan plan, Class<T> type) {
        List<T> found = plan.actions().stream().filter(type::isInstance).map(type::cast).toList();
        if (found.size() != 1) {
            throw new AssertionError("expected one " + type.getSimpleName() + " in " + plan.actions());
        }
        return found.get(0);
    }

    private static String cap(String s) {
        return Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }
}
