package io.rostersync.realtime;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The counted chaos suite for Zendesk webhooks (issue 19, "Proof"): over real HTTP on 127.0.0.1, the emulator's
 * signed webhooks, dropped, duplicated, reordered, held in transit for hours, replayed, forged and tampered with,
 * reach the host's receiver, whose hints become named syncs into the host directory; then the scheduled run.
 * Counted: forged requests accepted, users brought back by a late event, changes lost after the scheduled run
 * (all must be 0), and the changes the host showed before the scheduled run. The table is printed for
 * RELIABILITY.md. Seeded and on a manual clock: the same counts every run.
 */
@Timeout(120)
class ZendeskWebhooksChaosTest {

    /** Every kind of chaos at once, at rates that make each happen a few dozen times in 30 rounds. */
    static final RealTimeChaos CHAOS = new RealTimeChaos(0.15, 0.15, 0.15, 0.1, 0.15, 0.1, 0.05);
    private static final long SEED = 19;

    private static RealTimeChaosHarness.Result run(ZendeskWebhooksChaosSource source, RealTimeChaos chaos,
                                                   RealTimeChaosHarness.Settings settings) throws InterruptedException {
        try (source) {
            return RealTimeChaosHarness.run(source, chaos, settings);
        }
    }

    @Test
    void underChaosNoForgeryIsAcceptedNobodyIsBroughtBackAndNothingIsLostAfterTheScheduledRun() throws Exception {
        RealTimeChaosHarness.Result r = run(ZendeskWebhooksChaosSource.create(), CHAOS, RealTimeChaosHarness.Settings.defaults(SEED));
        System.out.println(r.tally().table("Zendesk webhooks, seed " + SEED + ", 30 rounds of 6 changes"));

        RealTimeTally t = r.tally();
        // The chaos happened, every kind of it, and the receiver saw it.
        assertThat(t.get("events dropped")).isPositive();
        assertThat(t.get("events posted twice")).isPositive();
        assertThat(t.get("events that arrived after a later event")).isPositive();
        assertThat(t.get("events held in transit, posted rounds later with their old signature")).isPositive();
        assertThat(t.get("  of which late (held in transit, within the 5-minute tolerance)")).isPositive();
        assertThat(t.get("signed requests replayed later")).isPositive();
        assertThat(t.get("refused: replayed event id")).isPositive();
        assertThat(t.get("refused: stale timestamp (held or replayed across hours)")).isPositive();
        assertThat(t.get("forged requests (signed with another secret)")).isPositive();
        assertThat(t.get("tampered requests (body altered after signing)")).isPositive();
        assertThat(t.get("refused: bad signature (forged or tampered)"))
                .isEqualTo(t.get("forged requests (signed with another secret)") + t.get("tampered requests (body altered after signing)"));
        assertThat(t.get("changes: delete")).isPositive();
        assertThat(t.get("changes: reactivate")).isPositive();

        assertThat(r.forgedAccepted()).as("forged requests accepted").isZero();
        assertThat(r.broughtBack()).as("users brought back by a late event").isEmpty();
        assertThat(r.lost()).as("changes lost after the scheduled run").isEmpty();
        assertThat(r.differences()).as("host accounts differing from Zendesk after the scheduled run").isEmpty();
        assertThat(t.get(RealTimeChaosHarness.REAL_TIME)).as("most changes reach the host before the scheduled run")
                .isGreaterThan(t.get("changes in all") / 2);
    }

    @Test
    void theSameSeedGivesTheSameCounts() throws Exception {
        RealTimeTally first = run(ZendeskWebhooksChaosSource.create(), CHAOS, RealTimeChaosHarness.Settings.defaults(7)).tally();
        RealTimeTally second = run(ZendeskWebhooksChaosSource.create(), CHAOS, RealTimeChaosHarness.Settings.defaults(7)).tally();
        assertThat(second.asMap()).isEqualTo(first.asMap());
    }

    /** The count can fail: without the scheduled run, the changes whose events were dropped stay lost. */
    @Test
    void withoutTheScheduledRunTheChangesOfDroppedEventsCountAsLost() throws Exception {
        RealTimeChaos dropping = new RealTimeChaos(0.3, 0, 0, 0, 0, 0, 0);
        RealTimeChaosHarness.Result r = run(ZendeskWebhooksChaosSource.create(), dropping,
                RealTimeChaosHarness.Settings.defaults(SEED).withoutScheduledRun());
        assertThat(r.lost()).isNotEmpty();
        assertThat(r.differences()).isNotEmpty();
    }

    /** The count can fail: an endpoint that skips the receiver's checks is caught accepting forged requests. */
    @Test
    void anEndpointThatChecksNoSignatureIsCaughtAcceptingForgeries() throws Exception {
        RealTimeChaos forging = new RealTimeChaos(0, 0, 0, 0, 0, 0.3, 0.1);
        RealTimeChaosHarness.Result r = run(ZendeskWebhooksChaosSource.trustingEveryRequest(), forging,
                new RealTimeChaosHarness.Settings(30, 8, 5, 0, 0, 0, true, SEED));
        assertThat(r.forgedAccepted()).isPositive();
    }
}
