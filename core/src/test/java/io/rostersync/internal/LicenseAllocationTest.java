package io.rostersync.internal;

import io.rostersync.spi.ReasonCode;
import io.rostersync.spi.Reason;
import static io.rostersync.internal.Users.active;
import static io.rostersync.internal.Users.pair;
import static io.rostersync.internal.Users.user;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.rostersync.model.NativeId;
import io.rostersync.model.UserRecord;
import io.rostersync.model.UserStatus;
import io.rostersync.plan.PlanAction;
import io.rostersync.policy.LicenseRule;
import io.rostersync.policy.SyncPolicy;
import io.rostersync.spi.Conflict;
import io.rostersync.spi.ConflictKind;
import io.rostersync.spi.LicenseSnapshot;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

class LicenseAllocationTest {

    private static final Instant NOW = Instant.parse("2026-06-01T12:00:00Z");
    private static final SyncPolicy SEATS = SyncPolicy.builder().license(LicenseRule.everyone("seats")).build();

    private static LicenseAllocation allocation(int entitlement, Optional<Instant> expires, String... assignees) {
        TreeSet<NativeId> held = new TreeSet<>();
        for (String a : assignees) {
            held.add(NativeId.of(a));
        }
        LicenseSnapshot snapshot = new LicenseSnapshot("seats", entitlement, held.size(), expires, held);
        return new LicenseAllocation(SEATS, () -> Map.of("seats", snapshot), NOW);
    }

    @Test
    void aMissingSnapshotIsNamed() {
        LicenseAllocation none = new LicenseAllocation(SEATS, Map::of, NOW);

        assertThatThrownBy(none::requireSnapshots).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'seats'");
    }

    @Test
    void anActiveHolderKeepsItsSeatAndAnInactiveOneGivesItBack() {
        LicenseAllocation seats = allocation(5, Optional.empty(), "t1", "t2");
        Decision keeps = pair(active("s1", "a@example.com"), active("t1", "a@example.com"));
        Decision inactive = pair(active("s2", "b@example.com"), active("t2", "b@example.com"));
        inactive.finalStatus = UserStatus.INACTIVE;

        seats.evaluate(keeps);
        seats.evaluate(inactive);

        assertThat(keeps.holdsLicense).containsExactly("seats");
        assertThat(keeps.actions).isEmpty();
        assertThat(inactive.actions).singleElement().isInstanceOfSatisfying(PlanAction.RevokeLicense.class,
                r -> assertThat(r.reasons()).containsExactly(Reason.of(ReasonCode.STATUS_USES_NO_SEAT, "status", "INACTIVE")));
    }

    @Test
    void seatsGoToTheFirstInIdOrderAndReleasesCountBeforeShortfalls() {
        // one seat bought and held by t9, which this plan releases; two users want one
        LicenseAllocation seats = allocation(1, Optional.empty(), "t9");
        Decision releasing = pair(active("s9", "z@example.com"), active("t9", "z@example.com"));
        releasing.actions.add(new PlanAction.RevokeLicense(releasing.ref, "seats", Reason.of(ReasonCode.GONE_FROM_SOURCE)));
        List<Decision> wanting = new ArrayList<>();
        for (String id : List.of("s2", "s1")) {
            Decision d = pair(active(id, id + "@example.com"), active("t" + id, id + "@example.com"));
            seats.evaluate(d);
            wanting.add(d);
        }
        List<Conflict> conflicts = new ArrayList<>();

        List<Decision> all = new ArrayList<>(wanting);
        all.add(releasing);
        seats.allocate(all, conflicts);

        assertThat(wanting.get(1).holdsLicense).containsExactly("seats"); // s1
        assertThat(wanting.get(0).holdsLicense).isEmpty();
        assertThat(conflicts).singleElement().satisfies(c -> {
            assertThat(c.kind()).isEqualTo(ConflictKind.LICENSE_SHORTFALL);
            assertThat(c.users().get(0).sourceId()).contains(NativeId.of("s2"));
            assertThat(c.reasons()).containsExactly(Reason.of(ReasonCode.SEAT_SHORTFALL, "license", "seats", "entitled", "1",
                    "consumed", "1", "released", "1"));
        });
    }

    @Test
    void anExpiredLicenseAssignsNothingAndSaysSoPerUser() {
        LicenseAllocation seats = allocation(10, Optional.of(NOW.minusSeconds(1)));
        Decision d = pair(active("s1", "a@example.com"), user("t1", "a@example.com", UserStatus.ACTIVE));
        seats.evaluate(d);
        List<Conflict> conflicts = new ArrayList<>();

        seats.allocate(List.of(d), conflicts);

        assertThat(d.actions).isEmpty();
        assertThat(conflicts).extracting(Conflict::kind).containsExactly(ConflictKind.LICENSE_EXPIRED);
    }

    @Test
    void aDeprovisionedAccountReleasesEverySeatItHolds() {
        LicenseAllocation seats = allocation(3, Optional.empty(), "t1");
        UserRecord t = active("t1", "a@example.com");
        Decision d = pair(active("s1", "a@example.com"), t);

        seats.release(d, t, Reason.of(ReasonCode.BEING_DEPROVISIONED));

        assertThat(d.actions).extracting(PlanAction::kind).extracting(Enum::name).isEqualTo(List.of("REVOKE_LICENSE"));
        assertThat(Set.copyOf(d.holdsLicense)).isEmpty();
    }
}
