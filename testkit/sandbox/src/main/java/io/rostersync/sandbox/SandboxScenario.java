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

        SyncRunner truncatedSourceRunner();

        /** Lines describing what was set up (counts, where the emulators listen). */
        java.util.List<String> description();

        @Override
        void close() throws Exception;
    }
}
