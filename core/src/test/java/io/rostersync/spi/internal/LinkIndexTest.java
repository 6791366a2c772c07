package io.rostersync.spi.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.rostersync.model.NativeId;
import io.rostersync.spi.Link;
import io.rostersync.spi.Links;
import java.util.ArrayList;
import java.util.Arrays;
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

    /** Ids of equal length whose strings share one hash code ("Aa" and "BB" hash alike): 2^10 of them. */
    private static List<String> collidingIds(String prefix) {
        List<String> ids = new ArrayList<>();
        for (int bits = 0; bits < 1 << 10; bits++) {
            StringBuilder b = new StringBuilder(prefix);
            for (int i = 0; i < 10; i++) {
                b.append((bits & (1 << i)) == 0 ? "Aa" : "BB");
            }
            ids.add(b.toString());
        }
        return ids;
    }

    @Test
    void lookingUpManyIdsAtOnceFindsWhatOneAtATimeFindsEvenWhenTheirHashesCollide() {
        List<String> sources = collidingIds("s");
        List<String> targets = collidingIds("t");
        List<Link> given = new ArrayList<>();
        // Every other id is linked, so that an absent id shares its hash with linked ones (a candidate that
        // is not the id); ids of other lengths share nothing.
        for (int i = 0; i < sources.size(); i += 2) {
            given.add(link(sources.get(i), targets.get(sources.size() - 1 - i)));
        }
        for (int i = 0; i < 600; i++) {
            given.add(link("source-" + i, "target-" + i));
        }
        LinkIndex index = LinksAccess.index(Links.of(given));
        List<NativeId> asked = new ArrayList<>();
        for (int i = 0; i < sources.size(); i++) {
            asked.add(NativeId.of(sources.get(i)));
            asked.add(NativeId.of(targets.get(i)));
        }
        for (int i = 0; i < 700; i++) { // 600 linked, 100 not
            asked.add(NativeId.of("source-" + i));
            asked.add(NativeId.of("target-" + i));
        }
        asked.add(NativeId.of("s"));
        NativeId[] ids = asked.toArray(new NativeId[0]);
        int[] bySource = new int[ids.length + 1];
        int[] byTarget = new int[ids.length + 1];
        bySource[ids.length] = 42;

        index.positionsOfSources(ids, ids.length, bySource);
        index.positionsOfTargets(ids, ids.length, byTarget);

        for (int i = 0; i < ids.length; i++) {
            assertThat(bySource[i]).as("source %s", ids[i]).isEqualTo(index.positionOfSource(ids[i]));
            assertThat(byTarget[i]).as("target %s", ids[i]).isEqualTo(index.positionOfTarget(ids[i]));
        }
        assertThat(bySource[ids.length]).as("beyond the count: untouched").isEqualTo(42);
        assertThat(Arrays.stream(bySource, 0, ids.length).filter(p -> p >= 0).count()).isEqualTo(512 + 600);
        assertThat(Arrays.stream(byTarget, 0, ids.length).filter(p -> p >= 0).count()).isEqualTo(512 + 600);
        assertThat(index.at(bySource[4])).isSameAs(given.get(1));
        assertThat(bySource[1]).as("a target id is no source id").isEqualTo(-1);
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
