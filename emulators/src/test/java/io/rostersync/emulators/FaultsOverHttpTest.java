package io.rostersync.emulators;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Every fault of the vocabulary, observed by a plain JDK client over real HTTP on 127.0.0.1. */
@Timeout(30)
class FaultsOverHttpTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http = HttpClient.newHttpClient();
    private ItemsEmulator emulator;

    @BeforeEach
    void start() {
        emulator = ItemsEmulator.start();
    }

    @AfterEach
    void stop() {
        emulator.close();
    }

    private HttpResponse<String> get(String pathAndQuery) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(emulator.uri(pathAndQuery)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> post(String path, String body) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(emulator.uri(path)).POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void statusFaultAnswersTheVendorsErrorBodyWithoutRetryAfter() throws Exception {
        emulator.faults().next(ItemsEmulator.ITEMS, Fault.status(503));

        HttpResponse<String> r = get("/items");

        assertThat(r.statusCode()).isEqualTo(503);
        assertThat(r.body()).contains("\"status\":503");
        assertThat(r.headers().firstValue("Retry-After")).isEmpty();
        assertThat(get("/items").statusCode()).as("only the next request").isEqualTo(200);
    }

    @Test
    void rateLimitedSendsRetryAfterInSecondsRoundedUp() throws Exception {
        emulator.faults().next(ItemsEmulator.ITEMS, Fault.rateLimited(Duration.ofMillis(6_500)));

        HttpResponse<String> r = get("/items");

        assertThat(r.statusCode()).isEqualTo(429);
        assertThat(r.headers().firstValue("Retry-After")).contains("7");
    }

    @Test
    void rateLimitedUntilSendsRetryAfterAsAnImfFixdate() throws Exception {
        emulator.faults().next(ItemsEmulator.ITEMS, Fault.rateLimitedUntil(Instant.parse("2026-12-03T09:05:07.900Z")));

        HttpResponse<String> r = get("/items");

        assertThat(r.statusCode()).isEqualTo(429);
        assertThat(r.headers().firstValue("Retry-After")).contains("Thu, 03 Dec 2026 09:05:07 GMT");
    }

    @Test
    void statusWithRetryAfterSendsItOnAnyStatus() throws Exception {
        emulator.faults().next(Route.any(), Fault.status(503, new Fault.RetryAfter.Seconds(2)));

        HttpResponse<String> r = post("/token", "grant_type=client_credentials");

        assertThat(r.statusCode()).isEqualTo(503);
        assertThat(r.headers().firstValue("Retry-After")).contains("2");
    }

    @Test
    void resetMidBodyGivesTheClientAnIOExceptionAfterTheHeaders() throws Exception {
        emulator.faults().next(ItemsEmulator.ITEMS, Fault.resetMidBody());

        HttpResponse<InputStream> r = http.send(HttpRequest.newBuilder(emulator.uri("/items")).build(),
                HttpResponse.BodyHandlers.ofInputStream());

        assertThat(r.statusCode()).as("the headers arrive").isEqualTo(200);
        try (InputStream in = r.body()) {
            assertThatThrownBy(in::readAllBytes).isInstanceOf(IOException.class);
        }
        assertThat(get("/items").body()).as("the next request is served").contains("ada");
    }

    @Test
    void resetMidBodyThroughAStringHandlerFailsTheCall() {
        emulator.faults().next(ItemsEmulator.ITEMS, Fault.resetMidBody());

        assertThatThrownBy(() -> get("/items")).isInstanceOf(IOException.class);
    }

    @Test
    void slowBodySendsTheHeadersThenHoldsTheBodyBack() throws Exception {
        emulator.faults().next(ItemsEmulator.ITEMS, Fault.slowBody(Duration.ofSeconds(3)));

        try (Socket socket = new Socket(emulator.baseUri().getHost(), emulator.baseUri().getPort())) {
            InputStream in = request(socket, "/items");
            String head = readHead(in);
            assertThat(head).startsWith("HTTP/1.1 200");
            socket.setSoTimeout(300);
            assertThatThrownBy(in::read).as("the body is held back").isInstanceOf(SocketTimeoutException.class);
            socket.setSoTimeout(10_000);
            assertThat(new String(in.readNBytes(contentLength(head)), UTF_8)).as("then it arrives whole")
                    .isEqualTo("{\"items\":[\"ada\",\"bob\"],\"total\":5}");
        }
    }

    @Test
    void trickledBodyArrivesWholeInChunksOfAtMostTheGivenSize() throws Exception {
        emulator.faults().next(ItemsEmulator.ITEMS, Fault.trickledBody(4, Duration.ofMillis(5)));

        try (Socket socket = new Socket(emulator.baseUri().getHost(), emulator.baseUri().getPort())) {
            InputStream in = request(socket, "/items");
            int length = contentLength(readHead(in));
            ByteArrayOutputStream body = new ByteArrayOutputStream();
            List<Integer> reads = new ArrayList<>();
            byte[] buf = new byte[1024];
            while (body.size() < length) {
                int n = in.read(buf);
                assertThat(n).isPositive();
                reads.add(n);
                body.write(buf, 0, n);
            }
            assertThat(body.toString(UTF_8)).isEqualTo("{\"items\":[\"ada\",\"bob\"],\"total\":5}");
            assertThat(reads).allSatisfy(n -> assertThat(n).isLessThanOrEqualTo(4)).hasSizeGreaterThan(5);
        }
        assertThat(get("/items").body()).contains("ada");
    }

    @Test
    void malformedBodyIsA200ThatIsNotJson() throws Exception {
        emulator.faults().next(ItemsEmulator.ITEMS, Fault.malformedBody());

        HttpResponse<String> r = get("/items");

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).contains("json"));
        assertThatThrownBy(() -> JSON.readTree(r.body())).isInstanceOf(JsonProcessingException.class);
    }

    @Test
    void truncatedBodyIsTheNormalJsonCutShortWithAMatchingLength() throws Exception {
        String normal = get("/items").body();
        emulator.faults().next(ItemsEmulator.ITEMS, Fault.truncatedBody());

        HttpResponse<String> r = get("/items");

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).isNotEmpty().hasSizeLessThan(normal.length());
        assertThat(normal).startsWith(r.body());
        assertThatThrownBy(() -> JSON.readTree(r.body())).isInstanceOf(JsonProcessingException.class);
    }

    @Test
    void emptyListIsTheVendorsEmptyPage() throws Exception {
        emulator.faults().next(ItemsEmulator.ITEMS, Fault.emptyList());

        assertThat(get("/items").body()).isEqualTo("{\"items\":[],\"total\":0}");
        assertThat(get("/items").body()).contains("ada");
    }

    @Test
    void listFaultsWaitForAListRequestWhenPlannedOnEveryRoute() throws Exception {
        emulator.faults().next(Route.any(), Fault.emptyList());

        assertThat(post("/token", "grant_type=client_credentials").statusCode()).isEqualTo(200);
        assertThat(emulator.faults().pending()).as("a token call is no list request").isEqualTo(1);
        assertThat(get("/items?page=1").body()).isEqualTo("{\"items\":[],\"total\":0}");
        assertThat(emulator.faults().pending()).isZero();
    }

    @Test
    void listChangedBetweenPagesServesThePageThenChangesTheData() throws Exception {
        emulator.faults().next(ItemsEmulator.ITEMS, Fault.listChangedBetweenPages(() -> emulator.items.remove("ada")));

        assertThat(get("/items?page=0").body()).as("this page is as before").isEqualTo("{\"items\":[\"ada\",\"bob\"],\"total\":5}");
        assertThat(get("/items?page=1").body()).as("the next sees the change: dee moved up a page")
                .isEqualTo("{\"items\":[\"dee\",\"eve\"],\"total\":4}");
    }

    @Test
    void tokenExpiredAnswers401AsTheVendorDoes() throws Exception {
        emulator.faults().next(ItemsEmulator.ITEMS, Fault.tokenExpired());

        HttpResponse<String> r = get("/items");

        assertThat(r.statusCode()).isEqualTo(401);
        assertThat(r.headers().firstValue("WWW-Authenticate")).contains("Bearer error=\"invalid_token\"");
    }

    @Test
    void partialBatchFailureFailsOnlyTheNamedItems() throws Exception {
        emulator.faults().next(ItemsEmulator.BATCH, Fault.partialBatchFailure(Set.of("bob"), "DuplicateValue"));

        String body = post("/items/batch", "ada\nbob\ncy").body();

        assertThat(body).isEqualTo("{\"results\":[{\"item\":\"ada\",\"ok\":true},"
                + "{\"item\":\"bob\",\"ok\":false,\"error\":\"DuplicateValue\"},{\"item\":\"cy\",\"ok\":true}]}");
    }

    @Test
    void aFaultThatCannotApplyToItsRouteIsRefusedWhenPlanned() {
        assertThatThrownBy(() -> emulator.faults().next(ItemsEmulator.BATCH, Fault.emptyList()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("EmptyList").hasMessageContaining("POST /items/batch").hasMessageContaining("GET /items");
        assertThatThrownBy(() -> emulator.faults().next(ItemsEmulator.ITEMS,
                Fault.partialBatchFailure(Set.of("x"), "boom")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("PartialBatchFailure").hasMessageContaining("GET /items");
        try (ItemsEmulator noBatches = ItemsEmulator.start(false)) {
            assertThatThrownBy(() -> noBatches.faults().always(Route.any(), Fault.partialBatchFailure(Set.of("x"), "boom")))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("has no batch route");
        }
        assertThat(emulator.faults().pending()).isZero();
    }

    @Test
    void faultsAreServedInPlannedOrderAndEachRouteTakesOnlyItsOwn() throws Exception {
        emulator.faults()
                .next(ItemsEmulator.TOKEN, Fault.status(500))
                .next(Route.any(), Fault.status(502))
                .next(ItemsEmulator.ITEMS, Fault.status(503));

        assertThat(get("/items").statusCode()).as("the first fault on this route is the any-route one").isEqualTo(502);
        assertThat(get("/items").statusCode()).isEqualTo(503);
        assertThat(get("/items").statusCode()).isEqualTo(200);
        assertThat(post("/token", "").statusCode()).as("the token fault waited for its route").isEqualTo(500);
        assertThat(post("/token", "").statusCode()).isEqualTo(200);
    }

    @Test
    void timesFaultsThatManyRequestsThenStops() throws Exception {
        emulator.faults().next(ItemsEmulator.ITEMS, 3, Fault.status(500));
        assertThat(emulator.faults().pending()).isEqualTo(3);

        List<Integer> statuses = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            statuses.add(get("/items").statusCode());
        }

        assertThat(statuses).containsExactly(500, 500, 500, 200);
        assertThat(emulator.faults().pending()).isZero();
        assertThatThrownBy(() -> emulator.faults().next(ItemsEmulator.ITEMS, 0, Fault.status(500)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("times=0");
    }

    @Test
    void alwaysFaultsEveryRequestUntilCleared() throws Exception {
        emulator.faults().always(ItemsEmulator.ITEMS, Fault.status(503)).next(ItemsEmulator.ITEMS, Fault.status(500));

        for (int i = 0; i < 5; i++) {
            assertThat(get("/items").statusCode()).isEqualTo(503);
        }
        assertThat(emulator.faults().pending()).as("the always plan, and the 500 shadowed behind it").isEqualTo(2);
        emulator.faults().clear();

        assertThat(emulator.faults().pending()).isZero();
        assertThat(get("/items").statusCode()).isEqualTo(200);
    }

    @Test
    void faultedRequestsAreRecordedToo() throws Exception {
        emulator.faults().next(Route.any(), Fault.status(500));

        get("/items?page=1");
        get("/items");

        assertThat(emulator.requests()).extracting(RecordedRequest::requestLine)
                .containsExactly("GET /items?page=1", "GET /items");
        assertThat(emulator.requestCount()).isEqualTo(2);
    }

    private static InputStream request(Socket socket, String path) throws IOException {
        OutputStream out = socket.getOutputStream();
        out.write(("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n").getBytes(UTF_8));
        out.flush();
        return socket.getInputStream();
    }

    private static String readHead(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int matched = 0;
        while (matched < 4) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("the connection closed inside the headers");
            }
            head.write(b);
            matched = (b == "\r\n\r\n".charAt(matched)) ? matched + 1 : (b == '\r' ? 1 : 0);
        }
        return head.toString(UTF_8);
    }

    private static int contentLength(String head) {
        return head.lines().filter(l -> l.toLowerCase(java.util.Locale.ROOT).startsWith("content-length:"))
                .map(l -> Integer.parseInt(l.substring(l.indexOf(':') + 1).trim())).findFirst().orElseThrow();
    }

}
