package io.rostersync.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.rostersync.model.NativeId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class LinksTest {

    private static Link link(String source, String target) {
        return Link.of(NativeId.of(source), NativeId.of(target));
    }

    @Test
    void findsEachLinkFromEitherSideAndKeepsTheGivenOrder() {
        List<Link> given = new ArrayList<>();
        for (int i = 0; i < 5_000; i++) {
            given.add(link("s" + i, "t" + (4_999 - i)));
        }
        Links links = Links.of(given);

        assertThat(links.size()).isEqualTo(5_000);
        assertThat(links.all()).containsExactlyElementsOf(given);
        for (int i = 0; i < given.size(); i++) {
            Link l = given.get(i);
            assertThat(links.bySource(l.sourceId())).contains(l);
            assertThat(links.byTarget(l.targetId())).contains(l);
        }
        assertThat(links.bySource(NativeId.of("t1"))).isEmpty();
        assertThat(links.byTarget(NativeId.of("s1"))).isEmpty();
        assertThat(links.bySource(NativeId.of("nobody"))).isEmpty();
    }

    @Test
    void refusesASourceOrTargetLinkedTwiceAndNullLinks() {
        assertThatThrownBy(() -> Links.of(List.of(link("a", "1"), link("a", "2"))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("source a is linked twice");
        assertThatThrownBy(() -> Links.of(List.of(link("a", "1"), link("b", "1"))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("target 1 is linked to two sources");
        assertThatThrownBy(() -> Links.of(Arrays.asList(link("a", "1"), null)))
                .isInstanceOf(NullPointerException.class);
    }

    @Test
    void isImmutable() {
        List<Link> given = new ArrayList<>(List.of(link("a", "1")));
        Links links = Links.of(given);
        given.add(link("b", "2"));

        assertThat(links.size()).isEqualTo(1);
        assertThatThrownBy(() -> links.all().add(link("c", "3"))).isInstanceOf(UnsupportedOperationException.class);
        assertThat(Links.empty().all()).isEmpty();
    }
}
