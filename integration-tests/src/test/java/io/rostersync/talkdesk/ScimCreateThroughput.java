package io.rostersync.talkdesk;

import io.rostersync.model.UserProfile;
import io.rostersync.spi.CreateOptions;
import io.rostersync.spi.WriteResult;
import io.rostersync.testkit.RosterGenerator;
import io.rostersync.emulators.talkdesk.TalkdeskEmulator;
import java.util.List;

/**
 * Measurement, not a test: creates N users (default 1000) through SCIM against the Talkdesk emulator
 * at Talkdesk's 4 requests per second and prints requests and wall time. Run by hand:
 * {@code java -cp <test classpath> io.rostersync.talkdesk.ScimCreateThroughput 1000}.
 */
public final class ScimCreateThroughput {

    private ScimCreateThroughput() {
    }

    public static void main(String[] args) {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 1000;
        try (TalkdeskEmulator emulator = TalkdeskEmulator.builder().build()) {
            emulator.start();
            TalkdeskUserDirectory dir = TalkdeskFixtures.directory(emulator).scimRequestsPerSecond(4).build();
            List<UserProfile> people = new RosterGenerator(1000).profiles(n);
            long start = System.nanoTime();
            int stored = 0;
            for (UserProfile p : people) {
                if (dir.create(p, CreateOptions.silent()) instanceof WriteResult.Stored) {
                    stored++;
                }
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            System.out.printf("creates=%d stored=%d wall=%.1fs rate=%.2f/s%n", n, stored, seconds, n / seconds);
            System.out.println("requests=" + emulator.requestCounts() + " 429s=" + emulator.rateLimitedCount()
                    + " retryWaits=" + TalkdeskFixtures.WAITS.size());
        }
    }
}
