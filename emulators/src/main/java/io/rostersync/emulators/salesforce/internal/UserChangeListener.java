package io.rostersync.emulators.salesforce.internal;

import java.util.List;

/** Told of every committed transaction that changed users, while the {@link OrgStore}'s monitor is held. */
@FunctionalInterface
public interface UserChangeListener {

    /**
     * The user changes of one committed transaction, in order; never empty. Must not call back into the store's
     * lock-taking methods from another thread while blocking this one.
     */
    void committed(List<UserChange> changes);
}
