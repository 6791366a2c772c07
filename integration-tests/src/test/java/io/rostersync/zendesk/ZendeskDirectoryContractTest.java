package io.rostersync.zendesk;

import io.rostersync.spi.UserDirectory;
import io.rostersync.testkit.RosterGenerator;
import io.rostersync.testkit.UserDirectoryContract;
import io.rostersync.testkit.ManualClock;
import io.rostersync.emulators.zendesk.ZendeskEmulator;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Timeout;

/** The testkit's directory contract, run against the emulator over loopback HTTP. */
@Timeout(30)
class ZendeskDirectoryContractTest extends UserDirectoryContract {

    private @Nullable ZendeskEmulator emulator;

    @Override
    protected UserDirectory directory() {
        ManualClock clock = ManualClock.startingAtAFixedTime();
        try {
            emulator = Fixtures.emulator(clock).start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        emulator.seed(new RosterGenerator(2), 30);
        // Time passes between the seed and the reads, as it does in an account.
        clock.advance(Duration.ofMinutes(5));
        return Fixtures.directory(emulator, clock).allowSoftDelete().pageSize(7).build();
    }

    @AfterEach
    void stopEmulator() {
        if (emulator != null) {
            emulator.close();
        }
    }
}
