package io.rostersync.engine;

import static io.rostersync.engine.Fixtures.active;
import static io.rostersync.engine.Fixtures.link;
import static io.rostersync.engine.Fixtures.plan;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.rostersync.model.UserRecord;
import io.rostersync.plan.Plan;
import io.rostersync.policy.DeletionGuard;
import io.rostersync.policy.GuardVerdict;
import io.rostersync.policy.SyncPolicy;
import io.rostersync.spi.Link;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class DeletionGuardTest {

    private static Plan planWithDeparted(int managed, int departed) {
        List<UserRecord> source = new ArrayList<>();
        List<UserRecord> target = new ArrayList<>();
        List<Link> links = new ArrayList<>();
        for (int i = 0; i < managed; i++) {
            target.add(active("t" + i, "u" + i + "@example.com"));
            links.add(link("s" + i, "t" + i));
            if (i >= departed) {
                source.add(active("s" + i, "u" + i + "@example.com"));
            }
        }
        return plan(source, target, links);
    }

    @Test
    void emptySourceThatWouldDeprovisionAnyoneTripsTheGuard() {
        GuardVerdict v = DeletionGuard.defaults().evaluate(planWithDeparted(3, 3));
        assertThat(v.tripped()).isTrue();
        assertThat(v.reason()).contains("no users at all");
    }

    @Test
    void tooLargeAFractionTripsTheGuard() {
        GuardVerdict v = DeletionGuard.defaults().evaluate(planWithDeparted(100, 30));
        assertThat(v.tripped()).isTrue();
        assertThat(v.reason()).contains("30 of 100").contains("25%");
    }

    @Test
    void tooManyInAbsoluteTermsTripsTheGuard() {
        GuardVerdict v = DeletionGuard.of(10, 1.0).evaluate(planWithDeparted(100, 11));
        assertThat(v.tripped()).isTrue();
        assertThat(v.reason()).contains("limit of 10");
    }

    @Test
    void normalTurnoverPasses() {
        assertThat(DeletionGuard.defaults().evaluate(planWithDeparted(100, 5)).tripped()).isFalse();
    }

    @Test
    void disabledGuardNeverTrips() {
        assertThat(DeletionGuard.disabled().evaluate(planWithDeparted(3, 3)).tripped()).isFalse();
    }

    @Test
    void invalidLimitsAreRejected() {
        assertThatThrownBy(() -> DeletionGuard.of(-1, 0.5)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> DeletionGuard.of(5, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> DeletionGuard.of(5, 1.5)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void guardIsOnByDefault() {
        assertThat(SyncPolicy.defaults().deletionGuard().enabled()).isTrue();
    }
}
