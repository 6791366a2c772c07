package io.rostersync.talkdesk.internal;

import com.fasterxml.jackson.databind.JsonNode;
import io.rostersync.http.internal.Page;
import java.util.HashSet;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;

/**
 * Watches the pages of one read of Talkdesk's REST {@code GET /users}, which pages by page number: when a
 * user is deleted (or added, or moved) between two page requests, the users behind it shift and one is
 * skipped or listed twice. The pages tell when that happened: the {@code total} or {@code total_pages}
 * moved, an id came twice, a page before the end held fewer users than {@code per_page}, a page came out
 * of order, or the users listed do not add up to the {@code total}. Then nothing read can show who is gone.
 *
 * <p>One instance per read, fed every page in order with {@link #observe}; not thread-safe.
 */
public final class RestListCheck {

    private OptionalInt total = OptionalInt.empty();
    private OptionalInt totalPages = OptionalInt.empty();
    private OptionalInt perPage = OptionalInt.empty();
    private int pagesSeen;
    private int items;
    private final Set<String> ids = new HashSet<>();
    private Optional<String> change = Optional.empty();
    private boolean taken;

    /**
     * Notes one page: its body as Talkdesk sent it and the page as decoded.
     *
     * @param body the page body ({@code total}, {@code page}, {@code per_page}, {@code total_pages} when present)
     * @param page the decoded page; {@link Page#continues()} false marks the last one
     */
    public void observe(JsonNode body, Page<JsonNode> page) {
        pagesSeen++;
        OptionalInt pageTotal = intField(body, "total");
        OptionalInt pageTotalPages = intField(body, "total_pages");
        OptionalInt pagePerPage = intField(body, "per_page");
        OptionalInt number = intField(body, "page");
        if (pagesSeen == 1) {
            total = pageTotal;
            totalPages = pageTotalPages;
            perPage = pagePerPage;
        } else {
            if (!total.equals(pageTotal)) {
                changed("the total went from " + show(total) + " to " + show(pageTotal) + " at page " + pagesSeen);
            }
            if (!totalPages.equals(pageTotalPages)) {
                changed("the page count went from " + show(totalPages) + " to " + show(pageTotalPages) + " at page " + pagesSeen);
            }
        }
        if (number.isPresent() && number.getAsInt() != pagesSeen) {
            changed("page " + number.getAsInt() + " came where page " + pagesSeen + " was due");
        }
        for (JsonNode u : page.items()) {
            items++;
            JsonNode id = u.path("id");
            if (id.isTextual() && !ids.add(id.asText())) {
                changed("user " + id.asText() + " was listed twice");
            }
        }
        boolean last = !page.continues();
        if (!last && perPage.isPresent() && page.items().size() < perPage.getAsInt()) {
            changed("page " + pagesSeen + " held " + page.items().size() + " users, fewer than the " + perPage.getAsInt()
                    + " a page holds, and more pages followed");
        }
        if (last && total.isPresent() && items != total.getAsInt()) {
            changed("the pages listed " + items + " users but the total is " + total.getAsInt());
        }
    }

    private void changed(String why) {
        if (change.isEmpty()) {
            change = Optional.of(why);
        }
    }

    /** Why the list is known to have changed during the read, if it is. */
    public Optional<String> change() {
        return change;
    }

    /** The change, the first time it is asked for after it was seen; empty before and after. */
    public Optional<String> takeChange() {
        if (change.isEmpty() || taken) {
            return Optional.empty();
        }
        taken = true;
        return change;
    }

    private static OptionalInt intField(JsonNode body, String field) {
        JsonNode v = body.path(field);
        return v.isIntegralNumber() && v.canConvertToInt() ? OptionalInt.of(v.asInt()) : OptionalInt.empty();
    }

    private static String show(OptionalInt v) {
        return v.isPresent() ? Integer.toString(v.getAsInt()) : "none";
    }
}
