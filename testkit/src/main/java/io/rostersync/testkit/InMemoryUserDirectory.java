package io.rostersync.testkit;

import io.rostersync.model.Cursor;
import io.rostersync.model.EmailAddress;
import io.rostersync.model.NativeId;
import io.rostersync.model.UserPatch;
import io.rostersync.model.UserProfile;
import io.rostersync.model.UserRecord;
import io.rostersync.model.UserStatus;
import io.rostersync.spi.Capability;
import io.rostersync.spi.CreateOptions;
import io.rostersync.spi.FailureKind;
import io.rostersync.spi.InvalidConfigurationException;
import io.rostersync.spi.TransientException;
import io.rostersync.spi.UnsupportedCapabilityException;
import io.rostersync.spi.UserDirectory;
import io.rostersync.spi.UserPage;
import io.rostersync.spi.UserPages;
import io.rostersync.spi.ValidationException;
import io.rostersync.spi.WriteFailure;
import io.rostersync.spi.WriteResult;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * A {@link UserDirectory} in memory, for tests, demos and as the reference a host's own directory is
 * compared with. Thread-safe. Capabilities can be switched off, failures injected per user or after a
 * number of writes, and reads cut off mid-way, so the engine's fault handling can be tested offline.
 *
 * <p>Emails and usernames are unique (case-insensitive) like in most real directories: creating an account
 * with a taken email or username fails with {@link FailureKind#ALREADY_EXISTS} and changes nothing (the
 * holder is never returned as created), and {@link #findExisting} names the holders; changing an account
 * to a taken one fails with {@link FailureKind#CONFLICT}. Every write appends to a change log, which is
 * what incremental reads replay.
 *
 * @since 0.1.0
 */
public final class InMemoryUserDirectory implements UserDirectory {

    private final String name;
    private final Set<Capability> capabilities;
    private final int pageSize;
    private final int maxBatch;
    private final String idPrefix;
    private final Clock clock;
    private final boolean uniqueEmails;
    private final boolean uniqueUsernames;

    private final TreeMap<NativeId, UserRecord> users = new TreeMap<>();
    private final Map<EmailAddress, NativeId> byEmail = new HashMap<>();
    /** By {@code Username.matchKey()}: a create checks its username in constant time, not by a scan. */
    private final Map<String, NativeId> byUsername = new HashMap<>();
    /** Change log: sequence number to changed id (a removed id maps to a record-less entry). */
    private final TreeMap<Long, NativeId> changes = new TreeMap<>();
    private final Map<NativeId, Long> lastChange = new HashMap<>();
    private long sequence;
    private long nextId = 1;

    private final Map<String, WriteFailure> failingUsers = new HashMap<>();
    private int writesBeforeCrash = -1;
    private int pagesBeforeReadFailure = -1;
    private int writeCount;
    private int readCalls;
    private int lookUpCalls;
    private final List<Integer> batchSizes = new ArrayList<>();
    private final List<CreateOptions> createOptions = new ArrayList<>();

    private InMemoryUserDirectory(Builder b) {
        this.name = b.name;
        this.capabilities = Set.copyOf(b.capabilities);
        this.pageSize = b.pageSize;
        this.maxBatch = b.maxBatch;
        this.idPrefix = b.idPrefix;
        this.clock = b.clock;
        this.uniqueEmails = b.uniqueEmails;
        this.uniqueUsernames = b.uniqueUsernames;
    }

    /**
     * A directory with every capability, 100 users per page, batches of 50.
     *
     * @param name the directory's name
     * @return the directory
     */
    public static InMemoryUserDirectory create(String name) {
        return builder(name).build();
    }

    /**
     * A builder with every capability, 100 users per page, batches of 50 and unique emails and usernames.
     *
     * @param name the directory's name, also the source of its ids' prefix
     * @return a new builder
     */
    public static Builder builder(String name) {
        return new Builder(name);
    }

    // ---- seeding and inspection (no capability checks, no failure injection) --------------------

    /**
     * Adds an account as if it had always been there, returning its record.
     *
     * @param profile what to store
     * @return the stored record, with a new id
     */
    public synchronized UserRecord add(UserProfile profile) {
        NativeId id = NativeId.of(idPrefix + nextId++);
        return put(new UserRecord(id, profile, Optional.of(clock.instant())));
    }

    /**
     * Puts a record with its own id, replacing any account with that id.
     *
     * @param record the record to store
     * @return the record
     */
    public synchronized UserRecord put(UserRecord record) {
        UserRecord old = users.put(record.id(), record);
        if (old != null) {
            old.email().ifPresent(byEmail::remove);
            old.username().ifPresent(u -> byUsername.remove(u.matchKey(), old.id()));
        }
        record.email().ifPresent(e -> byEmail.put(e, record.id()));
        record.username().ifPresent(u -> byUsername.put(u.matchKey(), record.id()));
        logChange(record.id());
        return record;
    }

    /**
     * Removes an account without counting a write (as if deleted by someone else).
     *
     * @param id the account's id; an unknown id is ignored
     */
    public synchronized void remove(NativeId id) {
        UserRecord old = users.remove(id);
        if (old != null) {
            old.email().ifPresent(byEmail::remove);
            old.username().ifPresent(u -> byUsername.remove(u.matchKey(), old.id()));
            logChange(id);
        }
    }

    /**
     * Puts several records with their own ids, as {@link #put} does.
     *
     * @param records the records
     */
    public synchronized void addAll(Collection<UserRecord> records) {
        records.forEach(this::put);
    }

    /**
     * Every account, sorted by id.
     *
     * @return a snapshot of the accounts
     */
    public synchronized List<UserRecord> all() {
        return List.copyOf(users.values());
    }

    /**
     * How many accounts there are.
     *
     * @return the number of accounts
     */
    public synchronized int size() {
        return users.size();
    }

    /**
     * The account with this email.
     *
     * @param email the email as written
     * @return the account, or empty when there is none or the text is not an email
     */
    public synchronized Optional<UserRecord> findByEmail(String email) {
        return EmailAddress.parse(email).map(byEmail::get).map(users::get);
    }

    /**
     * Every account with this email (more than one only when emails are not unique).
     *
     * @param email the email as written
     * @return the accounts, sorted by id
     */
    public synchronized List<UserRecord> allWithEmail(String email) {
        Optional<EmailAddress> e = EmailAddress.parse(email);
        return users.values().stream().filter(u -> u.email().equals(e)).toList();
    }

    /**
     * Successful and failed writes attempted so far.
     *
     * @return the number of writes
     */
    public synchronized int writeCount() {
        return writeCount;
    }

    /**
     * The options of every successful {@link #create} so far, in order (to check that creates were silent).
     *
     * @return the options, in order
     */
    public synchronized List<CreateOptions> createOptions() {
        return List.copyOf(createOptions);
    }

    /**
     * Sizes of the {@link #createAll} and {@link #updateAll} calls so far, in order.
     *
     * @return the sizes, in order
     */
    public synchronized List<Integer> batchSizes() {
        return List.copyOf(batchSizes);
    }

    /**
     * Calls to {@link #readAll()} and {@link #readChanges(Cursor)} so far.
     *
     * @return the number of reads started
     */
    public synchronized int readCalls() {
        return readCalls;
    }

    // ---- fault injection ------------------------------------------------------------------------

    /**
     * Every write for the account with this email or id fails with {@code kind}.
     *
     * @param emailOrId the account's email or id
     * @param kind      the failure's kind
     * @return this directory
     */
    public synchronized InMemoryUserDirectory failWritesFor(String emailOrId, FailureKind kind) {
        failingUsers.put(faultKey(emailOrId), WriteFailure.of(kind, "injected failure for " + emailOrId));
        return this;
    }

    /** An email as the model keys it (NFC, ASCII case folded only), or an id as it is. */
    private static String faultKey(String emailOrId) {
        return EmailAddress.parse(emailOrId).map(EmailAddress::value).orElse(emailOrId);
    }

    /**
     * After {@code k} more writes, every write throws, as if the process or network died.
     *
     * @param k writes that still succeed
     * @return this directory
     */
    public synchronized InMemoryUserDirectory crashAfterWrites(int k) {
        writesBeforeCrash = k;
        return this;
    }

    /**
     * Reads throw a transient error after {@code pages} pages, as if the connection dropped mid-read.
     *
     * @param pages pages that still read
     * @return this directory
     */
    public synchronized InMemoryUserDirectory failReadsAfterPages(int pages) {
        pagesBeforeReadFailure = pages;
        return this;
    }

    /**
     * Removes every injected fault.
     *
     * @return this directory
     */
    public synchronized InMemoryUserDirectory heal() {
        failingUsers.clear();
        writesBeforeCrash = -1;
        pagesBeforeReadFailure = -1;
        return this;
    }

    // ---- UserDirectory --------------------------------------------------------------------------

    @Override
    public String name() {
        return name;
    }

    @Override
    public Set<Capability> capabilities() {
        return capabilities;
    }

    @Override
    public synchronized UserPages readAll() {
        require(Capability.READ);
        readCalls++;
        List<UserRecord> snapshot = List.copyOf(users.values());
        Optional<Cursor> cursorAtStart = Optional.of(cursorAt(sequence));
        return pages(snapshot, List.of(), cursorAtStart);
    }

    @Override
    public synchronized UserPages readChanges(Cursor since) {
        require(Capability.INCREMENTAL_READ);
        readCalls++;
        long from = parseCursor(since);
        List<UserRecord> changed = new ArrayList<>();
        List<NativeId> removed = new ArrayList<>();
        Set<NativeId> seen = new LinkedHashSet<>(changes.tailMap(from, false).values());
        for (NativeId id : seen) {
            UserRecord r = users.get(id);
            if (r != null) {
                changed.add(r);
            } else {
                removed.add(id);
            }
        }
        return pages(changed, removed, Optional.of(cursorAt(sequence)));
    }

    private UserPages pages(List<UserRecord> records, List<NativeId> removed, Optional<Cursor> finalCursor) {
        int failAfter = pagesBeforeReadFailure;
        return new UserPages() {
            private int offset;
            private int served;
            private boolean removedServed;

            @Override
            public Optional<UserPage> next() {
                if (offset >= records.size() && removedServed) {
                    return Optional.empty();
                }
                if (failAfter >= 0 && served >= failAfter) {
                    throw new TransientException(name + ": connection reset while reading page " + (served + 1));
                }
                int end = Math.min(records.size(), offset + pageSize);
                List<UserRecord> page = records.subList(offset, end);
                offset = end;
                served++;
                boolean last = offset >= records.size();
                List<NativeId> gone = last ? removed : List.of();
                if (last) {
                    removedServed = true;
                }
                return Optional.of(new UserPage(page, gone, List.of(), last ? finalCursor : Optional.empty()));
            }
        };
    }

    @Override
    public synchronized Optional<UserRecord> get(NativeId id) {
        require(Capability.READ);
        return Optional.ofNullable(users.get(id));
    }

    /**
     * The accounts with one of the ids, emails or usernames asked for (usernames ignoring case, as
     * {@link io.rostersync.model.Username#matchKey()}), sorted by id; and, as removed, the ids asked for that this
     * directory held once and has removed since ({@link #remove} or a delete), as {@link #readChanges} reports them.
     */
    @Override
    public synchronized io.rostersync.spi.UserLookupResult lookUp(io.rostersync.spi.UserLookup lookup) {
        require(Capability.LOOKUP);
        lookUpCalls++;
        Set<NativeId> removed = new java.util.TreeSet<>();
        for (NativeId id : lookup.ids()) {
            if (!users.containsKey(id) && lastChange.containsKey(id)) {
                removed.add(id);
            }
        }
        return new io.rostersync.spi.UserLookupResult(users.values().stream().filter(lookup::wants).toList(), removed);
    }

    /**
     * Calls to {@link #lookUp} so far.
     *
     * @return the number of look-ups
     */
    public synchronized int lookUpCalls() {
        return lookUpCalls;
    }

    @Override
    public synchronized WriteResult create(UserProfile profile, CreateOptions options) {
        require(Capability.CREATE);
        Optional<WriteResult> injected = beforeWrite(profile.email().map(EmailAddress::value).orElse(""), null);
        if (injected.isPresent()) {
            return injected.get();
        }
        if (uniqueEmails && profile.email().isPresent() && byEmail.containsKey(profile.email().get())) {
            return WriteResult.failed(WriteFailure.of(FailureKind.ALREADY_EXISTS,
                    "email " + profile.email().get() + " is already taken", "duplicate_email"));
        }
        if (uniqueUsernames && profile.username().isPresent() && usernameHolder(profile.username().get().matchKey(), null).isPresent()) {
            return WriteResult.failed(WriteFailure.of(FailureKind.ALREADY_EXISTS,
                    "username " + profile.username().get() + " is already taken", "duplicate_username"));
        }
        createOptions.add(options);
        return WriteResult.stored(add(profile));
    }

    /**
     * The accounts whose email equals the profile's, or whose username equals it ignoring case, sorted by id:
     * the candidates a create refused with {@link FailureKind#ALREADY_EXISTS} met.
     */
    @Override
    public synchronized List<UserRecord> findExisting(UserProfile profile) {
        require(Capability.READ);
        Optional<String> username = profile.username().map(u -> u.matchKey());
        return users.values().stream()
                .filter(u -> (profile.email().isPresent() && profile.email().equals(u.email()))
                        || (username.isPresent() && username.equals(u.username().map(n -> n.matchKey()))))
                .toList();
    }

    private Optional<UserRecord> usernameHolder(String matchKey, @Nullable NativeId except) {
        NativeId holder = byUsername.get(matchKey);
        if (holder != null && !holder.equals(except)) {
            return Optional.ofNullable(users.get(holder));
        }
        // Records put with a username another record holds share a key; the map keeps only one of them.
        return holder == null ? Optional.empty() : users.values().stream()
                .filter(u -> !u.id().equals(except) && u.username().map(n -> n.matchKey()).filter(matchKey::equals).isPresent())
                .findFirst();
    }

    @Override
    public synchronized WriteResult update(NativeId id, UserPatch patch) {
        require(Capability.UPDATE);
        return change(id, r -> {
            UserProfile next = patch.applyTo(r.profile());
            if (uniqueEmails && next.email().isPresent() && !next.email().equals(r.email())) {
                NativeId holder = byEmail.get(next.email().get());
                if (holder != null && !holder.equals(id)) {
                    return WriteResult.failed(WriteFailure.of(FailureKind.CONFLICT, "email " + next.email().get() + " is already taken"));
                }
            }
            if (uniqueUsernames && next.username().isPresent() && !next.username().equals(r.username())
                    && usernameHolder(next.username().get().matchKey(), id).isPresent()) {
                return WriteResult.failed(WriteFailure.of(FailureKind.CONFLICT, "username " + next.username().get() + " is already taken"));
            }
            return WriteResult.stored(put(new UserRecord(id, next, Optional.of(clock.instant()))));
        });
    }

    @Override
    public synchronized WriteResult deactivate(NativeId id) {
        require(Capability.DEACTIVATE);
        return change(id, r -> WriteResult.stored(put(withStatus(r, UserStatus.INACTIVE))));
    }

    @Override
    public synchronized WriteResult reactivate(NativeId id) {
        require(Capability.REACTIVATE);
        return change(id, r -> WriteResult.stored(put(withStatus(r, UserStatus.ACTIVE))));
    }

    @Override
    public synchronized WriteResult delete(NativeId id) {
        require(Capability.DELETE);
        return change(id, r -> {
            remove(id);
            return WriteResult.stored(r);
        });
    }

    @Override
    public synchronized List<WriteResult> createAll(List<UserProfile> profiles, CreateOptions options) {
        require(Capability.BATCH_WRITE);
        requireBatchSize(profiles.size());
        batchSizes.add(profiles.size());
        return UserDirectory.super.createAll(profiles, options);
    }

    @Override
    public synchronized List<WriteResult> updateAll(List<io.rostersync.spi.UpdateRequest> updates) {
        require(Capability.BATCH_WRITE);
        requireBatchSize(updates.size());
        batchSizes.add(updates.size());
        return UserDirectory.super.updateAll(updates);
    }

    private void requireBatchSize(int size) {
        if (size > maxBatch) {
            throw new ValidationException(name + " accepts at most " + maxBatch + " per batch, got " + size);
        }
    }

    @Override
    public int maxBatchSize() {
        return capabilities.contains(Capability.BATCH_WRITE) ? maxBatch : 1;
    }

    private WriteResult change(NativeId id, java.util.function.Function<UserRecord, WriteResult> op) {
        UserRecord r = users.get(id);
        Optional<WriteResult> injected = beforeWrite(r == null ? "" : r.email().map(EmailAddress::value).orElse(""), id);
        if (injected.isPresent()) {
            return injected.get();
        }
        if (r == null) {
            return WriteResult.failed(FailureKind.NOT_FOUND, "no account " + id + " in " + name);
        }
        return op.apply(r);
    }

    private Optional<WriteResult> beforeWrite(String email, @Nullable NativeId id) {
        writeCount++;
        if (writesBeforeCrash == 0) {
            throw new TransientException(name + ": injected crash before write " + writeCount);
        }
        if (writesBeforeCrash > 0) {
            writesBeforeCrash--;
        }
        WriteFailure f = failingUsers.get(faultKey(email));
        if (f == null && id != null) {
            f = failingUsers.get(faultKey(id.value()));
        }
        return Optional.ofNullable(f).map(WriteResult::failed);
    }

    private UserRecord withStatus(UserRecord r, UserStatus status) {
        return new UserRecord(r.id(), r.profile().toBuilder().status(status).build(), Optional.of(clock.instant()));
    }

    private void logChange(NativeId id) {
        Long previous = lastChange.put(id, ++sequence);
        if (previous != null) {
            changes.remove(previous);
        }
        changes.put(sequence, id);
    }

    private static Cursor cursorAt(long seq) {
        return Cursor.of("seq:" + seq);
    }

    private long parseCursor(Cursor cursor) {
        String v = cursor.value();
        if (!v.startsWith("seq:")) {
            throw new InvalidConfigurationException("not a cursor of " + name + ": " + v);
        }
        try {
            return Long.parseLong(v.substring(4));
        } catch (NumberFormatException e) {
            throw new InvalidConfigurationException("not a cursor of " + name + ": " + v);
        }
    }

    private void require(Capability c) {
        if (!capabilities.contains(c)) {
            throw new UnsupportedCapabilityException(name, c);
        }
    }

    @Override
    public String toString() {
        return "InMemoryUserDirectory[" + name + ", " + users.size() + " users]";
    }

    /** Builder. */
    public static final class Builder {
        private final String name;
        private final EnumSet<Capability> capabilities = EnumSet.allOf(Capability.class);
        private int pageSize = 100;
        private int maxBatch = 50;
        private String idPrefix;
        private Clock clock = Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC);
        private boolean uniqueEmails = true;
        private boolean uniqueUsernames = true;

        private Builder(String name) {
            this.name = Objects.requireNonNull(name, "name");
            this.idPrefix = name.replaceAll("[^A-Za-z0-9]", "") + "-";
        }

        /**
         * Removes capabilities.
         *
         * @param off the capabilities the directory will not declare
         * @return this builder
         */
        public Builder without(Capability... off) {
            for (Capability c : off) {
                capabilities.remove(c);
            }
            return this;
        }

        /**
         * Sets the number of accounts per page.
         *
         * @param value at least 1
         * @return this builder
         * @throws IllegalArgumentException if the value is less than 1
         */
        public Builder pageSize(int value) {
            if (value < 1) {
                throw new IllegalArgumentException("page size must be positive");
            }
            pageSize = value;
            return this;
        }

        /**
         * Sets the largest batch {@link #createAll} and {@link #updateAll} accept.
         *
         * @param value at least 1
         * @return this builder
         * @throws IllegalArgumentException if the value is less than 1
         */
        public Builder maxBatchSize(int value) {
            if (value < 1) {
                throw new IllegalArgumentException("batch size must be positive");
            }
            maxBatch = value;
            return this;
        }

        /**
         * Sets the prefix of the ids the directory gives.
         *
         * @param value the prefix
         * @return this builder
         */
        public Builder idPrefix(String value) {
            idPrefix = Objects.requireNonNull(value, "idPrefix");
            return this;
        }

        /**
         * Sets the clock that stamps {@code updatedAt}.
         *
         * @param value the clock
         * @return this builder
         */
        public Builder clock(Clock value) {
            clock = Objects.requireNonNull(value, "clock");
            return this;
        }

        /**
         * Whether a second account with a taken email is refused (the default). Off, the directory lets
         * duplicates in, which is what tests proving "no duplicate accounts" need.
         *
         * @param value {@code false} to let duplicates in
         * @return this builder
         */
        public Builder uniqueEmails(boolean value) {
            uniqueEmails = value;
            return this;
        }

        /**
         * Whether a second account with a taken username (ignoring case) is refused (the default).
         *
         * @param value {@code false} to let duplicates in
         * @return this builder
         */
        public Builder uniqueUsernames(boolean value) {
            uniqueUsernames = value;
            return this;
        }

        /**
         * Builds the directory.
         *
         * @return the directory, empty
         */
        public InMemoryUserDirectory build() {
            return new InMemoryUserDirectory(this);
        }
    }
}
