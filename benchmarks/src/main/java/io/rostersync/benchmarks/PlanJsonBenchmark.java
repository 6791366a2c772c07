package io.rostersync.benchmarks;

import io.rostersync.engine.Reconciler;
import io.rostersync.json.PlanJson;
import io.rostersync.plan.Plan;
import io.rostersync.policy.SyncPolicy;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Writing (and reading back) a plan of about 10,000 actions as JSON, as a host does to show a plan for
 * approval and apply it later: the steady-state plan of 500,000 users per side (5,000 updates, 2,485
 * creates, 2,500 deactivations, 15 conflicts).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 3)
@Measurement(iterations = 5, time = 3)
@Fork(1)
public class PlanJsonBenchmark {

    private Plan plan;
    private String json;

    @Setup(Level.Trial)
    public void setUp() {
        RosterScenario scenario = new RosterScenario(500_000, 42);
        plan = new Reconciler(SyncPolicy.defaults()).plan(scenario.input(scenario.target(), scenario.links(), 1_000));
        scenario.requireExpectedShape(plan);
        json = PlanJson.write(plan);
    }

    @Benchmark
    public String write() {
        return PlanJson.write(plan);
    }

    @Benchmark
    public Plan read() {
        return PlanJson.readPlan(json);
    }
}
