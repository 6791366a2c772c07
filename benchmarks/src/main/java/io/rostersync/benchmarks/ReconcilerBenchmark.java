package io.rostersync.benchmarks;

import io.rostersync.engine.Reconciler;
import io.rostersync.model.UserRecord;
import io.rostersync.plan.Plan;
import io.rostersync.policy.SyncPolicy;
import io.rostersync.spi.Links;
import io.rostersync.spi.UserPage;
import io.rostersync.spi.UserPages;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One steady-state plan of {@code users} accounts per side ({@link RosterScenario}): the target and the
 * links in memory, the source generated page by page while the planner reads it.
 *
 * <p>{@code plan} is the figure of issue 8; {@code readSourceOnly} drains the same lazy source without
 * planning, to show how much of {@code plan} is the benchmark producing records (what a vendor read
 * would cost) rather than the engine. Sample mode, so the output has the median ({@code p0.50}).
 * Forks inherit the launching JVM's options: run with {@code java -Xmx1g -jar ...} to hold the heap to
 * 1 GiB.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 5)
@Measurement(iterations = 5, time = 5)
@Fork(1)
public class ReconcilerBenchmark {

    @Param({"10000", "100000", "1000000"})
    public int users;

    @Param({"1000"})
    public int pageSize;

    private RosterScenario scenario;
    private List<UserRecord> target;
    private Links links;
    private Reconciler reconciler;

    @Setup(Level.Trial)
    public void setUp() {
        scenario = new RosterScenario(users, 42);
        target = scenario.target();
        links = scenario.links();
        reconciler = new Reconciler(SyncPolicy.defaults());
        scenario.requireExpectedShape(plan());
    }

    @Benchmark
    public Plan plan() {
        return reconciler.plan(scenario.input(target, links, pageSize));
    }

    @Benchmark
    public int readSourceOnly() {
        int read = 0;
        try (UserPages pages = scenario.source(pageSize)) {
            for (Optional<UserPage> page = pages.next(); page.isPresent(); page = pages.next()) {
                read += page.get().users().size();
            }
        }
        return read;
    }
}
