package io.rostersync.emulators.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockWebServer;

/** Starts the emulators' servers: 127.0.0.1 only, a free port, Nagle's algorithm off. */
public final class LoopbackServer {

    private LoopbackServer() {
    }

    /**
     * A running server answering with {@code dispatcher}.
     *
     * @param what the emulator's name, for the error when the port cannot be opened
     */
    public static MockWebServer start(Dispatcher dispatcher, String what) {
        MockWebServer server = new MockWebServer();
        server.setServerSocketFactory(new NoDelayServerSockets());
        server.setDispatcher(dispatcher);
        try {
            server.start(InetAddress.getByName("127.0.0.1"), 0);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the " + what + " on 127.0.0.1", e);
        }
        return server;
    }
}
