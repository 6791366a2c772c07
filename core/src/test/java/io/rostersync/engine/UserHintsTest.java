package io.rostersync.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.rostersync.model.NativeId;
import io.rostersync.model.SyncId;
import io.rostersync.spi.ActionKind;
import io.rostersync.spi.PlanMode;
import io.rostersync.spi.RunStatus;
import io.rostersync.spi.SyncReport;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.EnumMap;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

class UserHintsTest {

    /** A clock moved by hand. */
    static final class HandClock extends Clock {
        private Instant now = Instant.parse("2026-12-03T10:00:00Z");

        void advance(Duration d) {
            now = now.plus(d);
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    /** Records what the coalescer asked for and answers from a script (SUCCEEDED when the script is empty). */
    static final class RecordingSync {
        final List<Set<NativeId>> named = new ArrayList<>();
        int incrementalRuns;
        final Deque<Supplier<SyncReport>> script = new ArrayDeque<>();

        SyncReport named(Set<NativeId> ids) {
            named.add(ids);
            return answer();
        }

        SyncReport incremental() {
            incrementalRuns++;
            return answer();
        }

        private SyncReport answer() {
            Supplier<SyncReport> next = script.poll();
            return next == null ? report(RunStatus.SUCCEEDED) : next.get();
        }
    }

    static SyncReport report(RunStatus status) {
        return new SyncReport(SyncId.of("zendesk-to-host"), Instant.EPOCH, Instant.EPOCH, status, PlanMode.INCREMENTAL, 0, 0,
                new EnumMap<>(ActionKind.class), 0, List.of(), List.of(), List.of(), status.name());
    }

    private final HandClock clock = new HandClock();
    private final RecordingSync sync = new RecordingSync();
    private final List<UserHints.Flush> flushes = new ArrayList<>();

    private UserHints.Builder hints() {
        return UserHints.builder().syncNamed(sync::named).runIncremental(sync::incremental)
                .window(Duration.ofSeconds(1)).floodThreshold(5).clock(clock).onFlush(flushes::add).drivenByCaller();
    }

    private static NativeId id(int n) {
        return NativeId.of(Integer.toString(n));
    }

    @Test
    void hintsWithinOneWindowBecomeOneNamedSyncOfTheDistinctUsers() {
        UserHints hints = hints().build();

        assertThat(hints.offer(id(1))).isEqualTo(UserHints.Offer.QUEUED);
        clock.advance(Duration.ofMillis(400));
        assertThat(hints.offer(id(2))).isEqualTo(UserHints.Offer.QUEUED);
        assertThat(hints.offer(id(1))).isEqualTo(UserHints.Offer.ALREADY_QUEUED);
        assertThat(hints.offer(id(3))).isEqualTo(UserHints.Offer.QUEUED);
        assertThat(hints.flushIfDue()).isEmpty();
        assertThat(sync.named).isEmpty();

        clock.advance(Duration.ofMillis(600));
        UserHints.Flush flush = hints.flushIfDue().orElseThrow();

        assertThat(flush.kind()).isEqualTo(UserHints.FlushKind.NAMED);
        assertThat(sync.named).containsExactly(Set.of(id(1), id(2), id(3)));
        assertThat(sync.incrementalRuns).isZero();
        assertThat(hints.pending()).isZero();
        assertThat(hints.flushIfDue()).isEmpty();
    }

    @Test
    void aFloodOfDistinctUsersBecomesOneIncrementalRun() {
        UserHints hints = hints().build();
        for (int i = 0; i < 6; i++) {
            hints.offer(id(i));
        }
        clock.advance(Duration.ofSeconds(1));

        UserHints.Flush flush = hints.flushIfDue().orElseThrow();

        assertThat(flush.kind()).isEqualTo(UserHints.FlushKind.INCREMENTAL);
        assertThat(sync.incrementalRuns).isEqualTo(1);
        assertThat(sync.named).isEmpty();
    }

    @Test
    void atTheThresholdItIsStillOneNamedSync() {
        UserHints hints = hints().build();
        for (int i = 0; i < 5; i++) {
            hints.offer(id(i));
        }
        clock.advance(Duration.ofSeconds(1));

        assertThat(hints.flushIfDue().orElseThrow().kind()).isEqualTo(UserHints.FlushKind.NAMED);
        assertThat(sync.named).hasSize(1);
    }

    @Test
    void aBusyAnswerPutsTheUsersBackForTheNextWindow() {
        UserHints hints = hints().build();
        sync.script.add(() -> report(RunStatus.BUSY));
        hints.offer(id(1));
        hints.offer(id(2));
        clock.advance(Duration.ofSeconds(1));

        UserHints.Flush busy = hints.flushIfDue().orElseThrow();
        assertThat(busy.requeued()).isTrue();
        assertThat(hints.pending()).isEqualTo(2);
        hints.offer(id(3));
        assertThat(hints.flushIfDue()).as("the retry waits one window").isEmpty();

        clock.advance(Duration.ofSeconds(1));
        UserHints.Flush retried = hints.flushIfDue().orElseThrow();

        assertThat(retried.kind()).isEqualTo(UserHints.FlushKind.NAMED);
        assertThat(retried.requeued()).isFalse();
        assertThat(sync.named).containsExactly(Set.of(id(1), id(2)), Set.of(id(1), id(2), id(3)));
    }

    @Test
    void aThrownSyncBusyExceptionAlsoPutsTheUsersBack() {
        UserHints hints = hints().build();
        sync.script.add(() -> {
            throw new SyncBusyException(SyncId.of("zendesk-to-host"));
        });
        hints.offer(id(7));
        clock.advance(Duration.ofSeconds(1));

        assertThat(hints.flushIfDue().orElseThrow().requeued()).isTrue();
        clock.advance(Duration.ofSeconds(1));
        assertThat(hints.flushIfDue()).isPresent();

        assertThat(sync.named).containsExactly(Set.of(id(7)), Set.of(id(7)));
    }

    @Test
    void beyondTheQueueBoundHintsAreNotLostButCoveredByAnIncrementalRun() {
        UserHints hints = hints().maxPending(3).floodThreshold(100).build();
        for (int i = 0; i < 3; i++) {
            assertThat(hints.offer(id(i))).isEqualTo(UserHints.Offer.QUEUED);
        }
        assertThat(hints.offer(id(99))).isEqualTo(UserHints.Offer.OVERFLOW);
        assertThat(hints.pending()).isEqualTo(3);
        clock.advance(Duration.ofSeconds(1));

        assertThat(hints.flushIfDue().orElseThrow().kind()).isEqualTo(UserHints.FlushKind.INCREMENTAL);
        assertThat(sync.named).isEmpty();
        assertThat(sync.incrementalRuns).isEqualTo(1);
    }

    @Test
    void aBusyIncrementalRunIsRunAgainInTheNextWindow() {
        UserHints hints = hints().build();
        sync.script.add(() -> report(RunStatus.BUSY));
        for (int i = 0; i < 6; i++) {
            hints.offer(id(i));
        }
        clock.advance(Duration.ofSeconds(1));
        assertThat(hints.flushIfDue().orElseThrow().requeued()).isTrue();
        clock.advance(Duration.ofSeconds(1));

        assertThat(hints.flushIfDue().orElseThrow().kind()).isEqualTo(UserHints.FlushKind.INCREMENTAL);
        assertThat(sync.incrementalRuns).isEqualTo(2);
        assertThat(hints.pending()).isZero();
    }

    @Test
    void aFailedOrThrowingSyncIsReportedAndLeftToTheScheduledRun() {
        UserHints hints = hints().build();
        sync.script.add(() -> report(RunStatus.FAILED));
        sync.script.add(() -> {
            throw new IllegalStateException("boom");
        });
        hints.offer(id(1));
        clock.advance(Duration.ofSeconds(1));
        UserHints.Flush failed = hints.flushIfDue().orElseThrow();
        hints.offer(id(2));
        clock.advance(Duration.ofSeconds(1));
        UserHints.Flush threw = hints.flushIfDue().orElseThrow();

        assertThat(failed.report()).map(SyncReport::status).contains(RunStatus.FAILED);
        assertThat(failed.requeued()).isFalse();
        assertThat(threw.report()).isEmpty();
        assertThat(threw.requeued()).isFalse();
        assertThat(hints.pending()).isZero();
        assertThat(flushes).containsExactly(failed, threw);
    }

    @Test
    void aHintArrivingDuringASyncWaitsForTheNextWindow() {
        UserHints[] self = new UserHints[1];
        sync.script.add(() -> {
            self[0].offer(id(2));
            return report(RunStatus.SUCCEEDED);
        });
        UserHints hints = hints().build();
        self[0] = hints;
        hints.offer(id(1));
        clock.advance(Duration.ofSeconds(1));
        assertThat(hints.flushIfDue()).isPresent();

        assertThat(hints.pending()).isEqualTo(1);
        clock.advance(Duration.ofSeconds(1));
        assertThat(hints.flushIfDue()).isPresent();
        assertThat(sync.named).containsExactly(Set.of(id(1)), Set.of(id(2)));
    }

    @Test
    void afterCloseHintsAreRefusedAndQueuedOnesAreNotSynced() {
        UserHints hints = hints().build();
        hints.offer(id(1));
        hints.close();

        assertThat(hints.offer(id(2))).isEqualTo(UserHints.Offer.CLOSED);
        assertThat(hints.flush().kind()).isEqualTo(UserHints.FlushKind.NOTHING);
        assertThat(sync.named).isEmpty();
    }

    @Test
    void anIncrementalRunRequestedBySourceRunsOnceInTheNextWindowAndCoversTheQueuedUsers() {
        UserHints hints = hints().build();
        hints.offer(id(1));

        assertThat(hints.requestIncremental()).isEqualTo(UserHints.Offer.QUEUED);
        assertThat(hints.requestIncremental()).isEqualTo(UserHints.Offer.ALREADY_QUEUED);
        assertThat(hints.flushIfDue()).as("it waits for the window").isEmpty();
        clock.advance(Duration.ofSeconds(1));
        UserHints.Flush flush = hints.flushIfDue().orElseThrow();

        assertThat(flush.kind()).isEqualTo(UserHints.FlushKind.INCREMENTAL);
        assertThat(flush.users()).containsExactly(id(1));
        assertThat(sync.incrementalRuns).isEqualTo(1);
        assertThat(sync.named).isEmpty();
        clock.advance(Duration.ofSeconds(1));
        assertThat(hints.flushIfDue()).as("one request, one run").isEmpty();
    }

    @Test
    void anIncrementalRunRequestedWithNothingQueuedOpensAWindowOfItsOwn() {
        UserHints hints = hints().build();

        hints.requestIncremental();
        clock.advance(Duration.ofSeconds(1));

        assertThat(hints.flushIfDue().orElseThrow().kind()).isEqualTo(UserHints.FlushKind.INCREMENTAL);
        assertThat(sync.incrementalRuns).isEqualTo(1);
    }

    @Test
    void noIncrementalRunIsTakenAfterClose() {
        UserHints hints = hints().build();
        hints.close();

        assertThat(hints.requestIncremental()).isEqualTo(UserHints.Offer.CLOSED);
        assertThat(hints.flush().kind()).isEqualTo(UserHints.FlushKind.NOTHING);
        assertThat(sync.incrementalRuns).isZero();
    }

    @Test
    void aMarkIsFlushedOnlyOnceASyncCoveringItsHintsHasRun() {
        UserHints hints = hints().build();
        long start = hints.mark();
        assertThat(hints.flushed(start)).as("nothing offered yet").isTrue();

        hints.offer(id(1));
        hints.offer(id(2));
        long afterTwo = hints.mark();
        assertThat(afterTwo).isGreaterThan(start);
        assertThat(hints.flushed(afterTwo)).isFalse();

        clock.advance(Duration.ofSeconds(1));
        assertThat(hints.flushIfDue()).isPresent();

        assertThat(hints.flushed(afterTwo)).isTrue();
    }

    @Test
    void aBusyAnswerLeavesTheMarkUnflushedUntilTheRetryRuns() {
        UserHints hints = hints().build();
        sync.script.add(() -> report(RunStatus.BUSY));
        hints.offer(id(1));
        long mark = hints.mark();
        clock.advance(Duration.ofSeconds(1));

        assertThat(hints.flushIfDue().orElseThrow().requeued()).isTrue();
        assertThat(hints.flushed(mark)).isFalse();

        clock.advance(Duration.ofSeconds(1));
        assertThat(hints.flushIfDue()).isPresent();
        assertThat(hints.flushed(mark)).isTrue();
    }

    @Test
    void aHintOfferedDuringASyncIsNotCoveredByThatSync() {
        UserHints[] self = new UserHints[1];
        long[] markDuringSync = new long[1];
        sync.script.add(() -> {
            self[0].offer(id(1)); // the same user again: its new change may come after the sync's read
            markDuringSync[0] = self[0].mark();
            return report(RunStatus.SUCCEEDED);
        });
        UserHints hints = hints().build();
        self[0] = hints;
        hints.offer(id(1));
        long before = hints.mark();
        clock.advance(Duration.ofSeconds(1));
        assertThat(hints.flushIfDue()).isPresent();

        assertThat(hints.flushed(before)).isTrue();
        assertThat(hints.flushed(markDuringSync[0])).isFalse();

        clock.advance(Duration.ofSeconds(1));
        assertThat(hints.flushIfDue()).isPresent();
        assertThat(hints.flushed(markDuringSync[0])).isTrue();
        assertThat(sync.named).containsExactly(Set.of(id(1)), Set.of(id(1)));
    }

    @Test
    void hintsDroppedByCloseAreNeverFlushed() {
        UserHints hints = hints().build();
        hints.offer(id(1));
        long mark = hints.mark();
        hints.close();

        hints.flush();

        assertThat(hints.flushed(mark)).isFalse();
    }

    @Test
    void anIncrementalRequestCountsInTheMark() {
        UserHints hints = hints().build();
        hints.requestIncremental();
        long mark = hints.mark();
        assertThat(hints.flushed(mark)).isFalse();

        clock.advance(Duration.ofSeconds(1));
        assertThat(hints.flushIfDue()).isPresent();

        assertThat(hints.flushed(mark)).isTrue();
    }

    @Test
    void addedFlushListenersHearEveryFlushThatRanUntilRemoved() {
        UserHints hints = hints().build();
        List<UserHints.Flush> heard = new ArrayList<>();
        java.util.function.Consumer<UserHints.Flush> listener = heard::add;
        hints.addFlushListener(f -> {
            throw new IllegalStateException("a broken listener is ignored");
        });
        hints.addFlushListener(listener);
        hints.offer(id(1));
        clock.advance(Duration.ofSeconds(1));
        UserHints.Flush first = hints.flushIfDue().orElseThrow();

        hints.removeFlushListener(listener);
        hints.offer(id(2));
        clock.advance(Duration.ofSeconds(1));
        UserHints.Flush second = hints.flushIfDue().orElseThrow();

        assertThat(heard).containsExactly(first);
        assertThat(flushes).containsExactly(first, second);
    }

    @Test
    void refusesAnIncompleteOrSenselessConfiguration() {
        assertThatThrownBy(() -> UserHints.builder().runIncremental(sync::incremental).build())
                .isInstanceOf(NullPointerException.class).hasMessageContaining("syncNamed");
        assertThatThrownBy(() -> UserHints.builder().window(Duration.ZERO)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> UserHints.builder().floodThreshold(0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> UserHints.builder().floodThreshold(NamedUsers.MAX_NAMES + 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> UserHints.builder().maxPending(0)).isInstanceOf(IllegalArgumentException.class);
    }
}
