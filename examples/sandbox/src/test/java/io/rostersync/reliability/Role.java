package io.rostersync.reliability;

/** Which side of the sync the directory under test is on. */
enum Role {
    SOURCE, TARGET
}
