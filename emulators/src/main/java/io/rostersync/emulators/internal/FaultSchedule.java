package io.rostersync.emulators.internal;

import io.rostersync.emulators.Fault;
import io.rostersync.emulators.FaultPlan;
import io.rostersync.emulators.Route;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/** The {@link FaultPlan} of one emulator: planned faults in order, checked against the vendor's routes. */
public final class FaultSchedule implements FaultPlan {

    private static final class Planned {
        final Route route;
        final Fault fault;
        int remaining; // -1: always

        Planned(Route route, Fault fault, int remaining) {
            this.route = route;
            this.fault = fault;
            this.remaining = remaining;
        }
    }

    private final String emulator;
    private final List<Route> listRoutes;
    private final List<Route> batchRoutes;
    private final List<Planned> planned = new ArrayList<>();

    /**
     * @param emulator the emulator's name, for errors
     * @param listRoutes the vendor's list routes
     * @param batchRoutes the vendor's batch routes
     */
    public FaultSchedule(String emulator, List<Route> listRoutes, List<Route> batchRoutes) {
        this.emulator = emulator;
        this.listRoutes = List.copyOf(listRoutes);
        this.batchRoutes = List.copyOf(batchRoutes);
    }

    @Override
    public FaultPlan next(Route route, Fault fault) {
        return next(route, 1, fault);
    }

    @Override
    public FaultPlan next(Route route, int times, Fault fault) {
        if (times < 1) {
            throw new IllegalArgumentException("a fault is planned for at least 1 request; got times=" + times);
        }
        return add(route, fault, times);
    }

    @Override
    public FaultPlan always(Route route, Fault fault) {
        return add(route, fault, -1);
    }

    @Override
    public synchronized void clear() {
        planned.clear();
    }

    @Override
    public synchronized int pending() {
        int n = 0;
        for (Planned p : planned) {
            n += p.remaining < 0 ? 1 : p.remaining;
        }
        return n;
    }

    /** Whether a request on {@code method path} is a list request of this vendor. */
    public boolean isList(String method, String path) {
        return listRoutes.stream().anyMatch(r -> r.matches(method, path));
    }

    /** Whether a request on {@code method path} is a batch request of this vendor. */
    public boolean isBatch(String method, String path) {
        return batchRoutes.stream().anyMatch(r -> r.matches(method, path));
    }

    /** Takes the first pending fault that applies to a request on {@code method path}, if any. */
    public synchronized Optional<Fault> take(String method, String path) {
        for (Iterator<Planned> it = planned.iterator(); it.hasNext(); ) {
            Planned p = it.next();
            if (!p.route.matches(method, path) || !applies(p.fault, method, path)) {
                continue;
            }
            if (p.remaining > 0 && --p.remaining == 0) {
                it.remove();
            }
            return Optional.of(p.fault);
        }
        return Optional.empty();
    }

    private boolean applies(Fault fault, String method, String path) {
        if (fault instanceof Fault.EmptyList || fault instanceof Fault.ListChangedBetweenPages) {
            return isList(method, path);
        }
        if (fault instanceof Fault.PartialBatchFailure) {
            return isBatch(method, path);
        }
        return true;
    }

    private FaultPlan add(Route route, Fault fault, int times) {
        Objects.requireNonNull(route, "route");
        Objects.requireNonNull(fault, "fault");
        String refusal = refusal(route, fault);
        if (refusal != null) {
            throw new IllegalArgumentException(refusal);
        }
        synchronized (this) {
            planned.add(new Planned(route, fault, times));
        }
        return this;
    }

    private @Nullable String refusal(Route route, Fault fault) {
        String kind = fault.getClass().getSimpleName();
        if (fault instanceof Fault.EmptyList || fault instanceof Fault.ListChangedBetweenPages) {
            if (listRoutes.stream().noneMatch(route::overlaps)) {
                return kind + " cannot apply to route " + route + " on the " + emulator
                        + ": it is no list route; plan it on one of " + listRoutes;
            }
        } else if (fault instanceof Fault.PartialBatchFailure) {
            if (batchRoutes.isEmpty()) {
                return kind + " cannot apply to route " + route + " on the " + emulator
                        + ": the " + emulator + " has no batch route";
            }
            if (batchRoutes.stream().noneMatch(route::overlaps)) {
                return kind + " cannot apply to route " + route + " on the " + emulator
                        + ": it is no batch route; plan it on one of " + batchRoutes;
            }
        }
        return null;
    }
}
