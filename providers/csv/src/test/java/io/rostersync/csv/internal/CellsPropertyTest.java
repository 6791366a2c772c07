package io.rostersync.csv.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** The escape scheme of {@link Cells} over seeded hostile strings, leading and trailing whitespace included. */
class CellsPropertyTest {

    private static final String[] PIECES = {"=", "+", "-", "@", "\t", "\r", "\n", " ", "'", "''", "\"", "a", "é", "😀", "\u00a0"};

    private static String hostile(Random random) {
        StringBuilder sb = new StringBuilder();
        for (int i = random.nextInt(8); i > 0; i--) {
            sb.append(PIECES[random.nextInt(PIECES.length)]);
        }
        return sb.toString();
    }

    private static boolean runs(String cell) {
        String t = cell.strip();
        return (!cell.isEmpty() && "=+-@\t\r".indexOf(cell.charAt(0)) >= 0) || (!t.isEmpty() && "=+-@".indexOf(t.charAt(0)) >= 0);
    }

    @Test
    void escapedValuesReadBackTrimmedAndNeverRunAsFormulas() {
        Random random = new Random(0xCE115L);
        for (int i = 0; i < 50_000; i++) {
            String v = hostile(random);
            String cell = Cells.escape(v);
            assertThat(Cells.value(cell)).as("value(escape(%s))", v).isEqualTo(v.strip());
            assertThat(runs(cell)).as("escape(%s) = %s", v, cell).isFalse();
        }
    }

    @Test
    void keptCellsAreMadeSafeWithoutChangingTheirMeaning() {
        Random random = new Random(0xCE116L);
        for (int i = 0; i < 50_000; i++) {
            String c = hostile(random);
            String safe = Cells.neutralise(c);
            assertThat(Cells.value(safe)).as("value(neutralise(%s))", c).isEqualTo(Cells.value(c));
            assertThat(runs(safe)).as("neutralise(%s) = %s", c, safe).isFalse();
            assertThat(Cells.neutralise(safe)).as("idempotent on %s", c).isEqualTo(safe);
            if (!runs(c)) {
                assertThat(safe).as("a safe cell is kept as it is").isSameAs(c);
            }
        }
    }
}
