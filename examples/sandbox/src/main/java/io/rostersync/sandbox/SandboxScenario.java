package io.rostersync.sandbox;

import io.rostersync.engine.SyncListener;
import io.rostersync.engine.SyncRunner;

/** One seed flow, set up on emulators with generated users. */
interface SandboxScenario {

    /** The seed number, such as {@code "003"}. */
    String id();

    /** One line saying what the flow is. */
    String title();

    /** Starts the emulators and directories for {@code users} generated people. */
    World start(int users, long seed, SyncListener listener) throws Exception;

    /** A running flow: the real sync, and the same sync fed a truncated source to show the guard. */
    interface World extends AutoCloseable {

        SyncRunner runner();

        /** Every sync of the flow, in the order they run; most flows have one. */
        default java.util.List<SyncRunner> runners() {
            return java.util.List.of(runner());
        }

        /**
         * Whether the truncated source should trip the deletion guard; false for flows whose policy never
         * deprovisions absent users, where the point is that the plan takes nothing away.
         */
        default boolean truncationTripsGuard() {
            return true;
        }

        SyncRunner truncatedSourceRunner();

        /** Lines describing what was set up (counts, where the emulators listen). */
        java.util.List<String> description();

        @Override
        void close() throws Exception;
    }
}
