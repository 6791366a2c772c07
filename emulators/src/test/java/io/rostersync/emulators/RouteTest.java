package io.rostersync.emulators;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class RouteTest {

    @Test
    void literalSegmentsMatchOnlyThemselves() {
        Route r = Route.of("GET", "/api/v2/users");

        assertThat(r.matches("GET", "/api/v2/users")).isTrue();
        assertThat(r.matches("GET", "/api/v2/users?page=2")).as("the query is ignored").isTrue();
        assertThat(r.matches("GET", "/api/v2/users/")).as("a trailing slash is the same path").isTrue();
        assertThat(r.matches("GET", "/api/v2/users/1")).isFalse();
        assertThat(r.matches("GET", "/api/v2")).isFalse();
        assertThat(r.matches("POST", "/api/v2/users")).isFalse();
        assertThat(r.matches("get", "/api/v2/users")).as("methods compare without case").isTrue();
    }

    @Test
    void aStarMatchesExactlyOneSegment() {
        Route r = Route.of("PUT", "/api/v2/users/*");

        assertThat(r.matches("PUT", "/api/v2/users/42")).isTrue();
        assertThat(r.matches("PUT", "/api/v2/users")).isFalse();
        assertThat(r.matches("PUT", "/api/v2/users/42/identities")).isFalse();
        assertThat(Route.of("GET", "/a/*/c").matches("GET", "/a/b/c")).isTrue();
    }

    @Test
    void aTrailingDoubleStarMatchesTheRestNoneIncluded() {
        Route r = Route.of("*", "/scim/v2/Users/**");

        assertThat(r.matches("GET", "/scim/v2/Users")).isTrue();
        assertThat(r.matches("DELETE", "/scim/v2/Users/7")).isTrue();
        assertThat(r.matches("PATCH", "/scim/v2/Users/7/x")).isTrue();
        assertThat(r.matches("GET", "/scim/v2/Groups")).isFalse();
        assertThat(Route.any().matches("OPTIONS", "/")).isTrue();
    }

    @Test
    void methodIsNormalisedToUpperCase() {
        assertThat(Route.of("patch", "/x")).isEqualTo(Route.of("PATCH", "/x"));
        assertThat(Route.of("patch", "/x")).hasToString("PATCH /x");
    }

    @Test
    void invalidRoutesAreRefusedWithWhatToDo() {
        assertThatThrownBy(() -> Route.of("GET", "users")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("starts with \"/\"");
        assertThatThrownBy(() -> Route.of("GET", "/a/**/b")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("last segment");
        assertThatThrownBy(() -> Route.of("", "/a")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("HTTP method");
        assertThatThrownBy(() -> Route.of("GE T", "/a")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void overlapsWhenSomeRequestIsOnBoth() {
        Route list = Route.of("GET", "/scim/v2/Users");

        assertThat(Route.any().overlaps(list)).isTrue();
        assertThat(Route.of("*", "/scim/v2/Users/**").overlaps(list)).isTrue();
        assertThat(Route.of("GET", "/scim/v2/*").overlaps(list)).isTrue();
        assertThat(Route.of("POST", "/scim/v2/Users").overlaps(list)).isFalse();
        assertThat(Route.of("GET", "/scim/v2/Users/*").overlaps(list)).isFalse();
        assertThat(list.overlaps(Route.of("GET", "/scim/v2/Groups"))).isFalse();
    }
}
