package io.rostersync.emulators.internal;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.rostersync.emulators.scim.ScimEmulator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import mockwebserver3.MockResponse;
import mockwebserver3.RecordedRequest;
import org.jspecify.annotations.Nullable;

/**
 * What an emulator that embeds a {@link ScimEmulator} (Talkdesk serves SCIM on its own origin) needs from
 * it beyond its public API: answering a request it received, and the stored resources as JSON.
 */
public interface EmbeddedScim {

    /**
     * The response to a request under the SCIM base path: auth, rate limit and SCIM semantics; no fault
     * injection or recording, which the embedding emulator's engine does.
     */
    MockResponse respond(RecordedRequest request);

    /** An empty page of the SCIM list {@code request} asks for, totals as they are. */
    MockResponse emptyList(RecordedRequest request);

    /** The SCIM 401 of an expired bearer token. */
    MockResponse expiredToken();

    /** A SCIM error response. */
    MockResponse error(int status, String detail);

    /** Tells the SCIM emulator the origin it is served at (for {@code meta.location} and {@code Location}). */
    void servedAt(String origin);

    /** Stores a resource as given (an {@code id} in it is kept); returns its id. */
    String add(ObjectNode resource);

    /** A copy of a stored resource, as the emulator would return it. */
    Optional<ObjectNode> resource(String id);

    /** Copies of every stored resource, in list order. */
    List<ObjectNode> resources();

    /** What the SCIM emulator lends to embedding emulators. */
    interface Access {
        /** The embedding side of {@code scim}. */
        EmbeddedScim open(ScimEmulator scim);

        /** A SCIM emulator configured by {@code builder} that records and faults through {@code host}, unstarted. */
        ScimEmulator embed(ScimEmulator.Builder builder, EmulatorEngine host);
    }

    /** The embedding side of {@code scim}. */
    static EmbeddedScim of(ScimEmulator scim) {
        Objects.requireNonNull(scim, "scim");
        return access().open(scim);
    }

    /** A SCIM emulator served by another emulator's server and engine. */
    static ScimEmulator embed(ScimEmulator.Builder builder, EmulatorEngine host) {
        return access().embed(builder, host);
    }

    private static Access access() {
        try {
            Class.forName(ScimEmulator.class.getName(), true, ScimEmulator.class.getClassLoader());
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException(e);
        }
        Access a = Opener.access;
        if (a == null) {
            throw new IllegalStateException("ScimEmulator has not installed its opener");
        }
        return a;
    }

    /**
     * Installs how to reach the embedding side of a {@link ScimEmulator}; the SCIM emulator calls this
     * once, when its class is initialised (so before any instance exists).
     */
    static void install(Access access) {
        synchronized (Opener.class) {
            if (Opener.access != null) {
                throw new IllegalStateException("already installed");
            }
            Opener.access = Objects.requireNonNull(access, "access");
        }
    }

    /** Holds the installed opener. */
    final class Opener {
        private static volatile @Nullable Access access;

        private Opener() {
        }
    }
}
