package io.rostersync.internal.index;

import io.rostersync.model.NativeId;
import io.rostersync.model.UserRecord;
import io.rostersync.spi.internal.LinkIndex;
import java.util.List;

/**
 * Puts target accounts into the {@link TargetTable} in blocks, each step for the whole block before the
 * next. The steps of one account are a chain of cache misses (record, id, its text, the link slot, the link,
 * its id and text), and the processor overlaps the misses of different accounts only when they are close
 * together in the instruction stream: a loop that takes one account through every step per turn waits for
 * each miss in turn. A block is small enough for what its steps bring in to stay in the cache until its
 * last step. The accounts' key values are not read here: the source pass reads a linked account's values
 * where it compares them with its source user's (see {@link TargetIndex.SourcePage#registerKeys}), which
 * took a million-account plan's target read from about 330 to about 200 ms of CPU. Single use, like the
 * index it fills.
 */
final class TargetRead {

    private static final int BLOCK = 256;

    private final LinkIndex links;
    private final TargetTable targets;
    private final UserRecord[] records = new UserRecord[BLOCK];
    private final NativeId[] ids = new NativeId[BLOCK];
    private final int[] positions = new int[BLOCK];

    TargetRead(LinkIndex links, TargetTable targets) {
        this.links = links;
        this.targets = targets;
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
            for (int i = 0; i < n; i++) {
                targets.add(records[i], positions[i]);
            }
        }
    }
}
