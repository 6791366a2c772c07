package io.rostersync.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.rostersync.model.Cursor;
import io.rostersync.model.NativeId;
import io.rostersync.model.SyncId;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class EventPositionTest {

    @Test
    void keepsTheTokenExactly() {
        String replayId = "AAAAAAAAB3oAAA==";
        assertThat(EventPosition.of(replayId).token()).isEqualTo(replayId);
        assertThat(new EventPosition("x".repeat(EventPosition.MAX_LENGTH)).token()).hasSize(4096);
        assertThat(new EventPosition("é€😀 tokens are text")).isEqualTo(new EventPosition("é€😀 tokens are text"));
    }

    @Test
    void refusesAMissingBlankOrOverlongToken() {
        assertThatThrownBy(() -> new EventPosition(null)).isInstanceOf(NullPointerException.class)
                .hasMessageContaining("event position token");
        assertThatThrownBy(() -> new EventPosition(" \t")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("event position token must not be blank");
        assertThatThrownBy(() -> new EventPosition("x".repeat(4097))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("4097 characters long; at most 4096");
    }

    @Test
    void refusesControlCharactersSayingHowToEncode() {
        assertThatThrownBy(() -> new EventPosition("abc\u0000def")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("index 3").hasMessageContaining("U+0000").hasMessageContaining("base64");
        assertThatThrownBy(() -> new EventPosition("line\nbreak")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("U+000A");
    }

    @Test
    void aStoreWithoutEventPositionsSaysWhichStoreAndWhatToDo() {
        SyncStateStore store = new PositionlessStore();
        SyncId sync = SyncId.of("s");
        assertThatThrownBy(() -> store.eventPosition(sync, "/data/UserChangeEvent"))
                .isInstanceOf(UnsupportedOperationException.class)
                .hasMessageContaining(PositionlessStore.class.getName())
                .hasMessageContaining("implement SyncStateStore.eventPosition and saveEventPosition");
        assertThatThrownBy(() -> store.saveEventPosition(sync, "/data/UserChangeEvent", EventPosition.of("AQ==")))
                .isInstanceOf(UnsupportedOperationException.class)
                .hasMessageContaining(PositionlessStore.class.getName())
                .hasMessageContaining("JdbcSyncStateStore");
    }

    /** A store written before event positions existed. */
    private static final class PositionlessStore implements SyncStateStore {
        @Override
        public Optional<Lease> tryAcquire(SyncId syncId, String owner, Duration ttl, Instant now) {
            return Optional.empty();
        }

        @Override
        public Lease renew(Lease lease, Duration ttl, Instant now) {
            throw new StaleLeaseException(lease);
        }

        @Override
        public boolean isCurrent(Lease lease, Instant now) {
            return false;
        }

        @Override
        public void release(Lease lease) {
        }

        @Override
        public Links links(SyncId syncId) {
            return Links.of(List.of());
        }

        @Override
        public void saveLink(Lease lease, Link link) {
        }

        @Override
        public void removeLink(Lease lease, NativeId sourceId) {
        }

        @Override
        public Optional<Cursor> cursor(SyncId syncId) {
            return Optional.empty();
        }

        @Override
        public Optional<String> cursorFingerprint(SyncId syncId) {
            return Optional.empty();
        }

        @Override
        public void saveCursor(Lease lease, Cursor cursor, String policyFingerprint) {
        }

        @Override
        public List<HeldDeprovision> heldDeprovisions(SyncId syncId) {
            return List.of();
        }

        @Override
        public void saveHeldDeprovisions(Lease lease, List<HeldDeprovision> held) {
        }

        @Override
        public List<WaitingUser> waitingUsers(SyncId syncId) {
            return List.of();
        }

        @Override
        public void saveWaitingUsers(Lease lease, List<WaitingUser> waiting) {
        }

        @Override
        public ScheduleState scheduleState(SyncId syncId) {
            return ScheduleState.never();
        }

        @Override
        public void saveScheduleState(Lease lease, ScheduleState state) {
        }

        @Override
        public Optional<SyncReport> lastReport(SyncId syncId) {
            return Optional.empty();
        }

        @Override
        public void saveReport(Lease lease, SyncReport report) {
        }
    }
}
