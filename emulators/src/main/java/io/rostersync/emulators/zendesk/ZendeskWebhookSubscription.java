package io.rostersync.emulators.zendesk;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.rostersync.emulators.zendesk.internal.UserEvents;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.jspecify.annotations.Nullable;

/**
 * One endpoint subscribed to the emulator's user events, with chaos knobs. Every decision (drop, duplicate,
 * reorder, forge) is drawn from one seeded random, so a run is repeatable for a given order of changes.
 * Each event's fate is logged in {@link #deliveries()}. Thread-safe.
 */
public final class ZendeskWebhookSubscription implements AutoCloseable {

    /** What happened to one event. */
    public enum Fate {
        /** Posted, correctly signed. */
        SENT,
        /** Never posted (Zendesk gave up, or the network lost it). */
        DROPPED,
        /** Posted a second time, identical (same event id, timestamp and signature). */
        DUPLICATE,
        /** Posted with a signature made with another secret (someone else's request). */
        FORGED
    }

    /**
     * One event and what became of it.
     *
     * @param eventId   the event's id
     * @param userId    the Zendesk user it is about
     * @param eventType the event type
     * @param fate      what the chaos made of it
     * @param status    the endpoint's HTTP status, 0 until posted, -1 when the post failed, and 0 for a dropped event
     */
    public record Delivery(String eventId, long userId, String eventType, Fate fate, int status) {
    }

