package io.rostersync.talkdesk.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.rostersync.spi.ErrorDetails;
import io.rostersync.spi.InvalidConfigurationException;
import io.rostersync.spi.InvalidResponseException;
import io.rostersync.spi.TransientException;
import io.rostersync.http.internal.Page;
import io.rostersync.model.NativeId;
import io.rostersync.model.UserProfile;
import io.rostersync.model.UserRecord;
import io.rostersync.spi.ReadProblem;
import io.rostersync.spi.UserPage;
import io.rostersync.spi.UserPages;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The REST/SCIM join of a Talkdesk read, over in-memory pages (the emulator tests cover it over HTTP). */
@Timeout(value = 20, unit = TimeUnit.SECONDS)
class JoinedPagesTest {

    private static final String READER = "joined-pages-test-reader";

    /** Runs each task on a new thread named {@code name}, as a host's executor might. */
    private static Executor named(String name) {
        return task -> new Thread(task, name).start();
    }

    /** Whether some thread is still inside the reader task's SCIM read. */
    private static boolean readerRunning() {
        return Thread.getAllStackTraces().values().stream().flatMap(java.util.Arrays::stream)
                .anyMatch(f -> f.getClassName().equals(JoinedPages.class.getName()) && f.getMethodName().equals("readScim"));
    }

    private static JsonNode restUser(int i) {
        return JsonNodeFactory.instance.objectNode().put("id", "u" + i).put("email", "u" + i + "@example.com")
                .put("name", "Rest Name" + i).put("active", true);
    }

    private static UserRecord scimUser(int i) {
        return UserRecord.of(NativeId.of("u" + i), UserProfile.builder().email("scim" + i + "@example.com")
                .firstName("First" + i).lastName("Last" + i).role("Agent").build());
    }

    /** REST pages of {@code perPage} over users 0..n-1, counting the pages served. */
    private static Supplier<Iterator<Page<JsonNode>>> rest(int n, int perPage, AtomicInteger served) {
        return () -> new Iterator<>() {
            private int from;

            @Override
            public boolean hasNext() {
                return from < n;
            }

            @Override
            public Page<JsonNode> next() {
                List<JsonNode> items = IntStream.range(from, Math.min(from + perPage, n)).mapToObj(JoinedPagesTest::restUser)
                        .collect(Collectors.toList());
                from += perPage;
                served.incrementAndGet();
                return new Page<>(items, Optional.empty(), from < n);
            }
        };
    }

    /** SCIM pages of the given users, {@code perPage} each; {@code beforeFirst} runs on the reader thread first. */
    private static Supplier<UserPages> scim(List<Integer> order, int perPage, Runnable beforeFirst) {
        return () -> new UserPages() {
            private int from;
            private boolean started;

            @Override
            public Optional<UserPage> next() {
                if (!started) {
                    started = true;
                    beforeFirst.run();
                }
                if (from >= order.size()) {
                    return Optional.empty();
                }
                List<UserRecord> users = order.subList(from, Math.min(from + perPage, order.size())).stream()
                        .map(JoinedPagesTest::scimUser).collect(Collectors.toList());
                from += perPage;
                return Optional.of(UserPage.of(users));
            }
        };
    }

    private static List<UserRecord> drain(UserPages pages, List<UserPage> seen) {
        List<UserRecord> all = new ArrayList<>();
        try (pages) {
            for (Optional<UserPage> p = pages.next(); p.isPresent(); p = pages.next()) {
                seen.add(p.get());
                all.addAll(p.get().users());
            }
        }
        return all;
    }

    private static List<Integer> range(int n) {
        return IntStream.range(0, n).boxed().collect(Collectors.toList());
    }

