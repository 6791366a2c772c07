package io.rostersync.http;

import static io.rostersync.http.Fixtures.baseUri;
import static io.rostersync.http.Fixtures.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.rostersync.http.internal.JsonHttpClient;
import io.rostersync.http.internal.Page;
import io.rostersync.http.internal.Paged;
import io.rostersync.spi.InvalidResponseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import mockwebserver3.MockWebServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(10)
class PagedTest {

    private MockWebServer server;
    private JsonHttpClient client;
    private String origin;

    @BeforeEach
    void start() throws Exception {
        server = Fixtures.startServer();
        origin = baseUri(server).toString();
        client = JsonHttpClient.builder("zendesk", baseUri(server)).allowInsecureLoopback()
                .retryPolicy(RetryPolicy.none()).build();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    /** Decodes a Zendesk cursor-paginated users page: users, links.next, meta.has_more. */
    private Page<String> zendeskPage(String target) {
        JsonNode body = client.get(target);
        List<String> names = new ArrayList<>();
        body.path("users").forEach(u -> names.add(u.path("name").asText()));
        JsonNode next = body.path("links").path("next");
        return new Page<>(names, next.isTextual() ? Optional.of(next.asText()) : Optional.empty(),
                body.path("meta").path("has_more").asBoolean());
    }

    private String page(boolean hasMore, String next, String... names) {
        StringBuilder users = new StringBuilder();
        for (String n : names) {
            users.append(users.length() == 0 ? "" : ",").append("{\"name\":\"").append(n).append("\"}");
        }
        String link = next == null ? "null" : "\"" + next + "\"";
        return "{\"users\":[" + users + "],\"meta\":{\"has_more\":" + hasMore + "},\"links\":{\"next\":" + link + "}}";
    }

    @Test
    void followsServerLinksUntilTheLastPage() throws Exception {
        server.enqueue(json(200, page(true, origin + "/api/v2/users?page%5Bafter%5D=c1", "a", "b")));
        server.enqueue(json(200, page(true, "/api/v2/users?page%5Bafter%5D=c2", "c")));
        server.enqueue(json(200, page(false, null, "d")));

        List<String> all = client.paginate("/api/v2/users?page%5Bsize%5D=2", this::zendeskPage).stream()
                .collect(Collectors.toList());

        assertThat(all).containsExactly("a", "b", "c", "d");
        assertThat(server.takeRequest().getTarget()).isEqualTo("/api/v2/users?page%5Bsize%5D=2");
        assertThat(server.takeRequest().getTarget()).isEqualTo("/api/v2/users?page%5Bafter%5D=c1");
        assertThat(server.takeRequest().getTarget()).isEqualTo("/api/v2/users?page%5Bafter%5D=c2");
    }

    @Test
    void stopsOnHasMoreFalseEvenWithANextLink() {
        server.enqueue(json(200, page(false, origin + "/api/v2/users?page%5Bafter%5D=x", "a")));

        assertThat(client.paginate("/api/v2/users", this::zendeskPage).stream().count()).isEqualTo(1);
        assertThat(server.getRequestCount()).isEqualTo(1);
    }

    @Test
    void fetchesNothingUntilConsumed() {
        Paged<String> paged = client.paginate("/api/v2/users", this::zendeskPage);

        assertThat(paged).isNotNull();
        assertThat(server.getRequestCount()).isZero();
    }

    @Test
    void stopsEarlyWhenTheConsumerStops() {
        server.enqueue(json(200, page(true, "/api/v2/users?p=2", "a", "b", "c")));
        server.enqueue(json(200, page(false, null, "d")));

        List<String> firstTwo = client.paginate("/api/v2/users", this::zendeskPage).stream().limit(2)
                .collect(Collectors.toList());

        assertThat(firstTwo).containsExactly("a", "b");
        assertThat(server.getRequestCount()).isEqualTo(1);
    }

    @Test
    void pagesIteratorExposesEachPage() {
        server.enqueue(json(200, page(true, "/api/v2/users?p=2", "a")));
        server.enqueue(json(200, page(false, null)));

        Iterator<Page<String>> pages = client.paginate("/api/v2/users", this::zendeskPage).pages();

        assertThat(pages.next().items()).containsExactly("a");
        assertThat(pages.next().items()).isEmpty();
        assertThat(pages.hasNext()).isFalse();
    }

    @Test
    void detectsAPaginationLoop() {
        server.enqueue(json(200, page(true, "/api/v2/users?p=2", "a")));
        server.enqueue(json(200, page(true, origin + "/api/v2/users?p=2", "b")));

        assertThatThrownBy(() -> client.paginate("/api/v2/users", this::zendeskPage).stream().count())
                .isInstanceOf(InvalidResponseException.class)
                .hasMessageContaining("pagination loop");
        assertThat(server.getRequestCount()).isEqualTo(2);
    }

    @Test
    void detectsALinkBackToTheFirstPage() {
        server.enqueue(json(200, page(true, origin + "/api/v2/users", "a")));

        assertThatThrownBy(() -> client.paginate("/api/v2/users", this::zendeskPage).stream().count())
                .isInstanceOf(InvalidResponseException.class)
                .hasMessageContaining("pagination loop");
    }

    @Test
    void pageClaimingMoreWithoutANextLinkIsTruncated() {
        server.enqueue(json(200, page(true, null, "a")));

        assertThatThrownBy(() -> client.paginate("/api/v2/users", this::zendeskPage).stream().count())
                .isInstanceOf(InvalidResponseException.class)
                .hasMessageContaining("truncated");
    }

    @Test
    void refusesNextLinksToAnotherOrigin() {
        server.enqueue(json(200, page(true, "https://evil.example.com/api/v2/users?p=2", "a")));

        assertThatThrownBy(() -> client.paginate("/api/v2/users", this::zendeskPage).stream().count())
                .isInstanceOf(InvalidResponseException.class)
                .hasMessageContaining("another origin");
        assertThat(server.getRequestCount()).isEqualTo(1);
    }

    @Test
    void canBeConsumedOnlyOnce() {
        Paged<String> paged = Paged.of("zendesk", "/x", t -> Page.last(List.of("a")));

        assertThat(paged.stream().collect(Collectors.toList())).containsExactly("a");
        assertThatThrownBy(paged::pages).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void standalonePagingFollowsWhatTheFetcherReturns() {
        List<String> asked = new ArrayList<>();
        Paged<Integer> paged = Paged.of("talkdesk", "p1", t -> {
            asked.add(t);
            return t.equals("p1") ? Page.of(List.of(1, 2), Optional.of("p2")) : Page.of(List.of(3), Optional.empty());
        });

        assertThat(paged.stream().collect(Collectors.toList())).containsExactly(1, 2, 3);
        assertThat(asked).containsExactly("p1", "p2");
    }
}
