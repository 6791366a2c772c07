package io.rostersync.emulators;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.platform.testkit.engine.EngineTestKit;

/** The extension starts and stops an emulator per test (instance field) or per class (static field). */
@Timeout(60)
class EmulatorExtensionTest {

    static final List<String> EVENTS = new CopyOnWriteArrayList<>();
    static final List<URI> STOPPED = new CopyOnWriteArrayList<>();

    /** Starts an items emulator and logs its start and stop. */
    static Emulator<String> logged() {
        ItemsEmulator e = ItemsEmulator.start();
        int n = (int) EVENTS.stream().filter(s -> s.startsWith("start")).count() + 1;
        EVENTS.add("start " + n);
        return new Emulator<>() {
            @Override
            public URI baseUri() {
                return e.baseUri();
            }

            @Override
            public String directory() {
                return e.directory();
            }

            @Override
            public FaultPlan faults() {
                return e.faults();
            }

            @Override
            public RecordedRequest takeRequest() {
                return e.takeRequest();
            }

            @Override
            public java.util.Optional<RecordedRequest> takeRequest(java.time.Duration timeout) {
                return e.takeRequest(timeout);
            }

            @Override
            public List<RecordedRequest> requests() {
                return e.requests();
            }

            @Override
            public int requestCount() {
                return e.requestCount();
            }

            @Override
            public void close() {
                STOPPED.add(e.baseUri());
                e.close();
                EVENTS.add("stop " + n);
            }
        };
    }

    private static void run(Class<?> fixture) {
        EVENTS.clear();
        STOPPED.clear();
        EngineTestKit.engine("junit-jupiter").selectors(selectClass(fixture)).execute()
                .testEvents().assertStatistics(s -> s.started(2).succeeded(2));
    }

    @Test
    void anInstanceFieldStartsAFreshEmulatorForEachTest() throws Exception {
        run(PerTest.class);

        assertThat(EVENTS).containsExactly("start 1", "beforeEach", "test uses 1", "afterEach", "stop 1",
                "start 2", "beforeEach", "test uses 2", "afterEach", "stop 2");
        assertStopped();
    }

    @Test
    void aStaticFieldStartsOneEmulatorForTheClass() throws Exception {
        run(PerClass.class);

        assertThat(EVENTS).containsExactly("start 1", "beforeAll", "beforeEach", "test uses 1", "afterEach",
                "beforeEach", "test uses 1", "afterEach", "afterAll", "stop 1");
        assertStopped();
    }

    @Test
    void emulatorOutsideATestSaysHowToUseTheExtension() {
        EmulatorExtension<ItemsEmulator> extension = EmulatorExtension.of(ItemsEmulator::start);

        assertThatThrownBy(extension::emulator).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("@RegisterExtension");
    }

    /** After the run, every emulator it started refuses connections. */
    private static void assertStopped() throws Exception {
        assertThat(STOPPED).isNotEmpty();
        HttpClient http = HttpClient.newHttpClient();
        for (URI uri : STOPPED) {
            assertThatThrownBy(() -> http.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.discarding()))
                    .isInstanceOf(ConnectException.class);
        }
    }

    private static void uses(EmulatorExtension<Emulator<String>> extension) throws Exception {
        Emulator<String> e = extension.emulator();
        HttpResponse<String> r = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(e.baseUri().resolve("/items")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(e.requestCount()).isPositive();
        EVENTS.add("test uses " + EVENTS.stream().filter(s -> s.startsWith("start")).count());
    }

    // ---- fixtures, run through the engine test kit only (surefire skips nested classes) ----------------

    static class PerTest {
        @RegisterExtension
        final EmulatorExtension<Emulator<String>> emulator = EmulatorExtension.of(EmulatorExtensionTest::logged);

        @BeforeEach
        void beforeEach() {
            assertThat(emulator.emulator().baseUri()).isNotNull();
            EVENTS.add("beforeEach");
        }

        @AfterEach
        void afterEach() {
            assertThat(emulator.emulator().baseUri()).isNotNull();
            EVENTS.add("afterEach");
        }

        @Test
        void first() throws Exception {
            uses(emulator);
        }

        @Test
        void second() throws Exception {
            uses(emulator);
        }
    }

    static class PerClass {
        @RegisterExtension
        static final EmulatorExtension<Emulator<String>> EMULATOR = EmulatorExtension.of(EmulatorExtensionTest::logged);

        @BeforeAll
        static void beforeAll() {
            assertThat(EMULATOR.emulator().baseUri()).isNotNull();
            EVENTS.add("beforeAll");
        }

        @AfterAll
        static void afterAll() {
            assertThat(EMULATOR.emulator().baseUri()).isNotNull();
            EVENTS.add("afterAll");
        }

        @BeforeEach
        void beforeEach() {
            EVENTS.add("beforeEach");
        }

        @AfterEach
        void afterEach() {
            EVENTS.add("afterEach");
        }

        @Test
        void first() throws Exception {
            uses(EMULATOR);
        }

        @Test
        void second() throws Exception {
            uses(EMULATOR);
        }
    }
}
