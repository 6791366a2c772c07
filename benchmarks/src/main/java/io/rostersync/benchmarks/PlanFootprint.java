package io.rostersync.benchmarks;

import io.rostersync.engine.PlanInput;
import io.rostersync.engine.Reconciler;
import io.rostersync.model.UserRecord;
import io.rostersync.plan.Plan;
import io.rostersync.policy.SyncPolicy;
import io.rostersync.spi.Links;
import io.rostersync.spi.UserPage;
import io.rostersync.spi.UserPages;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Live heap of one plan of {@link RosterScenario}, measured after a full collection at points of the run:
 * the input a host holds (target records and links), the planner part-way through and at the end of
 * the streamed source (its peak: the target index plus whatever it keeps per source user), and the
 * finished plan. A planner whose memory is "the target index plus one page" shows the same figure at
 * 10 % and at 100 % of the source.
 *
 * <p>Run: {@code java -Xmx1g -cp benchmarks/target/benchmarks.jar io.rostersync.benchmarks.PlanFootprint 1000000}
 */
public final class PlanFootprint {

    private PlanFootprint() {
    }

    public static void main(String[] args) {
        int users = args.length > 0 ? Integer.parseInt(args[0].replace("_", "")) : 1_000_000;
        int pageSize = 1_000;
        long empty = liveHeap();
        RosterScenario scenario = new RosterScenario(users, 42);
        List<UserRecord> target = scenario.target();
        Links links = scenario.links();
        long input = liveHeap();
        report("input held by the host (target records + links)", input - empty, users);

        int pages = (users + pageSize - 1) / pageSize;
        UserPages source = sampling(scenario.source(pageSize), pages, input);
        PlanInput planInput = PlanInput.builder().source(source).target(target).links(links)
                .now(RosterScenario.NOW).names("vendor", "host").build();
        long start = System.nanoTime();
        Plan plan = new Reconciler(SyncPolicy.defaults()).plan(planInput);
        long elapsed = System.nanoTime() - start;
        scenario.requireExpectedShape(plan);
        report("planner + plan after the run (plan still held)", liveHeap() - input, users);
        System.out.printf(Locale.ROOT, "%-58s %,d actions, %,d conflicts (run with pauses for measurement: %d ms)%n",
                "plan", plan.actions().size(), plan.conflicts().size(), elapsed / 1_000_000);
        System.out.printf(Locale.ROOT, "%-58s %,.1f MiB (max heap %,.0f MiB)%n", "heap occupied at most (G1 fills what it is given)",
                peakHeap() / 1048576.0, Runtime.getRuntime().maxMemory() / 1048576.0);
    }

    /** Measures the planner's live heap, above the input, after the first page, at 10 %, 50 % and 100 % of the source. */
    private static UserPages sampling(UserPages pages, int pageCount, long input) {
        return new UserPages() {
            private int served;

            @Override
            public Optional<UserPage> next() {
                if (served == 1 || served == pageCount / 10 || served == pageCount / 2) {
                    report("planner after " + served + " of " + pageCount + " source pages", liveHeap() - input, -1);
                }
                Optional<UserPage> page = pages.next();
                if (page.isEmpty()) {
                    report("planner at the end of the source (its peak)", liveHeap() - input, -1);
                } else {
                    served++;
                }
                return page;
            }
        };
    }

    private static void report(String what, long bytes, int users) {
        String perUser = users > 0 ? String.format(Locale.ROOT, " (%,d B per target user)", bytes / users) : "";
        System.out.printf(Locale.ROOT, "%-58s %,9.1f MiB%s%n", what, bytes / 1048576.0, perUser);
    }

    private static long liveHeap() {
        for (int i = 0; i < 2; i++) {
            System.gc();
        }
        Runtime rt = Runtime.getRuntime();
        return rt.totalMemory() - rt.freeMemory();
    }

    private static long peakHeap() {
        long sum = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP && pool.getPeakUsage() != null) {
                sum += pool.getPeakUsage().getUsed();
            }
        }
        return sum;
    }
}
