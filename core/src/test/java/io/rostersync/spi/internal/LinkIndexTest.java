package io.rostersync.spi.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.rostersync.model.NativeId;
import io.rostersync.spi.Link;
import io.rostersync.spi.Links;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

class LinkIndexTest {

    private static Link link(String source, String target) {
        return Link.of(NativeId.of(source), NativeId.of(target));
    }

    @Test
    void thePlannerFindsEachLinkByPositionFromEitherSideInTheGivenOrder() {
        List<Link> given = new ArrayList<>();
        for (int i = 0; i < 5_000; i++) {
            given.add(link("s" + i, "t" + (4_999 - i)));
        }
        LinkIndex index = LinksAccess.index(Links.of(given));

        assertThat(index.size()).isEqualTo(5_000);
        for (int i = 0; i < given.size(); i++) {
            Link l = given.get(i);
            assertThat(index.positionOfSource(l.sourceId())).isEqualTo(i);
            assertThat(index.positionOfTarget(l.targetId())).isEqualTo(i);
            assertThat(index.at(i)).isSameAs(l);
        }
        assertThat(index.positionOfSource(NativeId.of("nobody"))).isEqualTo(-1);
        assertThat(index.positionOfTarget(NativeId.of("nobody"))).isEqualTo(-1);
        assertThat(index.positionOfSource(NativeId.of("t1"))).isEqualTo(-1);
        assertThat(index.positionOfTarget(NativeId.of("s1"))).isEqualTo(-1);
    }

    @Test
    void aPositionOutsideTheLinksIsRefused() {
        LinkIndex index = LinksAccess.index(Links.of(List.of(link("a", "1"))));

        assertThatThrownBy(() -> index.at(1)).isInstanceOf(IndexOutOfBoundsException.class);
        assertThatThrownBy(() -> index.at(-1)).isInstanceOf(IndexOutOfBoundsException.class);
        assertThat(LinksAccess.index(Links.empty()).size()).isZero();
    }

    @Test
    void theIndexIsBuiltOncePerSnapshot() {
        Links links = Links.of(List.of(link("a", "1")));

        assertThat(LinksAccess.index(links)).isSameAs(LinksAccess.index(links));
    }

    @Test
    void nobodyElseCanReplaceTheWayToTheIndex() {
        Links.empty();
        Function<Links, LinkIndex> other = l -> new LinkIndex(new Link[0]);

        assertThatThrownBy(() -> LinksAccess.install(other)).isInstanceOf(IllegalStateException.class);
    }
}
