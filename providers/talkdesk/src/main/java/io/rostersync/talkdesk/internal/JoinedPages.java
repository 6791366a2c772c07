package io.rostersync.talkdesk.internal;

import com.fasterxml.jackson.databind.JsonNode;
import io.rostersync.spi.ErrorDetails;
import io.rostersync.spi.InvalidConfigurationException;
import io.rostersync.spi.TransientException;
import io.rostersync.http.internal.Page;
import io.rostersync.model.NativeId;
import io.rostersync.model.UserRecord;
import io.rostersync.spi.ReadProblem;
import io.rostersync.spi.UserPage;
import io.rostersync.spi.UserPages;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.FutureTask;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * A full read that joins each REST user (who exists, email, status) with its SCIM view (roles, teams,
 * name parts) by id while both lists are fetched: the SCIM pages as one task on the given executor, the
 * REST pages on the caller's thread in the gaps the SCIM rate limit leaves. The read takes about as long
 * as the SCIM pages alone instead of the sum of both.
 *
 * <p>Users come out in REST order. Memory: REST reading pauses while {@code restAhead} REST users are held
 * (the first of them still waiting for its SCIM record), and SCIM pages are taken off the reader only while some REST user waits, so
 * when both APIs list users in the same order only a couple of pages are held. When they do not, the SCIM
 * records read ahead of their REST user are kept by id until it comes (at worst every SCIM record, as a
 * read that fetched the SCIM index first would hold).
 *
 * <p>The two lists check each other. A REST user SCIM does not list, or a SCIM user the REST list does
 * not hold, means one of the lists changed while it was paged (both page by position, so a user deleted
 * between two pages makes the next one skip someone) or the user came or went during the read: that user
 * is left out and reported as a {@link ReadProblem}, which makes the read incomplete, so nobody is
 * deprovisioned for being absent from it. So are the changes the REST pages themselves give away (see
 * {@link RestListCheck}), handed in by {@code restListProblems}. Either side failing fails the read with
 * the exception it threw; the last page is returned only once the SCIM list ended, so a SCIM failure is
 * never lost. {@link #close()} interrupts the reader task and waits for it to end. Not thread-safe,
 * like every {@link UserPages}.
 */
public final class JoinedPages implements UserPages {

    /** SCIM pages the reader may fetch before the caller takes them. */
    private static final int QUEUE_PAGES = 2;
    /** How long {@link #close()} waits for the reader task to end. */
    private static final long CLOSE_WAIT_MILLIS = 10_000;

    private final String vendor;
    private final Executor executor;
    private final Supplier<Iterator<Page<JsonNode>>> restPages;
    private final Supplier<UserPages> scimPages;
    private final int pageSize;
    private final int restAhead;
    private final Supplier<List<ReadProblem>> restListProblems;

    private final BlockingQueue<Object> fromReader = new ArrayBlockingQueue<>(QUEUE_PAGES);
    private final ArrayDeque<Slot> inRestOrder = new ArrayDeque<>();
    private final Map<NativeId, Slot> waiting = new HashMap<>();
    private final Map<NativeId, UserRecord> scimAhead = new HashMap<>();
    /** Ids the REST list holds but could not read (their problem is reported already). */
    private final java.util.Set<String> restUnreadable = new java.util.HashSet<>();
    private final List<UserRecord> ready = new ArrayList<>();
    private final List<ReadProblem> problems = new ArrayList<>();
    private @Nullable Iterator<Page<JsonNode>> rest;
    private @Nullable FutureTask<Void> reader;
    /** Set by the reader task before it reads anything; {@link #close()} waits for it only then. */
    private final AtomicBoolean readerStarted = new AtomicBoolean();
    private final CountDownLatch readerEnded = new CountDownLatch(1);
    private int position;
    private boolean restDone;
    private boolean scimDone;
    private boolean finished;
    private boolean unmatchedReported;
    private volatile boolean closed;

    /** A REST user and, once it came, its SCIM record. */
    private static final class Slot {
        final UserRecord rest;
        @Nullable UserRecord merged;
        /** Left out of the read: SCIM does not list it. */
        boolean dropped;

        Slot(UserRecord rest) {
            this.rest = rest;
        }
    }

    /** What the reader task hands over after its last page. */
    private static final Object END = new Object();

    private record Failure(Throwable error) {
    }

    /**
     * @param vendor     for the exception an interrupted wait throws
     * @param executor   runs the SCIM read; it must run the task on another thread than the caller's
     * @param restPages  opens the REST pages; called on the caller's thread at the first {@link #next()}
     * @param scimPages  opens the SCIM read; called by the reader task
     * @param pageSize   users per returned page (the last one may have fewer)
     * @param restAhead  REST users that may be held, waiting for SCIM records, before REST reading pauses
     */
    public JoinedPages(String vendor, Executor executor, Supplier<Iterator<Page<JsonNode>>> restPages,
                       Supplier<UserPages> scimPages, int pageSize, int restAhead) {
        this(vendor, executor, restPages, scimPages, pageSize, restAhead, List::of);
    }

    /**
     * As {@link #JoinedPages(String, Executor, Supplier, Supplier, int, int)}, with the problems the REST pages
     * showed so far (asked after each REST page; each problem handed out once).
     */
    public JoinedPages(String vendor, Executor executor, Supplier<Iterator<Page<JsonNode>>> restPages,
                       Supplier<UserPages> scimPages, int pageSize, int restAhead,
                       Supplier<List<ReadProblem>> restListProblems) {
        if (pageSize < 1 || restAhead < 1) {
            throw new IllegalArgumentException("pageSize and restAhead must be positive");
        }
        this.vendor = vendor;
        this.executor = java.util.Objects.requireNonNull(executor, "executor");
        this.restPages = restPages;
        this.scimPages = scimPages;
        this.pageSize = pageSize;
        this.restAhead = restAhead;
        this.restListProblems = restListProblems;
    }

    @Override
    public Optional<UserPage> next() {
        if (closed) {
            throw new IllegalStateException("read closed");
        }
        if (finished) {
            return Optional.empty();
        }
        if (reader == null) {
            startReader();
        }
        while (true) {
            if (ready.size() >= pageSize) {
                return Optional.of(take(pageSize));
            }
            if (restDone && scimDone) {
                reportScimOnly();
                finished = true;
                return ready.isEmpty() && problems.isEmpty() ? Optional.empty() : Optional.of(take(ready.size()));
            }
            if (scimDone) {
                readRestPage();
            } else if (restDone || inRestOrder.size() >= restAhead) {
                accept(await());
            } else if (inRestOrder.isEmpty()) {
                readRestPage();
            } else {
                Object handed = fromReader.poll();
                if (handed != null) {
                    accept(handed);
                } else {
                    readRestPage();
                }
            }
        }
    }

    private UserPage take(int n) {
        List<UserRecord> users = new ArrayList<>(ready.subList(0, n));
        ready.subList(0, n).clear();
        UserPage page = UserPage.of(users, problems, Optional.empty());
        problems.clear();
        return page;
    }

    private void startReader() {
        Thread caller = Thread.currentThread();
        FutureTask<Void> task = new FutureTask<>(() -> {
            try {
                readerStarted.set(true);
                if (closed) {
                    return;
                }
                if (Thread.currentThread() == caller) {
                    // A direct executor: reading here would fill the queue and block the caller for good.
                    fromReader.offer(new Failure(new InvalidConfigurationException(ErrorDetails.of(vendor), vendor
                            + " read: the HttpSettings executor ran the background SCIM read on the calling thread;"
                            + " give HttpSettings an executor that runs tasks on threads of its own, or keep the default")));
                    return;
                }
                readScim();
            } finally {
                readerEnded.countDown();
            }
        }, null);
        reader = task;
        try {
            executor.execute(task);
        } catch (RejectedExecutionException e) {
            reader = null; // nothing runs: a later next() tries again rather than waiting for pages that never come
            throw new TransientException(ErrorDetails.of(vendor), vendor + " read: the HttpSettings executor refused"
                    + " the background SCIM read (shut down or saturated); nothing was read", e);
        }
    }

    /** The reader task: every SCIM page, then {@link #END} or the failure. */
    private void readScim() {
        try {
            try (UserPages pages = scimPages.get()) {
                for (Optional<UserPage> p = pages.next(); p.isPresent() && !closed; p = pages.next()) {
                    fromReader.put(p.get());
                }
            }
            fromReader.put(END);
        } catch (InterruptedException e) {
            // closed: nobody waits for the rest
        } catch (Throwable e) { // handed to the caller's thread, which rethrows it
            try {
                fromReader.put(new Failure(e));
            } catch (InterruptedException closedMeanwhile) {
                // nobody waits for it
            }
        }
    }

    private Object await() {
        try {
            return fromReader.take();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TransientException(ErrorDetails.of(vendor), vendor + " read interrupted", e);
        }
    }

    private void accept(Object handed) {
        if (handed == END) {
            scimDone = true;
            for (Slot s : waiting.values()) {
                drop(s);
            }
            waiting.clear(); // the REST users still to come find theirs in scimAhead
            release();
        } else if (handed instanceof Failure) {
            Throwable e = ((Failure) handed).error();
            if (e instanceof RuntimeException) {
                throw (RuntimeException) e;
            }
            throw (Error) e;
        } else {
            for (UserRecord scim : ((UserPage) handed).users()) {
                Slot s = waiting.remove(scim.id());
                if (s != null) {
                    s.merged = RestUsers.merge(s.rest, Optional.of(scim));
                } else {
                    scimAhead.put(scim.id(), scim);
                }
            }
            release();
        }
    }

    private void readRestPage() {
        if (rest == null) {
            rest = restPages.get();
        }
        if (!rest.hasNext()) {
            restDone = true;
            problems.addAll(restListProblems.get()); // what the end of the REST list showed
            return;
        }
        for (JsonNode u : rest.next().items()) {
            RestUsers.Decoded d = RestUsers.user(u, ++position);
            if (d instanceof RestUsers.Problem) {
                problems.add(((RestUsers.Problem) d).problem());
                restUnreadable.add(u.path("id").asText(""));
            } else if (d instanceof RestUsers.Read) {
                Slot s = new Slot(((RestUsers.Read) d).record());
                inRestOrder.addLast(s);
                UserRecord scim = scimAhead.remove(s.rest.id());
                if (scim != null) {
                    s.merged = RestUsers.merge(s.rest, Optional.of(scim));
                } else if (scimDone) {
                    drop(s);
                } else if (waiting.putIfAbsent(s.rest.id(), s) != null) {
                    s.merged = s.rest; // the same id twice in REST: the REST list check reports it
                }
            }
        }
        problems.addAll(restListProblems.get());
        release();
    }

    /** Moves the REST users whose SCIM record came, up to the first still waiting, to the ready list. */
    private void release() {
        while (!inRestOrder.isEmpty() && (inRestOrder.peekFirst().merged != null || inRestOrder.peekFirst().dropped)) {
            Slot s = inRestOrder.pollFirst();
            if (!s.dropped) {
                ready.add(s.merged);
            }
        }
    }

    /** A REST user the SCIM list does not hold: its roles and teams are unknown, so it is not read. */
    private void drop(Slot s) {
        s.dropped = true;
        problems.add(new ReadProblem(vendor + " user " + s.rest.id().value(), "listed by the REST API but not by SCIM "
                + "(a list changed while it was read, or the user was added or removed meanwhile); left out of this read"));
    }

    /** SCIM users no REST page listed: the REST list skipped them, or they came or went during the read. */
    private void reportScimOnly() {
        if (unmatchedReported) {
            return;
        }
        unmatchedReported = true;
        for (NativeId id : new java.util.TreeSet<>(scimAhead.keySet())) {
            if (restUnreadable.contains(id.value())) {
                continue;
            }
            problems.add(new ReadProblem(vendor + " user " + id.value(), "listed by SCIM but not by the REST API "
                    + "(a list changed while it was read, or the user was added or removed meanwhile); left out of this read"));
        }
        scimAhead.clear();
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        FutureTask<Void> task = reader;
        if (task != null) {
            task.cancel(true); // interrupts the task if it runs; keeps it from starting if it does not yet
            if (readerStarted.get()) {
                // Its calls end on interrupt; waiting for it means no request of this read runs after close().
                try {
                    readerEnded.await(CLOSE_WAIT_MILLIS, TimeUnit.MILLISECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }
    }
}
