package io.rostersync.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.rostersync.model.NativeId;
import io.rostersync.spi.FailureKind;
import io.rostersync.spi.LicensePool;
import io.rostersync.spi.RosterSyncException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class InMemoryLicensePoolTest extends LicensePoolContract {

    @Override
    protected LicensePool pool(int seats) {
        return InMemoryLicensePool.of("seats", seats);
    }

    @Test
    void externalHoldersCountAgainstTheEntitlement() {
        InMemoryLicensePool pool = InMemoryLicensePool.of("seats", 2);
        pool.consumeExternally(2);
        assertThat(pool.snapshot().free()).isZero();
        assertThatThrownBy(() -> pool.assign(NativeId.of("u1"))).isInstanceOf(RosterSyncException.class);
    }

    @Test
    void expiredLicenseAssignsNothing() {
        Clock clock = Clock.fixed(Instant.parse("2026-06-01T00:00:00Z"), ZoneOffset.UTC);
        InMemoryLicensePool pool = new InMemoryLicensePool("seats", 5, Optional.of(Instant.parse("2026-05-31T00:00:00Z")), clock);
        assertThatThrownBy(() -> pool.assign(NativeId.of("u1"))).isInstanceOfSatisfying(RosterSyncException.class,
                e -> assertThat(e.kind()).isEqualTo(FailureKind.LICENSE_SHORTFALL));
    }
}
