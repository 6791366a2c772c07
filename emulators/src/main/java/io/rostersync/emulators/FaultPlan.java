package io.rostersync.emulators;

/**
 * The faults an emulator applies to its next responses, per {@link Route}. Obtained from
 * {@link Emulator#faults()}; not meant to be implemented outside the emulators.
 *
 * <p>Faults are kept in the order planned. A request takes the first pending fault whose route matches it
 * and that applies to it (a list fault such as {@link Fault.EmptyList} only to a list request, a
 * {@link Fault.PartialBatchFailure} only to a batch request), so faults on different routes do not wait
 * for each other. A fault that cannot apply to its route at all (an empty list on a write, a partial batch
 * failure where the vendor has no batch route) is refused when planned.
 *
 * <pre>{@code
 * emulator.faults()
 *         .next(ScimEmulator.USERS, Fault.rateLimited(Duration.ofSeconds(1)))  // the next users call: 429
 *         .next(Route.any(), 2, Fault.status(503));                           // then two 503s, any route
 * }</pre>
 *
 * <p>Thread-safe: faults may be planned while the emulator serves requests.
 */
public interface FaultPlan {

    /**
     * The next request on {@code route} gets {@code fault}.
     *
     * @param route where the fault applies
     * @param fault the fault
     * @return this plan, for chaining
     * @throws IllegalArgumentException if the fault cannot apply to the route on this emulator
     */
    FaultPlan next(Route route, Fault fault);

    /**
     * The next {@code times} requests on {@code route} get {@code fault}.
     *
     * @param route where the fault applies
     * @param times how many requests, at least 1
     * @param fault the fault
     * @return this plan, for chaining
     * @throws IllegalArgumentException if {@code times} is below 1 or the fault cannot apply to the route
     */
    FaultPlan next(Route route, int times, Fault fault);

    /**
     * Every request on {@code route} gets {@code fault} until {@link #clear()}.
     *
     * @param route where the fault applies
     * @param fault the fault
     * @return this plan, for chaining
     * @throws IllegalArgumentException if the fault cannot apply to the route on this emulator
     */
    FaultPlan always(Route route, Fault fault);

    /** Forgets every pending fault, {@link #always} ones included. */
    void clear();

    /**
     * How many faulted responses are still planned: the remaining count of each {@link #next} plan, plus one
     * for each {@link #always} plan.
     *
     * @return the number pending; 0 once every planned fault was served
     */
    int pending();
}
