package io.rostersync.zendesk.webhooks.internal;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.Optional;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Reads the three things the receiver takes from a Zendesk event (its id, type and the user id of its
 * subject) and nothing else: every other field, the user's email and name among them, is ignored.
 */
public final class EventPayload {

    /** A Zendesk user id: a positive integer. */
    private static final Pattern USER_ID = Pattern.compile("[1-9][0-9]{0,18}");
    private static final String USER_SUBJECT = "zen:user:";

    private static final ObjectMapper JSON = new ObjectMapper(JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(32).maxStringLength(64 * 1024).build())
            .build());

    /** What was read; {@code userId} empty when the event is not about a user. */
    public record Parsed(String eventId, String type, Optional<String> userId) {
    }

    private EventPayload() {
    }

    /** @return the parsed event, or empty when the body is not a well-formed Zendesk event */
    public static Optional<Parsed> parse(byte[] body, String userEventPrefix) {
        JsonNode root;
        try {
            root = JSON.readTree(body);
        } catch (IOException | RuntimeException notJson) {
            return Optional.empty();
        }
        if (root == null || !root.isObject()) {
            return Optional.empty();
        }
        @Nullable String id = text(root.get("id"));
        @Nullable String type = text(root.get("type"));
        if (id == null || id.isBlank() || id.length() > 200 || type == null || type.isBlank()) {
            return Optional.empty();
        }
        if (!type.startsWith(userEventPrefix)) {
            return Optional.of(new Parsed(id, type, Optional.empty()));
        }
        @Nullable String subject = text(root.get("subject"));
        @Nullable String fromSubject = null;
        if (subject != null) {
            if (!subject.startsWith(USER_SUBJECT)) {
                return Optional.empty();
            }
            fromSubject = subject.substring(USER_SUBJECT.length());
        }
        JsonNode detail = root.get("detail");
        @Nullable String fromDetail = detail != null && detail.isObject() ? text(detail.get("id")) : null;
        @Nullable String userId = fromSubject != null ? fromSubject : fromDetail;
        if (userId == null || !USER_ID.matcher(userId).matches()) {
            return Optional.empty();
        }
        if (fromSubject != null && fromDetail != null && !fromSubject.equals(fromDetail)) {
            return Optional.empty(); // subject and detail name different users: trust neither
        }
        return Optional.of(new Parsed(id, type, Optional.of(userId)));
    }

    /** A string, or an integer written as a number (Zendesk sends ids as strings in events, numbers elsewhere). */
    private static @Nullable String text(@Nullable JsonNode node) {
        if (node == null) {
            return null;
        }
        if (node.isTextual()) {
            return node.textValue();
        }
        if (node.isIntegralNumber()) {
            return node.asText();
        }
        return null;
    }
}
