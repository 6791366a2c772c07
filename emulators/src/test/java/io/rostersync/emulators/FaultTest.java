package io.rostersync.emulators;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class FaultTest {

    @Test
    void invalidFaultsAreRefusedWhenBuilt() {
        assertThatThrownBy(() -> Fault.status(200)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("4xx or 5xx");
        assertThatThrownBy(() -> Fault.status(600)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Fault.rateLimited(Duration.ofSeconds(-1))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Fault.RetryAfter.Seconds(-1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Fault.slowBody(Duration.ZERO)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Fault.trickledBody(0, Duration.ZERO)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Fault.trickledBody(1, Duration.ofMillis(-1))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Fault.partialBatchFailure(Set.of(), "x")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Fault.partialBatchFailure(Set.of("a"), " ")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void factoriesBuildTheMatchingRecords() {
        assertThat(Fault.rateLimited(Duration.ofSeconds(3)))
                .isEqualTo(new Fault.Status(429, Optional.of(new Fault.RetryAfter.Seconds(3))));
        assertThat(Fault.rateLimited(Duration.ofMillis(1)))
                .isEqualTo(new Fault.Status(429, Optional.of(new Fault.RetryAfter.Seconds(1))));
        assertThat(Fault.rateLimitedUntil(Instant.parse("2026-01-01T00:00:00.750Z")))
                .isEqualTo(new Fault.Status(429, Optional.of(new Fault.RetryAfter.HttpDate(Instant.parse("2026-01-01T00:00:00Z")))));
        assertThat(Fault.status(503)).isEqualTo(new Fault.Status(503, Optional.empty()));
    }

    @Test
    void partialBatchFailureCopiesItsItems() {
        Set<String> items = new HashSet<>(Set.of("a@example.com"));
        Fault.PartialBatchFailure f = (Fault.PartialBatchFailure) Fault.partialBatchFailure(items, "DuplicateValue");
        items.add("b@example.com");

        assertThat(f.failingItems()).containsExactly("a@example.com");
    }
}