    private final URI endpoint;
    private final byte[] key;
    private final Clock clock;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final ScheduledExecutorService sender = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "zendesk-emulator-webhook");
        t.setDaemon(true);
        return t;
    });

    private final Object lock = new Object();
    private final List<Delivery> log = new ArrayList<>();
    private final List<Runnable> held = new ArrayList<>();
    private Random random = new Random(19);
    private double dropRate;
    private double duplicateRate;
    private double reorderRate;
    private double forgeRate;
    private Duration delay = Duration.ZERO;
    private int inFlight;

    ZendeskWebhookSubscription(URI endpoint, String signingSecret, Clock clock) {
        this.endpoint = endpoint;
        this.key = signingSecret.getBytes(StandardCharsets.UTF_8);
        this.clock = clock;
    }

    /**
     * The seed of the chaos decisions (default 19).
     *
     * @param seed the seed
     * @return this subscription
     */
    public ZendeskWebhookSubscription seed(long seed) {
        synchronized (lock) {
            this.random = new Random(seed);
        }
        return this;
    }

    /**
     * The share of events never posted.
     *
     * @param rate 0 to 1
     * @return this subscription
     */
    public ZendeskWebhookSubscription dropRate(double rate) {
        synchronized (lock) {
            this.dropRate = rate(rate);
        }
        return this;
    }

    /**
     * The share of posted events posted twice.
     *
     * @param rate 0 to 1
     * @return this subscription
     */
    public ZendeskWebhookSubscription duplicateRate(double rate) {
        synchronized (lock) {
            this.duplicateRate = rate(rate);
        }
        return this;
    }

    /**
     * The share of events held back and posted after the next one (or at {@link #awaitIdle}).
     *
     * @param rate 0 to 1
     * @return this subscription
     */
    public ZendeskWebhookSubscription reorderRate(double rate) {
        synchronized (lock) {
            this.reorderRate = rate(rate);
        }
        return this;
    }

    /**
     * The share of events posted with a forged signature instead of their real one.
     *
     * @param rate 0 to 1
     * @return this subscription
     */
    public ZendeskWebhookSubscription forgeRate(double rate) {
        synchronized (lock) {
            this.forgeRate = rate(rate);
        }
        return this;
    }

    /**
     * How long each event waits before it is posted (default none). The signature timestamp is taken when it
     * is posted, as Zendesk's is.
     *
     * @param delay zero or more
     * @return this subscription
     */
    public ZendeskWebhookSubscription delay(Duration delay) {
        if (delay.isNegative()) {
            throw new IllegalArgumentException("delay must not be negative, was " + delay);
        }
        synchronized (lock) {
            this.delay = delay;
        }
        return this;
    }

    /**
     * Every event so far and its fate, in the order they were decided.
     *
     * @return a copy
     */
    public List<Delivery> deliveries() {
        synchronized (lock) {
            return List.copyOf(log);
        }
    }

    /**
     * Posts the held-back events, then waits until nothing is left to post.
     *
     * @param timeout how long to wait at most
     * @return true when idle, false when the timeout passed first
     * @throws InterruptedException when interrupted while waiting
     */
    public boolean awaitIdle(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (lock) {
            releaseHeld();
            while (inFlight > 0) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                TimeUnit.NANOSECONDS.timedWait(lock, left);
            }
            return true;
        }
    }

    /** Called under the emulator account's lock: decide now, post later on this subscription's thread. */
    void enqueue(String type, ObjectNode user, @Nullable ObjectNode before) {
        synchronized (lock) {
            UUID id = new UUID(random.nextLong(), random.nextLong());
            UserEvents.Event event = UserEvents.event(id, type, ZendeskWebhooks.ACCOUNT_ID, user, before,
                    clock.instant().truncatedTo(ChronoUnit.SECONDS));
            if (random.nextDouble() < dropRate) {
                log.add(new Delivery(event.id(), event.userId(), type, Fate.DROPPED, 0));
                return;
            }
            boolean forged = random.nextDouble() < forgeRate;
            boolean duplicate = !forged && random.nextDouble() < duplicateRate;
            boolean reorder = random.nextDouble() < reorderRate;
            int index = log.size();
            log.add(new Delivery(event.id(), event.userId(), type, forged ? Fate.FORGED : Fate.SENT, 0));
            int dupIndex = -1;
            if (duplicate) {
                dupIndex = log.size();
                log.add(new Delivery(event.id(), event.userId(), type, Fate.DUPLICATE, 0));
            }
            int finalDup = dupIndex;
            inFlight++;
            Runnable post = () -> post(event, forged, index, finalDup);
            if (reorder) {
                held.add(post);
                return;
            }
            schedule(post);
            releaseHeld();
        }
    }

    private void releaseHeld() {
        for (Runnable r : held) {
            schedule(r);
        }
        held.clear();
    }

    private void schedule(Runnable post) {
        try {
            sender.schedule(post, delay.toMillis(), TimeUnit.MILLISECONDS);
        } catch (RuntimeException shutDown) {
            inFlight--;
        }
    }

    private void post(UserEvents.Event event, boolean forged, int index, int dupIndex) {
        try {
            byte[] body = event.body().getBytes(StandardCharsets.UTF_8);
            String timestamp = clock.instant().truncatedTo(ChronoUnit.SECONDS).toString();
            byte[] signingKey = forged ? ("forged-" + new String(key, StandardCharsets.UTF_8)).getBytes(StandardCharsets.UTF_8) : key;
            String signature = sign(signingKey, timestamp, body);
            HttpRequest request = HttpRequest.newBuilder(endpoint)
                    .timeout(Duration.ofSeconds(10))
                    .header("Content-Type", "application/json")
                    .header("x-zendesk-account-id", Long.toString(ZendeskWebhooks.ACCOUNT_ID))
                    .header("x-zendesk-webhook-id", "01EMULATORWEBHOOK0000000000")
                    .header("x-zendesk-webhook-invocation-id", Integer.toString(index + 1))
                    .header("x-zendesk-webhook-signature", signature)
                    .header("x-zendesk-webhook-signature-timestamp", timestamp)
                    .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                    .build();
            record(index, send(request));
            if (dupIndex >= 0) {
                record(dupIndex, send(request));
            }
        } finally {
            synchronized (lock) {
                inFlight--;
                lock.notifyAll();
            }
        }
    }

    private int send(HttpRequest request) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    private void record(int index, int status) {
        synchronized (lock) {
            Delivery d = log.get(index);
            log.set(index, new Delivery(d.eventId(), d.userId(), d.eventType(), d.fate(), status));
        }
    }

    private static String sign(byte[] key, String timestamp, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            mac.update(timestamp.getBytes(StandardCharsets.UTF_8));
            return Base64.getEncoder().encodeToString(mac.doFinal(body));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static double rate(double rate) {
        if (!(rate >= 0 && rate <= 1)) {
            throw new IllegalArgumentException("a rate is between 0 and 1, was " + rate);
        }
        return rate;
    }

    /** Stops posting; events not yet posted are dropped. */
    @Override
    public void close() {
        sender.shutdownNow();
        synchronized (lock) {
            held.clear();
            inFlight = 0;
            lock.notifyAll();
        }
    }

    @Override
    public String toString() {
        return "ZendeskWebhookSubscription[" + endpoint + ", signingSecret=****]";
    }
}
