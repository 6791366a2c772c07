package io.rostersync.salesforce.cdc.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import org.junit.jupiter.api.Test;

class PositionsTest {

    private static ByteString id(int n) {
        return ByteString.copyFrom(new byte[] {0, 0, 0, 0, 0, 0, 0, (byte) n});
    }

    @Test
    void givesTheNewestIdWhoseHintsAreFlushedAndKeepsTheRest() {
        Positions p = new Positions();
        p.add(1, id(1));
        p.add(2, id(2));
        p.add(3, id(3));

        assertThat(p.takeFlushed(mark -> mark <= 2)).contains(id(2));
        assertThat(p.takeFlushed(mark -> mark <= 2)).isEmpty();
        assertThat(p.takeFlushed(mark -> mark <= 3)).contains(id(3));
        assertThat(p.isEmpty()).isTrue();
    }

    @Test
    void neverSkipsAnUnflushedIdEvenIfALaterOneIsFlushed() {
        Positions p = new Positions();
        p.add(5, id(1));
        p.add(6, id(2));

        assertThat(p.takeFlushed(mark -> mark == 6)).as("id 1 waits for mark 5").isEmpty();
    }

    @Test
    void idsUnderTheSameMarkCollapseIntoTheLatest() {
        Positions p = new Positions();
        p.add(4, id(1));
        p.add(4, id(2));
        p.add(4, id(3));

        assertThat(p.size()).isEqualTo(1);
        assertThat(p.takeFlushed(mark -> true)).contains(id(3));
    }

    @Test
    void staysBoundedByDelayingNotSkipping() {
        Positions p = new Positions();
        for (int i = 1; i <= Positions.MAX + 10; i++) {
            p.add(i, id(i % 100));
        }

        assertThat(p.size()).isEqualTo(Positions.MAX);
        assertThat(p.takeFlushed(mark -> mark <= 5)).as("the oldest ids merged into later ones").isEmpty();
    }
}