    @Test
    void restPagesAreFetchedWhileTheScimListIsStillBeingRead() {
        AtomicInteger served = new AtomicInteger();
        CountDownLatch allRestServed = new CountDownLatch(1);
        // The SCIM list does not start until every REST page was fetched: a read that waited for SCIM first
        // would never finish (the class timeout fails it).
        Supplier<Iterator<Page<JsonNode>>> restPages = () -> {
            Iterator<Page<JsonNode>> it = rest(30, 10, served).get();
            return new Iterator<>() {
                @Override
                public boolean hasNext() {
                    boolean more = it.hasNext();
                    if (!more) {
                        allRestServed.countDown();
                    }
                    return more;
                }

                @Override
                public Page<JsonNode> next() {
                    return it.next();
                }
            };
        };
        Runnable waitForRest = () -> {
            try {
                allRestServed.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        };
        JoinedPages pages = new JoinedPages("talkdesk", named(READER), restPages, scim(range(30), 100, waitForRest), 10, 1000);
        List<UserRecord> all = drain(pages, new ArrayList<>());
        assertThat(all).hasSize(30).allSatisfy(u -> assertThat(u.roles()).containsExactly("Agent"));
    }

    @Test
    void usersComeOutInRestOrderWithRestEmailAndStatusAndScimRolesAndNamesWhateverOrderScimListsThem() {
        List<Integer> reversed = range(25);
        Collections.reverse(reversed);
        List<UserPage> seen = new ArrayList<>();
        List<UserRecord> all = drain(new JoinedPages("talkdesk", named(READER), rest(25, 10, new AtomicInteger()),
                scim(reversed, 7, () -> { }), 10, 20), seen);
        assertThat(all).extracting(u -> u.id().value()).containsExactlyElementsOf(
                range(25).stream().map(i -> "u" + i).collect(Collectors.toList()));
        assertThat(all.get(3).email().orElseThrow().value()).isEqualTo("u3@example.com");
        assertThat(all.get(3).firstName()).isEqualTo("First3");
        assertThat(all.get(3).roles()).containsExactly("Agent");
        assertThat(seen).extracting(p -> p.users().size()).containsExactly(10, 10, 5);
    }

    @Test
    void usersOnlyOneListHoldsAreLeftOutAsProblemsSoTheReadIsIncomplete() {
        List<UserPage> seen = new ArrayList<>();
        List<UserRecord> all = drain(new JoinedPages("talkdesk", named(READER), rest(5, 2, new AtomicInteger()),
                scim(List.of(0, 2, 4, 99), 2, () -> { }), 2, 4), seen);
        // u1 and u3 are not in SCIM (roles unknown: never read as role-less), u99 is not in REST (skipped?).
        assertThat(all).extracting(u -> u.id().value()).containsExactly("u0", "u2", "u4");
        assertThat(all.get(1).roles()).containsExactly("Agent");
        assertThat(seen.stream().flatMap(p -> p.problems().stream()))
                .extracting(ReadProblem::location)
                .containsExactlyInAnyOrder("talkdesk user u1", "talkdesk user u3", "talkdesk user u99");
    }

    @Test
    void problemsTheRestListShowsArriveWithTheRead() {
        List<UserPage> seen = new ArrayList<>();
        AtomicInteger asked = new AtomicInteger();
        drain(new JoinedPages("talkdesk", named(READER), rest(4, 2, new AtomicInteger()), scim(range(4), 2, () -> { }), 2, 4,
                () -> asked.incrementAndGet() == 2 ? List.of(new ReadProblem("list", "changed")) : List.of()), seen);
        assertThat(seen.stream().flatMap(p -> p.problems().stream())).extracting(ReadProblem::message).containsExactly("changed");
    }

    @Test
    void restReadingPausesWhileItsUsersWaitForScimRecords() {
        AtomicInteger served = new AtomicInteger();
        AtomicInteger servedWhenScimStarted = new AtomicInteger(-1);
        Thread caller = Thread.currentThread();
        Runnable stall = () -> {
            // SCIM holds back until the caller blocks waiting for it. A caller that did not pause at
            // restAhead users would only block once every REST page was read.
            long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(10);
            while (caller.getState() != Thread.State.WAITING && System.nanoTime() < deadline) {
                java.util.concurrent.locks.LockSupport.parkNanos(1_000_000);
            }
            servedWhenScimStarted.set(served.get());
        };
        List<UserRecord> all = drain(new JoinedPages("talkdesk", named(READER), rest(100, 10, served),
                scim(range(100), 10, stall), 10, 20), new ArrayList<>());
        assertThat(all).hasSize(100);
        assertThat(servedWhenScimStarted.get()).isEqualTo(2);
    }

    @Test
    void aScimFailureFailsTheReadWithItsOwnExceptionEvenAfterEveryRestUserWasMatched() {
        Supplier<UserPages> failing = () -> new UserPages() {
            private int calls;

            @Override
            public Optional<UserPage> next() {
                if (++calls == 1) {
                    return Optional.of(UserPage.of(range(4).stream().map(JoinedPagesTest::scimUser).collect(Collectors.toList())));
                }
                throw new InvalidResponseException(ErrorDetails.of("talkdesk-scim"), "truncated response");
            }
        };
        JoinedPages pages = new JoinedPages("talkdesk", named(READER), rest(4, 2, new AtomicInteger()), failing, 2, 4);
        assertThatThrownBy(() -> drain(pages, new ArrayList<>())).isInstanceOf(InvalidResponseException.class)
                .hasMessageContaining("truncated");
    }

    @Test
    void aRestFailureFailsTheReadAndClosingEndsTheScimReader() {
        CountDownLatch never = new CountDownLatch(1);
        Supplier<Iterator<Page<JsonNode>>> failing = () -> new Iterator<>() {
            @Override
            public boolean hasNext() {
                return true;
            }

            @Override
            public Page<JsonNode> next() {
                throw new InvalidResponseException(ErrorDetails.of("talkdesk"), "users page truncated");
            }
        };
        Runnable block = () -> {
            try {
                never.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted");
            }
        };
        JoinedPages pages = new JoinedPages("talkdesk", named(READER + "-closing"), failing, scim(range(3), 2, block), 2, 4);
        assertThatThrownBy(() -> drain(pages, new ArrayList<>())).isInstanceOf(InvalidResponseException.class);
        assertThat(readerRunning()).as("the reader task still runs after the read failed").isFalse();
    }

    @Test
    void aDirectExecutorFailsTheReadWithAConfigurationErrorInsteadOfBlockingIt() {
        JoinedPages pages = new JoinedPages("talkdesk", Runnable::run, rest(30, 10, new AtomicInteger()),
                scim(range(30), 2, () -> { }), 10, 1000);

        assertThatThrownBy(() -> drain(pages, new ArrayList<>())).isInstanceOf(InvalidConfigurationException.class)
                .hasMessageContaining("executor").hasMessageContaining("calling thread");
    }

    @Test
    void anExecutorThatRefusesTheReadFailsItAsTransientBeforeAnyRequest() {
        AtomicInteger restPagesServed = new AtomicInteger();
        JoinedPages pages = new JoinedPages("talkdesk", task -> {
            throw new RejectedExecutionException("shut down");
        }, rest(30, 10, restPagesServed), scim(range(30), 2, () -> { }), 10, 1000);

        assertThatThrownBy(pages::next).isInstanceOf(TransientException.class).hasMessageContaining("refused");
        assertThatThrownBy(pages::next).as("a second attempt is refused again, never taken for the end of the list")
                .isInstanceOf(TransientException.class);
        assertThat(restPagesServed).hasValue(0);
    }

    @Test
    void theReadRunsOnTheExecutorItIsGiven() {
        List<Thread> ran = new java.util.concurrent.CopyOnWriteArrayList<>();
        Executor recording = task -> {
            Thread t = new Thread(() -> {
                ran.add(Thread.currentThread());
                task.run();
            }, READER + "-given");
            t.start();
        };

        assertThat(drain(new JoinedPages("talkdesk", recording, rest(6, 2, new AtomicInteger()), scim(range(6), 2, () -> { }),
                2, 4), new ArrayList<>())).hasSize(6);
        assertThat(ran).singleElement().satisfies(t -> assertThat(t.getName()).isEqualTo(READER + "-given"));
    }

    @Test
    void problemsOfRestUsersArriveWithAPage() {
        Supplier<Iterator<Page<JsonNode>>> rest = () -> List.of(new Page<JsonNode>(List.of(restUser(0),
                JsonNodeFactory.instance.objectNode().put("email", "no-id@example.com")), Optional.empty(), false)).iterator();
        List<UserPage> seen = new ArrayList<>();
        drain(new JoinedPages("talkdesk", named(READER), rest, scim(List.of(0), 10, () -> { }), 10, 20), seen);
        assertThat(seen).singleElement().satisfies(p -> {
            assertThat(p.users()).hasSize(1);
            assertThat(p.problems()).singleElement().satisfies(pr -> assertThat(pr.location()).isEqualTo("user #2"));
        });
    }
}
