package io.rostersync.internal.index;

import io.rostersync.model.NativeId;
import io.rostersync.model.UserRecord;
import io.rostersync.spi.MatchKey;
import io.rostersync.spi.internal.LinkIndex;
import java.util.List;

/**
 * Puts target accounts into the {@link TargetTable} and the {@link KeyTable}s in blocks, each step for the
 * whole block before the next. The steps of one account are a chain of cache misses (record, id, its text,
 * the link slot, the link, the profile, the key's value and its bytes), and the processor overlaps the misses
 * of different accounts only when they are close together in the instruction stream: a loop that takes one
 * account through every step per turn waits for each miss in turn. This took the target read of a million
 * accounts from about 400 to about 250 ms. A block is small enough for what its steps bring in to stay in the
 * cache until its last step. Single use, like the index it fills.
 */
final class TargetRead {

    private static final int BLOCK = 256;

    private final LinkIndex links;
    private final TargetTable targets;
    private final List<MatchKey> keys;
    private final List<KeyTable> keyTables;
    private final UserRecord[] records = new UserRecord[BLOCK];
    private final NativeId[] ids = new NativeId[BLOCK];
    private final int[] positions = new int[BLOCK];
    private final int[] entries = new int[BLOCK];
    private final String[] values = new String[BLOCK];
    /** Kept so that the compiler keeps the reads that only bring objects into the cache. */
    private int touched;

    TargetRead(LinkIndex links, TargetTable targets, List<MatchKey> keys, List<KeyTable> keyTables) {
        this.links = links;
        this.targets = targets;
        this.keys = keys;
        this.keyTables = keyTables;
    }

    /** Adds the accounts in read order; an account already here (a page repeated by the directory) is skipped. */
    void add(List<UserRecord> users) {
        for (int from = 0; from < users.size(); from += BLOCK) {
            int n = Math.min(users.size(), from + BLOCK) - from;
            for (int i = 0; i < n; i++) {
                records[i] = users.get(from + i);
                ids[i] = records[i].id();
            }
            links.positionsOfTargets(ids, n, positions);
            int touch = 0;
            for (int i = 0; i < n; i++) {
                entries[i] = targets.add(records[i], positions[i]);
                touch += records[i].profile().email().isPresent() ? 1 : 0; // the profile every key reads from
            }
            for (int k = 0; k < keys.size(); k++) {
                MatchKey key = keys.get(k);
                for (int i = 0; i < n; i++) {
                    values[i] = entries[i] < 0 ? null : key.targetValue(records[i]).orElse(null);
                }
                for (int i = 0; i < n; i++) {
                    touch += values[i] == null ? 0 : values[i].length(); // the value's text and the start of its bytes
                }
                KeyTable table = keyTables.get(k);
                for (int i = 0; i < n; i++) {
                    if (values[i] != null) {
                        table.addTarget(entries[i], values[i]);
                    }
                }
            }
            touched += touch;
        }
    }
}
