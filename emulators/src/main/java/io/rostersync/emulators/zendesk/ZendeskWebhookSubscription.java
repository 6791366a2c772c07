package io.rostersync.emulators.zendesk;

import com.fasterxml.jackson.databind.ObjectMapper;
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
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.jspecify.annotations.Nullable;

/**
 * One endpoint subscribed to the emulator's user events, with chaos knobs. Every decision (drop, duplicate,
 * reorder, forge, tamper, hold, keep for replay) is drawn from one seeded random, so a run is repeatable for a
 * given order of changes. Each event's fate is logged in {@link #deliveries()}.
 *
 * <p>Two kinds of lateness: {@link #delay(Duration)} is Zendesk retrying late, so the request is signed when it
 * is posted; {@link #holdRate(double)} is a request signed when the change was made and held in transit until
 * {@link #releaseHeldBack()}, so it arrives with its old timestamp (a receiver's tolerance may refuse it).
 * {@link #signedGenuinely} tells a test which requests this subscription signed with the real secret, exactly
 * as received, so it can count forged requests a receiver accepted. Thread-safe.
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
        FORGED,
        /** Signed with the real secret, then posted with its body altered (a field changed in transit). */
        TAMPERED,
        /**
         * Signed when the change was made, then held in transit until {@link #releaseHeldBack()}; posted then with
         * its original timestamp and signature. Status 0 until released.
         */
        HELD,
        /** An earlier posted request posted again, byte for byte, by {@link #replayKept()}. */
        REPLAYED
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

    private static final ObjectMapper JSON = new ObjectMapper();

    /** A request signed once, posted now or later. */
    private record Signed(String eventId, long userId, String eventType, String timestamp, String signature, byte[] body, int invocation) {
    }

    /** A signed request held in transit, and its entry in the log. */
    private record Held(Signed signed, int index) {
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
    private final List<Held> heldBack = new ArrayList<>();
    private final List<Signed> kept = new ArrayList<>();
    /** Timestamp, signature and body of every request signed with the real secret. */
    private final Set<String> genuine = new HashSet<>();
    private Random random = new Random(19);
    private double dropRate;
    private double duplicateRate;
    private double reorderRate;
    private double forgeRate;
    private double tamperRate;
    private double holdRate;
    private double keepRate;
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
     * The share of events signed with the real secret and posted with their body altered after signing (the
     * user's email and role in {@code detail} changed), as a man in the middle would. Never duplicated.
     *
     * @param rate 0 to 1
     * @return this subscription
     */
    public ZendeskWebhookSubscription tamperRate(double rate) {
        synchronized (lock) {
            this.tamperRate = rate(rate);
        }
        return this;
    }

    /**
     * The share of events signed now and held in transit until {@link #releaseHeldBack()}, which posts them with
     * their original timestamp and signature: a delivery stuck for minutes or hours in a queue or proxy. Logged
     * as {@link Fate#HELD}.
     *
     * @param rate 0 to 1
     * @return this subscription
     */
    public ZendeskWebhookSubscription holdRate(double rate) {
        synchronized (lock) {
            this.holdRate = rate(rate);
        }
        return this;
    }

    /**
     * The share of posted events whose request is also kept, byte for byte, for {@link #replayKept()}: what an
     * eavesdropper (or a retrying proxy) could send again later.
     *
     * @param rate 0 to 1
     * @return this subscription
     */
    public ZendeskWebhookSubscription keepForReplayRate(double rate) {
        synchronized (lock) {
            this.keepRate = rate(rate);
        }
        return this;
    }

    /**
     * Posts every event held back by {@link #holdRate(double)} so far, in the order held, each with the timestamp
     * and signature it got when its change was made. {@link #awaitIdle} then waits for them.
     *
     * @return how many were released
     */
    public int releaseHeldBack() {
        synchronized (lock) {
            List<Held> release = List.copyOf(heldBack);
            heldBack.clear();
            for (Held h : release) {
                inFlight++;
                schedule(() -> postSigned(h.signed(), h.signed().body(), h.index(), -1));
            }
            return release.size();
        }
    }

    /**
     * Posts again, byte for byte, every request kept by {@link #keepForReplayRate(double)} since the last call
     * (each already posted once), logging each as {@link Fate#REPLAYED}; forgets them. {@link #awaitIdle} then
     * waits for them.
     *
     * @return how many were posted again
     */
    public int replayKept() {
        synchronized (lock) {
            List<Signed> replay = List.copyOf(kept);
            kept.clear();
            for (Signed s : replay) {
                int index = log.size();
                log.add(new Delivery(s.eventId(), s.userId(), s.eventType(), Fate.REPLAYED, 0));
                inFlight++;
                schedule(() -> postSigned(s, s.body(), index, -1));
            }
            return replay.size();
        }
    }

    /**
     * How many events are held back, waiting for {@link #releaseHeldBack()}.
     *
     * @return the count
     */
    public int heldBackCount() {
        synchronized (lock) {
            return heldBack.size();
        }
    }

    /**
     * Whether this subscription signed exactly this request with the real signing secret: the timestamp and
     * signature header values and the body, byte for byte. Forged and tampered requests are not; held,
     * duplicated and replayed ones are (they are authentic, only late or repeated). For tests counting what a
     * receiver accepted that Zendesk never sent.
     *
     * @param timestamp the {@code X-Zendesk-Webhook-Signature-Timestamp} value
     * @param signature the {@code X-Zendesk-Webhook-Signature} value
     * @param body      the body as received
     * @return true when authentic
     */
    public boolean signedGenuinely(String timestamp, String signature, byte[] body) {
        synchronized (lock) {
            return genuine.contains(genuineKey(timestamp, signature, body));
        }
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
            // Drawn only when set, so that the decisions above repeat for a seed whatever the newer knobs.
            boolean tampered = !forged && tamperRate > 0 && random.nextDouble() < tamperRate;
            boolean hold = !forged && !tampered && holdRate > 0 && random.nextDouble() < holdRate;
            boolean keep = !forged && !tampered && keepRate > 0 && random.nextDouble() < keepRate;
            duplicate &= !tampered;
            int index = log.size();
            Fate fate = forged ? Fate.FORGED : tampered ? Fate.TAMPERED : hold ? Fate.HELD : Fate.SENT;
            log.add(new Delivery(event.id(), event.userId(), type, fate, 0));
            if (hold) {
                heldBack.add(new Held(sign(event, false, index), index));
                return;
            }
            int dupIndex = -1;
            if (duplicate) {
                dupIndex = log.size();
                log.add(new Delivery(event.id(), event.userId(), type, Fate.DUPLICATE, 0));
            }
            int finalDup = dupIndex;
            inFlight++;
            Runnable post = () -> post(event, forged, tampered, keep, index, finalDup);
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

    /** Signs now (the timestamp is the posting time, as Zendesk's is) and posts. */
    private void post(UserEvents.Event event, boolean forged, boolean tampered, boolean keep, int index, int dupIndex) {
        Signed signed;
        try {
            signed = sign(event, forged, index);
        } catch (RuntimeException e) {
            done();
            throw e;
        }
        postSigned(signed, tampered ? tamper(signed.body()) : signed.body(), index, dupIndex);
        if (keep) {
            synchronized (lock) {
                kept.add(signed);
            }
        }
    }

    /** Posts a request signed earlier, with {@code body} (the signed one, or an altered one). */
    private void postSigned(Signed signed, byte[] body, int index, int dupIndex) {
        try {
            HttpRequest request = HttpRequest.newBuilder(endpoint)
                    .timeout(Duration.ofSeconds(10))
                    .header("Content-Type", "application/json")
                    .header("x-zendesk-account-id", Long.toString(ZendeskWebhooks.ACCOUNT_ID))
                    .header("x-zendesk-webhook-id", "01EMULATORWEBHOOK0000000000")
                    .header("x-zendesk-webhook-invocation-id", Integer.toString(signed.invocation()))
                    .header("x-zendesk-webhook-signature", signed.signature())
                    .header("x-zendesk-webhook-signature-timestamp", signed.timestamp())
                    .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                    .build();
            record(index, send(request));
            if (dupIndex >= 0) {
                record(dupIndex, send(request));
            }
        } finally {
            done();
        }
    }

    private void done() {
        synchronized (lock) {
            inFlight--;
            lock.notifyAll();
        }
    }

    private Signed sign(UserEvents.Event event, boolean forged, int index) {
        byte[] body = event.body().getBytes(StandardCharsets.UTF_8);
        String timestamp = clock.instant().truncatedTo(ChronoUnit.SECONDS).toString();
        byte[] signingKey = forged ? ("forged-" + new String(key, StandardCharsets.UTF_8)).getBytes(StandardCharsets.UTF_8) : key;
        String signature = sign(signingKey, timestamp, body);
        if (!forged) {
            synchronized (lock) {
                genuine.add(genuineKey(timestamp, signature, body));
            }
        }
        return new Signed(event.id(), event.userId(), event.type(), timestamp, signature, body, index + 1);
    }

    /** The body with the user's email and role in {@code detail} changed, as a man in the middle would. */
    private static byte[] tamper(byte[] body) {
        try {
            ObjectNode root = (ObjectNode) JSON.readTree(body);
            ObjectNode detail = (ObjectNode) root.path("detail");
            detail.put("email", "mallory@attacker.test");
            detail.put("role", "admin");
            return JSON.writeValueAsBytes(root);
        } catch (IOException | ClassCastException e) {
            throw new IllegalStateException("cannot tamper with the emulator's own event", e);
        }
    }

    private static String genuineKey(String timestamp, String signature, byte[] body) {
        return timestamp + "\n" + signature + "\n" + new String(body, StandardCharsets.UTF_8);
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
            heldBack.clear();
            kept.clear();
            inFlight = 0;
            lock.notifyAll();
        }
    }

    @Override
    public String toString() {
        return "ZendeskWebhookSubscription[" + endpoint + ", signingSecret=****]";
    }
}
