package io.rostersync.zendesk;

import io.rostersync.model.UserPatch;
import io.rostersync.model.UserProfile;
import io.rostersync.model.UserStatus;
import java.util.EnumSet;
import java.util.Set;
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
        return Fixtures.directory(emulator, clock).allowSoftDelete().pageSize(pageSize()).build();
    }

    /**
     * Zendesk has no usernames and no groups here, one role type per user, and free attributes only as the
     * external id, tags and user fields; a user is active or suspended.
     */
    @Override
    protected UserProfile newProfile(String unique) {
        return UserProfile.builder().email("contract." + unique + "@example.com").firstName("Zoë-Ann")
                .lastName("O'Contract " + unique).role("agent").attribute(ZendeskAttributes.EXTERNAL_ID, "Ext-" + unique).build();
    }

    @Override
    protected Set<UserStatus> statusesOnCreate() {
        return EnumSet.of(UserStatus.ACTIVE, UserStatus.SUSPENDED);
    }

    @Override
    protected UserPatch updatePatch(UserProfile before) {
        return UserPatch.builder().firstName("Renée").lastName("Renamed McPatch")
                .setAttribute(ZendeskAttributes.EXTERNAL_ID, "Changed-" + before.lastName().replace(' ', '-')).build();
    }

    @Override
    protected int pageSize() {
        return 7;
    }

    @AfterEach
    void stopEmulator() {
        if (emulator != null) {
            emulator.close();
        }
    }
}
