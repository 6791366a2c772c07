package io.rostersync.emulators;

import java.util.Objects;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A JUnit 5 extension that starts an emulator before and stops it after a test or a test class. Register
 * it with {@code @RegisterExtension}: in a {@code static} field it starts one emulator for the whole class
 * (before {@code @BeforeAll} methods run, stopped after {@code @AfterAll}); in an instance field it starts
 * a fresh emulator for each test (before {@code @BeforeEach}, stopped after {@code @AfterEach}).
 *
 * <pre>{@code
 * @RegisterExtension
 * final EmulatorExtension<ScimEmulator> scim = ScimEmulator.extension();
 *
 * @Test
 * void createsAUser() {
 *     UserDirectory directory = scim.emulator().directory().build();
 *     ...
 * }
 * }</pre>
 *
 * <p>Thread-safe for tests that run in parallel only in the per-test form (one instance per test).
 *
 * @param <E> the emulator's type
 */
public final class EmulatorExtension<E extends Emulator<?>>
        implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback, AfterEachCallback {

    private final Supplier<E> start;
    private @Nullable E running;
    private boolean perClass;

    private EmulatorExtension(Supplier<E> start) {
        this.start = start;
    }

    /**
     * An extension that starts its emulator with {@code start}, e.g. {@code ScimEmulator::start} or
     * {@code () -> ScimEmulator.builder().seats(3).start()}.
     *
     * @param start starts and returns a running emulator
     * @param <E> the emulator's type
     * @return the extension, to register with {@code @RegisterExtension}
     */
    public static <E extends Emulator<?>> EmulatorExtension<E> of(Supplier<E> start) {
        return new EmulatorExtension<>(Objects.requireNonNull(start, "start"));
    }

    /**
     * The running emulator.
     *
     * @return the emulator started for this test or class
     * @throws IllegalStateException outside a test (before it started or after it stopped)
     */
    public synchronized E emulator() {
        E e = running;
        if (e == null) {
            throw new IllegalStateException("no emulator is running: EmulatorExtension starts one for each test "
                    + "(instance field) or for the class (static field) registered with @RegisterExtension; "
                    + "call emulator() from a test or a @BeforeEach/@BeforeAll method");
        }
        return e;
    }

    /**
     * Starts the class's emulator (the extension is in a {@code static} field).
     *
     * @param context JUnit's context
     */
    @Override
    public synchronized void beforeAll(ExtensionContext context) {
        perClass = true;
        running = started();
    }

    /**
     * Starts the test's emulator, unless the extension serves the whole class.
     *
     * @param context JUnit's context
     */
    @Override
    public synchronized void beforeEach(ExtensionContext context) {
        if (!perClass) {
            running = started();
        }
    }

    /**
     * Stops the test's emulator, unless the extension serves the whole class.
     *
     * @param context JUnit's context
     */
    @Override
    public void afterEach(ExtensionContext context) {
        if (!perClass) {
            stop();
        }
    }

    /**
     * Stops the class's emulator.
     *
     * @param context JUnit's context
     */
    @Override
    public void afterAll(ExtensionContext context) {
        if (perClass) {
            stop();
            synchronized (this) {
                perClass = false;
            }
        }
    }

    private E started() {
        E e = start.get();
        if (e == null) {
            throw new IllegalStateException("the supplier given to EmulatorExtension.of returned null instead of a running emulator");
        }
        return e;
    }

    private void stop() {
        E e;
        synchronized (this) {
            e = running;
            running = null;
        }
        if (e != null) {
            e.close();
        }
    }
}
