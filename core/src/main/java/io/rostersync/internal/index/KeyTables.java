package io.rostersync.internal.index;

import io.rostersync.model.NativeId;
import io.rostersync.spi.MatchKey;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * One {@link KeyTable} per match key, filled lazily: an account's value is read in the source pass, where its
 * linked user's value is compared with it and the rest of its profile is read right after (a value read in
 * the target read would be out of the cache again by then), and the tables are completed (the values of the
 * accounts the pass did not reach read, everything indexed) before the first question. The values source
 * users hold wait, in read order, until then too. So every answer is the one an index filled in the target
 * read would give, whenever it is asked.
 */
final class KeyTables {

    private static final int BLOCK = 256;

    private final List<MatchKey> keys;
    private final TargetTable targets;
    private final List<KeyTable> tables = new ArrayList<>();
    /** Per key: the values some source user holds other than through its linked target's own value. */
    private final List<List<KeyTable.Holders>> otherHeld = new ArrayList<>();
    /** Key values source users hold, in read order, waiting to be filed with their holders. */
    private final List<Hold> holds = new ArrayList<>();
    /** Entries below this one have every key's value in its table's index. */
    private int complete;
    private final @Nullable String[] values = new String[BLOCK];

    /** The {@code key}th key's value held by a source user. */
    private record Hold(int key, String value, NativeId source) {
    }

    KeyTables(List<MatchKey> keys, TargetTable targets, int expectedTargets) {
        this.keys = keys;
        this.targets = targets;
        for (int k = 0; k < keys.size(); k++) {
            tables.add(new KeyTable(expectedTargets));
            otherHeld.add(new ArrayList<>());
        }
    }

    /**
     * Reads the values of the accounts at {@code entries} (-1 for none) not read yet, a block at a time and
     * each step for the whole block, as {@link TargetRead} does: a loop that reads one account's value per turn
     * waits for each miss of its chain (record, profile, value, its text) in turn.
     */
    void readValues(int[] entries, int count) {
        for (int k = 0; k < keys.size(); k++) {
            MatchKey key = keys.get(k);
            KeyTable table = tables.get(k);
            for (int from = 0; from < count; from += BLOCK) {
                int n = Math.min(count, from + BLOCK) - from;
                for (int i = 0; i < n; i++) {
                    int entry = entries[from + i];
                    values[i] = entry < 0 || table.isRead(entry) ? null : KeyValues.targetValue(key, targets.record(entry));
                }
                int touch = 0;
                for (int i = 0; i < n; i++) {
                    String value = values[i];
                    touch += value == null ? 0 : value.length(); // brings in the text and the start of its bytes
                }
                for (int i = 0; i < n; i++) {
                    int entry = entries[from + i];
                    if (entry >= 0 && !table.isRead(entry)) {
                        table.read(entry, values[i]);
                    }
                }
                touched += touch;
            }
        }
    }

    /** Kept so that the compiler keeps the reads that only bring objects into the cache. */
    private int touched;

    /** The account's own value of the {@code k}th key, read now if it was not yet. */
    @Nullable String ownValue(int k, int entry) {
        KeyTable table = tables.get(k);
        return table.isRead(entry) ? table.valueOf(entry) : table.read(entry, KeyValues.targetValue(keys.get(k), targets.record(entry)));
    }

    /** Notes that a source user holds a value of the {@code k}th key other than through its linked account's own. */
    void hold(int k, String value, NativeId source) {
        holds.add(new Hold(k, value, source));
    }

    /** The values of the {@code k}th key some source user holds other than through its linked account's own. */
    List<KeyTable.Holders> otherHeld(int k) {
        asked();
        return otherHeld.get(k);
    }

    /**
     * The tables, ready for questions: every account's value in the index (those the source pass did not read
     * are read now, in read order), then the values source users hold filed with their holders, in read order.
     */
    List<KeyTable> asked() {
        int size = targets.size();
        if (complete < size) {
            for (int k = 0; k < keys.size(); k++) {
                KeyTable table = tables.get(k);
                for (int entry = complete; entry < size; entry++) {
                    if (!table.isRead(entry)) {
                        table.read(entry, KeyValues.targetValue(keys.get(k), targets.record(entry)));
                    }
                }
                table.complete(size);
            }
            complete = size;
        }
        for (Hold hold : holds) {
            KeyTable.Holders holders = tables.get(hold.key()).holdersOf(hold.value());
            if (!holders.hasSources()) {
                otherHeld.get(hold.key()).add(holders);
            }
            holders.addSource(hold.source());
        }
        holds.clear();
        return tables;
    }
}
