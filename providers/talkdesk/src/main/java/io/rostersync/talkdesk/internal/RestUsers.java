package io.rostersync.talkdesk.internal;

import com.fasterxml.jackson.databind.JsonNode;
import io.rostersync.http.internal.Page;
import io.rostersync.model.EmailAddress;
import io.rostersync.model.NativeId;
import io.rostersync.model.UserProfile;
import io.rostersync.model.UserRecord;
import io.rostersync.model.UserStatus;
import io.rostersync.spi.ReadProblem;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Objects;

/** Decodes pages and users of Talkdesk's REST {@code GET /users} (HAL: {@code _embedded.users}, {@code _links.next}). */
public final class RestUsers {

    private RestUsers() {
    }

    /**
     * One HAL page as items plus the server's next link. A page says more follow when {@code page} is
     * below {@code total_pages}; without a next link that is a truncated response, which the pager
     * refuses.
     *
     * @throws IllegalArgumentException if the body is not a users page
     */
    public static Page<JsonNode> page(JsonNode body) {
        if (!body.isObject()) {
            throw new IllegalArgumentException("users page is not a JSON object");
        }
        JsonNode users = body.path("_embedded").path("users");
        if (!users.isArray() && !users.isMissingNode()) {
            throw new IllegalArgumentException("_embedded.users is not an array");
        }
        List<JsonNode> items = new ArrayList<>();
        users.forEach(items::add);
        JsonNode href = body.path("_links").path("next").path("href");
        Optional<String> next = href.isTextual() && !href.asText().isBlank() ? Optional.of(href.asText()) : Optional.empty();
        JsonNode page = body.path("page");
        JsonNode totalPages = body.path("total_pages");
        boolean more = page.canConvertToInt() && totalPages.canConvertToInt()
                ? page.asInt() < totalPages.asInt() : next.isPresent();
        return new Page<>(items, next, more);
    }

    /** A REST user, or why it cannot be read. */
    public sealed interface Decoded {
    }

    /** A readable user; roles, groups and name parts come later from SCIM. */
    public record Read(UserRecord record) implements Decoded {
    }

    /** An unreadable user. */
    public record Problem(ReadProblem problem) implements Decoded {
    }

    /**
     * Decodes one REST user: id, email, {@code name} split at the first space (the REST API has only a
     * full name), {@code active}.
     *
     * @param position the user's place in the read, for problems without an id
     */
    public static Decoded user(JsonNode user, int position) {
        JsonNode id = user.path("id");
        if (!id.isTextual() || id.asText().isBlank()) {
            return new Problem(new ReadProblem("user #" + position, "has no id"));
        }
        NativeId nativeId;
        try {
            nativeId = NativeId.of(id.asText());
        } catch (IllegalArgumentException e) {
            return new Problem(new ReadProblem("user #" + position, "has an unusable id"));
        }
        String location = "talkdesk user " + nativeId.value();
        UserProfile.Builder b = UserProfile.builder();
        JsonNode email = user.path("email");
        if (email.isTextual() && !email.asText().isBlank()) {
            Optional<EmailAddress> parsed = EmailAddress.parse(email.asText());
            if (parsed.isEmpty()) {
                return new Problem(new ReadProblem(location, "has an invalid email address"));
            }
            b.email(parsed);
        }
        String name = user.path("name").isTextual() ? user.path("name").asText().strip() : "";
        int space = name.indexOf(' ');
        b.firstName(space < 0 ? name : name.substring(0, space)).lastName(space < 0 ? "" : name.substring(space + 1));
        JsonNode active = user.path("active");
        b.status(active.isBoolean() && !active.asBoolean() ? UserStatus.INACTIVE : UserStatus.ACTIVE);
        try {
            return new Read(UserRecord.of(nativeId, b.build()));
        } catch (IllegalArgumentException e) {
            return new Problem(new ReadProblem(location, Objects.requireNonNullElse(e.getMessage(), e.toString())));
        }
    }

    /**
     * The REST record completed from the SCIM view of the same user: name parts, username, roles,
     * teams, external id and last change. The REST API stays the authority on email and status.
     */
    public static UserRecord merge(UserRecord rest, Optional<UserRecord> scim) {
        if (scim.isEmpty()) {
            return rest;
        }
        UserProfile s = scim.get().profile();
        UserProfile merged = s.toBuilder()
                .email(rest.email().or(s::email))
                .status(rest.status())
                .build();
        return new UserRecord(rest.id(), merged, scim.get().updatedAt());
    }
}
