package io.rostersync.benchmarks;

import io.rostersync.engine.Reconciler;
import io.rostersync.model.UserRecord;
import io.rostersync.policy.SyncPolicy;
import io.rostersync.spi.Links;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * The cost of one {@link RosterScenario} plan per user across many sizes, to show where the time per
 * user grows (the JMH benchmark covers three sizes, at about three minutes each). Each size runs in this
 * one JVM: the first half of the plans warm up, the median of the rest is printed, as thread CPU time
 * (what the planning thread itself spent, so other processes on the machine barely move it), wall time
 * and time in GC.
 *
 * <p>Run: {@code java -Xmx1g -cp benchmarks/target/benchmarks.jar io.rostersync.benchmarks.PlanScaling
 * 10000,20000,40000,70000,100000,300000,1000000}
 */
public final class PlanScaling {

    private PlanScaling() {
    }

    public static void main(String[] args) {
        String sizes = args.length > 0 ? args[0] : "10000,20000,40000,70000,100000,300000,1000000";
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        System.out.println("| users per side | plans timed | CPU per plan | CPU per user | wall per plan | GC per plan |");
        System.out.println("| ---: | ---: | ---: | ---: | ---: | ---: |");
        for (String size : sizes.split(",")) {
            int users = Integer.parseInt(size.trim().replace("_", ""));
            RosterScenario scenario = new RosterScenario(users, 42);
            List<UserRecord> target = scenario.target();
            Links links = scenario.links();
            Reconciler reconciler = new Reconciler(SyncPolicy.defaults());
            scenario.requireExpectedShape(reconciler.plan(scenario.input(target, links, 1_000)));
            // About four million users' worth of plans in all, at least 16: enough for a stable median.
            int runs = Math.max(16, 4_000_000 / users);
            long[] cpu = new long[runs / 2];
            long[] wall = new long[runs / 2];
            long[] gc = new long[runs / 2];
            for (int run = 0; run < runs; run++) {
                long cpuBefore = threads.getCurrentThreadCpuTime();
                long wallBefore = System.nanoTime();
                long gcBefore = gcMillis();
                reconciler.plan(scenario.input(target, links, 1_000));
                if (run >= runs - cpu.length) {
                    int i = run - (runs - cpu.length);
                    cpu[i] = threads.getCurrentThreadCpuTime() - cpuBefore;
                    wall[i] = System.nanoTime() - wallBefore;
                    gc[i] = gcMillis() - gcBefore;
                }
            }
            System.out.printf(Locale.ROOT, "| %,d | %d | %.1f ms | %.0f ns | %.1f ms | %d ms |%n", users, cpu.length,
                    median(cpu) / 1e6, median(cpu) / (double) users, median(wall) / 1e6, median(gc));
        }
    }

    private static long median(long[] values) {
        long[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }

    private static long gcMillis() {
        long total = 0;
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            total += Math.max(0, gc.getCollectionTime());
        }
        return total;
    }
}
