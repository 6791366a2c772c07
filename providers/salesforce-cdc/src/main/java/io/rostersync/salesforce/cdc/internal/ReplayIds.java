package io.rostersync.salesforce.cdc.internal;

import com.google.protobuf.ByteString;
import io.rostersync.spi.EventPosition;
import java.util.Base64;
import java.util.Optional;

/** Replay ids are opaque bytes; the state store keeps them base64-encoded. */
public final class ReplayIds {

    private ReplayIds() {
    }

    public static EventPosition toPosition(ByteString replayId) {
        return EventPosition.of(Base64.getEncoder().encodeToString(replayId.toByteArray()));
    }

    /** @return the replay id, or empty when the stored token is not base64 of at least one byte */
    public static Optional<ByteString> fromPosition(EventPosition position) {
        try {
            byte[] bytes = Base64.getDecoder().decode(position.token());
            return bytes.length == 0 ? Optional.empty() : Optional.of(ByteString.copyFrom(bytes));
        } catch (IllegalArgumentException notBase64) {
            return Optional.empty();
        }
    }
}
