package io.rostersync.emulators.internal;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.rostersync.emulators.scim.ScimEmulator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
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
     * injection or counting, which the embedding emulator does.
     */
    MockResponse respond(RecordedRequest request);

    /** Tells the SCIM emulator the origin it is served at (for {@code meta.location} and {@code Location}). */
    void servedAt(String origin);

    /** Stores a resource as given (an {@code id} in it is kept); returns its id. */
    String add(ObjectNode resource);

    /** A copy of a stored resource, as the emulator would return it. */
    Optional<ObjectNode> resource(String id);

    /** Copies of every stored resource, in list order. */
    List<ObjectNode> resources();

    /** The embedding side of {@code scim}. */
    static EmbeddedScim of(ScimEmulator scim) {
        Objects.requireNonNull(scim, "scim");
        Function<ScimEmulator, EmbeddedScim> o = Opener.opener;
        if (o == null) {
            throw new IllegalStateException("ScimEmulator has not installed its opener");
        }
        return o.apply(scim);
    }

    /**
     * Installs how to reach the embedding side of a {@link ScimEmulator}; the SCIM emulator calls this
     * once, when its class is initialised (so before any instance exists).
     */
    static void install(Function<ScimEmulator, EmbeddedScim> opener) {
        synchronized (Opener.class) {
            if (Opener.opener != null) {
                throw new IllegalStateException("already installed");
            }
            Opener.opener = Objects.requireNonNull(opener, "opener");
        }
    }

    /** Holds the installed opener. */
    final class Opener {
        private static volatile @Nullable Function<ScimEmulator, EmbeddedScim> opener;

        private Opener() {
        }
    }
}
