package io.rostersync.csv;

import io.rostersync.csv.internal.AtomicFiles;
import io.rostersync.csv.internal.CsvRowReader;
import io.rostersync.csv.internal.RowCodec;
import io.rostersync.csv.internal.StreamedPages;
import io.rostersync.csv.internal.Table;
import io.rostersync.model.EmailAddress;
import io.rostersync.model.NativeId;
import io.rostersync.model.UserPatch;
import io.rostersync.model.UserProfile;
import io.rostersync.model.UserRecord;
import io.rostersync.model.UserStatus;
import io.rostersync.spi.Capability;
import io.rostersync.spi.ConflictException;
import io.rostersync.spi.CreateOptions;
import io.rostersync.spi.FailureKind;
import io.rostersync.spi.RosterSyncException;
import io.rostersync.spi.TransientException;
import io.rostersync.spi.UnsupportedCapabilityException;
import io.rostersync.spi.UpdateRequest;
import io.rostersync.spi.UserDirectory;
import io.rostersync.spi.UserPage;
import io.rostersync.spi.UserPages;
import io.rostersync.spi.WriteFailure;
import io.rostersync.spi.WriteResult;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link UserDirectory} over a CSV file: an HR export or bulk-import upload used as a source, or a team
 * list kept as CSV used as a target.
 *
 * <pre>{@code
 * // the uploaded file is the whole team: with an authoritative policy, anyone missing is deactivated
 * UserDirectory upload = CsvUserDirectory.builder()
 *         .input(CsvInput.bytes(uploadedBytes))
 *         .columns(CsvColumns.defaults())          // First Name, Last Name, Email, Role, Status, Campaigns
 *         .build();
 * }</pre>
 *
 * <h2>Reading</h2>
 * A read is a full snapshot of the file, streamed page by page ({@link Builder#pageSize(int)} rows per
 * page) with a streaming RFC 4180 parser; the file is never loaded into one list, and no cell longer than
 * a million characters is held (its row is reported). The header row is resolved
 * when {@link #readAll()} is called: a missing required column throws a {@link RosterSyncException}
 * ({@link FailureKind#INVALID_CONFIGURATION}) naming it, before any row is read. A row that cannot be read
 * (unparseable CSV, wrong number of cells, a missing or invalid email, a missing id, an unknown status,
 * a duplicate id or email, text that is not UTF-8) is skipped and reported as a
 * {@link io.rostersync.spi.ReadProblem} at its first physical line ({@code "line 17"}); reading goes on.
 * The engine then treats the snapshot as incomplete and deprovisions nobody for being absent, so the
 * authoritative "absent means deactivated" rule never fires on a half-read file. Rows whose cells are all
 * blank are skipped silently. Problem messages name the column and the fault, never the row's personal data.
 *
 * <h2>Ids</h2>
 * With an {@link CsvField#ID} column the id is that cell. Without one, the id is the normalised (trimmed,
 * lower-cased) email, so a person whose email changes in the file is a different account to the engine:
 * map an id column (an employee number) when emails change.
 *
 * <h2>Cells</h2>
 * Values are trimmed. Status is {@code Active}, {@code Inactive}, {@code Pending} or {@code Suspended}
 * (also {@code Enabled}, {@code Deactivated}, {@code Disabled}, {@code Invited}), case-insensitive; blank
 * is active. Roles and groups are split on {@link CsvColumns#valueSeparator()}. Without a status column
 * everyone is active. Formula-neutralising apostrophes written by {@link CsvExport} are removed on read.
 *
 * <h2>Writing</h2>
 * A directory built with {@link Builder#writable(WriteBack)} over a {@link Builder#file(Path) file} also
 * creates, updates, deactivates, reactivates and deletes. The file is loaded into memory on first use (a
 * file that does not exist yet is an empty team with the mapped headers) and written back atomically: the
 * whole file goes to a temporary file in the same folder, is forced to disk and moved over the original.
 * With {@link WriteBack#EACH_WRITE} that happens after every write call (once per batch for
 * {@link #createAll} and {@link #updateAll}), and a write whose write-back fails is undone in memory and
 * reported as failed. With {@link WriteBack#ON_FLUSH} nothing reaches the file until {@link #flush()}.
 * Columns the mapping does not know are kept as they were. Fields without a column are not stored (the
 * returned record shows what is). Rules: every account needs an email, emails are unique (a create with a
 * taken email fails with {@link FailureKind#ALREADY_EXISTS}, an update to one with {@link FailureKind#CONFLICT}),
 * and without an id column an email cannot change (it is the id).
 * A file with unreadable rows is never written back, because the rows would be lost: writes fail with
 * {@link FailureKind#INVALID_CONFIGURATION} until the file is fixed. If the file changed on disk since
 * it was loaded, pending changes are refused with {@link FailureKind#CONFLICT} rather than overwrite it;
 * with nothing pending the directory simply reloads it.
 *
 * <p>Thread-safe: every operation holds the directory's lock. Pages of a read-only directory stream from
 * the file and are not shared.
 *
 * @since 0.1.0
 */
public final class CsvUserDirectory implements UserDirectory {

    private static final Logger LOG = LoggerFactory.getLogger(CsvUserDirectory.class);
    private static final int MAX_BATCH = 500;

    /** When a writable directory writes its file. */
    public enum WriteBack {
        /** After every write call; the simplest and the safest for a host that does not call {@link #flush()}. */
        EACH_WRITE,
        /** Only on {@link #flush()}: many writes, one file write. Unflushed changes are lost with the process. */
        ON_FLUSH
    }

    private final String name;
    private final CsvInput input;
    private final Optional<Path> file;
    private final CsvColumns columns;
    private final int pageSize;
    private final Optional<WriteBack> writeBack;
    private final boolean bomForNewFile;
    private final Supplier<String> idGenerator;
    private final Set<Capability> capabilities;

    /** Loaded on first use. */
    private @Nullable Table table;
    private Optional<Stamp> loadedStamp = Optional.empty();
    private boolean dirty;

    private CsvUserDirectory(Builder b) {
        this.input = Objects.requireNonNull(b.input, "input"); // build() checked it
        this.file = b.file;
        this.columns = b.columns;
        this.pageSize = b.pageSize;
        this.writeBack = b.writeBack;
        this.bomForNewFile = b.bom;
        this.idGenerator = b.idGenerator;
        this.name = b.name.orElseGet(() -> "csv:" + b.file.map(p -> String.valueOf(p.getFileName())).orElse("input"));
        EnumSet<Capability> caps = EnumSet.of(Capability.READ, Capability.LOOKUP);
        if (writeBack.isPresent()) {
            caps.addAll(EnumSet.of(Capability.CREATE, Capability.UPDATE, Capability.DELETE, Capability.BATCH_WRITE));
            if (columns.header(CsvField.STATUS).isPresent()) {
                caps.add(Capability.DEACTIVATE);
                caps.add(Capability.REACTIVATE);
            }
        }
        this.capabilities = Collections.unmodifiableSet(caps);
    }

    /**
     * A builder; give it a {@link Builder#file(Path) file} or an {@link Builder#input(CsvInput) input}.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * A read-only directory over {@code file} with the default columns.
     *
     * @param file the CSV file; read on each {@code readAll}, not now
     * @return the directory
     */
    public static CsvUserDirectory readOnly(Path file) {
        return builder().file(file).build();
    }

    /**
     * A read-only directory over {@code input} with the default columns.
     *
     * @param input where the text comes from
     * @return the directory
     */
    public static CsvUserDirectory readOnly(CsvInput input) {
        return builder().input(input).build();
    }

    /**
     * The column mapping.
     *
     * @return the mapping the directory was built with
     */
    public CsvColumns columns() {
        return columns;
    }

    @Override
    public String name() {
        return name;
    }

    /**
     * {@link Capability#READ}; when writable also create, update, delete and batch writes, plus deactivate
     * and reactivate when a status column is mapped.
     */
    @Override
    public Set<Capability> capabilities() {
        return capabilities;
    }

    /**
     * Every row of the file, page by page.
     *
     * @throws RosterSyncException {@link FailureKind#INVALID_CONFIGURATION} when the file is missing or
     *                             empty, or its header lacks a required column; {@link FailureKind#TRANSIENT}
     *                             when reading fails (also from {@link UserPages#next()})
     */
    @Override
    public synchronized UserPages readAll() {
        if (writeBack.isEmpty()) {
            return new StreamedPages(CsvRowReader.open(input, columns, name), pageSize);
        }
        Table t = table();
        List<UserRecord> records = t.records();
        List<UserPage> pages = new ArrayList<>();
        for (int from = 0; from < records.size(); from += pageSize) {
            pages.add(UserPage.of(records.subList(from, Math.min(records.size(), from + pageSize)), List.of(), Optional.empty()));
        }
        if (!t.problems().isEmpty()) {
            pages.add(UserPage.of(List.of(), t.problems(), Optional.empty()));
        }
        return UserPages.of(pages);
    }

    /** The row with this id; a read-only directory scans the file for it. */
    @Override
    public synchronized Optional<UserRecord> get(NativeId id) {
        Objects.requireNonNull(id, "id");
        if (writeBack.isPresent()) {
            return table().get(id).map(Table.Entry::record);
        }
        try (UserPages pages = readAll()) {
            for (Optional<UserPage> p = pages.next(); p.isPresent(); p = pages.next()) {
                for (UserRecord r : p.get().users()) {
                    if (r.id().equals(id)) {
                        return Optional.of(r);
                    }
                }
            }
        }
        return Optional.empty();
    }

    /**
     * The rows asked for, from one pass over the file (a CSV file has no index): each id once, the first row of
     * an id standing as in a full read's plan; rows that cannot be read are left out. A file keeps no trace of a row
     * taken out of it, so no id is ever answered removed: a missing row is absent.
     */
    @Override
    public synchronized io.rostersync.spi.UserLookupResult lookUp(io.rostersync.spi.UserLookup lookup) {
        Objects.requireNonNull(lookup, "lookup");
        java.util.Map<NativeId, UserRecord> found = new java.util.LinkedHashMap<>();
        try (UserPages pages = readAll()) {
            for (Optional<UserPage> p = pages.next(); p.isPresent(); p = pages.next()) {
                for (UserRecord r : p.get().users()) {
                    if (lookup.wants(r)) {
                        found.putIfAbsent(r.id(), r);
                    }
                }
            }
        }
        return io.rostersync.spi.UserLookupResult.found(found.values());
    }

    @Override
    public synchronized WriteResult create(UserProfile profile, CreateOptions options) {
        return createAll(List.of(profile), options).get(0);
    }

    @Override
    public synchronized List<WriteResult> createAll(List<UserProfile> profiles, CreateOptions options) {
        require(Capability.CREATE);
        Objects.requireNonNull(options, "options");
        List<Runnable> undo = new ArrayList<>();
        List<WriteResult> results = new ArrayList<>(profiles.size());
        Optional<WriteResult> refused = refusal();
        for (UserProfile p : profiles) {
            results.add(refused.orElseGet(() -> insert(p, undo)));
        }
        return persist(results, undo);
    }

    @Override
    public synchronized WriteResult update(NativeId id, UserPatch patch) {
        return updateAll(List.of(new UpdateRequest(id, patch))).get(0);
    }

    @Override
    public synchronized List<WriteResult> updateAll(List<UpdateRequest> updates) {
        require(Capability.UPDATE);
        List<Runnable> undo = new ArrayList<>();
        List<WriteResult> results = new ArrayList<>(updates.size());
        Optional<WriteResult> refused = refusal();
        for (UpdateRequest u : updates) {
            results.add(refused.orElseGet(() -> change(u.id(), before -> u.patch().applyTo(before), undo)));
        }
        return persist(results, undo);
    }

    @Override
    public synchronized WriteResult deactivate(NativeId id) {
        return status(Capability.DEACTIVATE, id, UserStatus.INACTIVE);
    }

    @Override
    public synchronized WriteResult reactivate(NativeId id) {
        return status(Capability.REACTIVATE, id, UserStatus.ACTIVE);
    }

    /** Removes the row. The file keeps no history of it. */
    @Override
    public synchronized WriteResult delete(NativeId id) {
        require(Capability.DELETE);
        Optional<WriteResult> refused = refusal();
        if (refused.isPresent()) {
            return refused.get();
        }
        Table t = table();
        Optional<Table.Entry> old = t.remove(id);
        if (old.isEmpty()) {
            return notFound(id);
        }
        List<Runnable> undo = List.of(() -> t.put(old.get()));
        return persist(List.of(WriteResult.stored(old.get().record())), undo).get(0);
    }

    @Override
    public int maxBatchSize() {
        return writeBack.isPresent() ? MAX_BATCH : 1;
    }

    /**
     * Writes pending changes to the file (atomically). A no-op when nothing is pending.
     *
     * @throws RosterSyncException {@link FailureKind#CONFLICT} when the file changed on disk since it was
     *                             loaded; {@link FailureKind#TRANSIENT} when writing fails
     */
    public synchronized void flush() {
        if (dirty) {
            writeFile();
        }
    }

    // ---- writes ---------------------------------------------------------------------------------

    private WriteResult status(Capability capability, NativeId id, UserStatus status) {
        require(capability);
        Optional<WriteResult> refused = refusal();
        if (refused.isPresent()) {
            return refused.get();
        }
        List<Runnable> undo = new ArrayList<>();
        WriteResult r = change(id, before -> before.toBuilder().status(status).build(), undo);
        return persist(List.of(r), undo).get(0);
    }

    private WriteResult insert(UserProfile profile, List<Runnable> undo) {
        Table t = table();
        if (profile.email().isEmpty()) {
            return WriteResult.failed(FailureKind.VALIDATION, name + ": every row needs an email");
        }
        EmailAddress email = profile.email().get();
        if (t.idOf(email).isPresent()) {
            // ALREADY_EXISTS, as the SPI promises for a create: the engine then looks the holder up and may adopt it.
            return WriteResult.failed(WriteFailure.of(FailureKind.ALREADY_EXISTS,
                    name + ": email " + email + " is already taken by " + t.idOf(email).get(), "duplicate_email"));
        }
        NativeId id;
        try {
            id = columns.header(CsvField.ID).isPresent() ? NativeId.of(idGenerator.get()) : NativeId.of(email.value());
        } catch (IllegalArgumentException e) {
            return WriteResult.failed(FailureKind.VALIDATION, name + ": the id generator gave an unusable id: " + e.getMessage());
        }
        if (t.get(id).isPresent()) {
            return WriteResult.failed(FailureKind.CONFLICT, name + ": id " + id + " is already taken");
        }
        return store(t, id, profile, List.of(), undo);
    }

    private WriteResult change(NativeId id, java.util.function.UnaryOperator<UserProfile> edit, List<Runnable> undo) {
        Table t = table();
        Optional<Table.Entry> old = t.get(id);
        if (old.isEmpty()) {
            return notFound(id);
        }
        UserRecord before = old.get().record();
        UserProfile next;
        try {
            next = edit.apply(before.profile());
        } catch (IllegalArgumentException e) {
            return WriteResult.failed(FailureKind.VALIDATION, name + ": " + e.getMessage());
        }
        if (next.email().isEmpty()) {
            return WriteResult.failed(FailureKind.VALIDATION, name + ": every row needs an email");
        }
        if (!next.email().equals(before.email())) {
            if (columns.header(CsvField.ID).isEmpty()) {
                return WriteResult.failed(FailureKind.VALIDATION, name
                        + ": this file has no id column, so the email is the id and cannot change; map an id column");
            }
            Optional<NativeId> holder = t.idOf(next.email().get());
            if (holder.isPresent() && !holder.get().equals(id)) {
                return WriteResult.failed(WriteFailure.of(FailureKind.CONFLICT,
                        name + ": email " + next.email().get() + " is already taken by " + holder.get(), "duplicate_email"));
            }
        }
        return store(t, id, next, old.get().cells(), undo);
    }

    private WriteResult store(Table t, NativeId id, UserProfile profile, List<String> previousCells, List<Runnable> undo) {
        RowCodec codec = t.codec();
        Optional<String> bad = codec.unrepresentable(profile);
        if (bad.isPresent()) {
            return WriteResult.failed(FailureKind.VALIDATION, name + ": " + bad.get());
        }
        List<String> cells = List.of(codec.encode(id, profile, previousCells));
        RowCodec.Decoded decoded = codec.decode(cells);
        if (!(decoded instanceof RowCodec.User user)) {
            String why = decoded instanceof RowCodec.Invalid invalid ? invalid.reason() : "the row would be blank";
            return WriteResult.failed(FailureKind.VALIDATION, name + ": " + why);
        }
        Optional<Table.Entry> old = t.put(new Table.Entry(user.record(), cells));
        undo.add(() -> {
            t.remove(id);
            old.ifPresent(t::put);
        });
        return WriteResult.stored(user.record());
    }

    private List<WriteResult> persist(List<WriteResult> results, List<Runnable> undo) {
        if (undo.isEmpty()) {
            return results;
        }
        dirty = true;
        if (writeBack.orElseThrow() == WriteBack.ON_FLUSH) {
            return results;
        }
        try {
            writeFile();
            return results;
        } catch (RosterSyncException e) {
            for (int i = undo.size() - 1; i >= 0; i--) {
                undo.get(i).run();
            }
            dirty = false;
            List<WriteResult> failed = new ArrayList<>(results.size());
            for (WriteResult r : results) {
                failed.add(r instanceof WriteResult.Stored ? WriteResult.failed(WriteFailure.from(e)) : r);
            }
            return failed;
        }
    }

    private void writeFile() {
        Path path = file.orElseThrow();
        Table t = Objects.requireNonNull(table, "only a loaded table has changes to write");
        Optional<Stamp> now = Stamp.of(path);
        if (!now.equals(loadedStamp)) {
            throw new ConflictException(name
                    + ": the file changed on disk since it was read; not overwriting it (reload and retry)");
        }
        try {
            AtomicFiles.replace(path, out -> t.writeTo(out, columns.delimiter()));
        } catch (IOException e) {
            throw new TransientException(name + ": writing the file failed: " + e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : ": " + e.getMessage()), e);
        }
        loadedStamp = Stamp.of(path);
        dirty = false;
        LOG.info("{}: wrote {} rows", name, t.size());
    }

    /** Why no write may happen now, if one may not. */
    private Optional<WriteResult> refusal() {
        Table t = table();
        if (t.problems().isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(WriteResult.failed(FailureKind.INVALID_CONFIGURATION, name + ": the file has "
                + t.problems().size() + " unreadable rows (first: " + t.problems().get(0).location() + ": "
                + t.problems().get(0).message() + "); writing it back would lose them, so fix the file first"));
    }

    private WriteResult notFound(NativeId id) {
        return WriteResult.failed(FailureKind.NOT_FOUND, "no account " + id + " in " + name);
    }

    /** The loaded table; reloaded when the file changed on disk and nothing is pending. */
    private Table table() {
        Path path = file.orElseThrow();
        Optional<Stamp> now = Stamp.of(path);
        if (table == null || (!dirty && !now.equals(loadedStamp))) {
            table = Table.load(path, columns, name, bomForNewFile);
            loadedStamp = now;
            LOG.debug("{}: loaded {} rows, {} unreadable", name, table.size(), table.problems().size());
        }
        return table;
    }

    private void require(Capability c) {
        if (!capabilities.contains(c)) {
            throw new UnsupportedCapabilityException(name, c);
        }
    }

    @Override
    public String toString() {
        return "CsvUserDirectory[" + name + (writeBack.isPresent() ? ", writable " + writeBack.get() : ", read-only") + "]";
    }

    /** When a file was last written as far as we can tell without reading it. */
    private record Stamp(FileTime modified, long size) {
        static Optional<Stamp> of(Path path) {
            try {
                return Optional.of(new Stamp(Files.getLastModifiedTime(path), Files.size(path)));
            } catch (IOException e) {
                return Optional.empty();
            }
        }
    }

    /** Builder; a {@link #file(Path)} or an {@link #input(CsvInput)} is required. */
    public static final class Builder {
        private @Nullable CsvInput input;
        private Optional<Path> file = Optional.empty();
        private CsvColumns columns = CsvColumns.defaults();
        private int pageSize = 500;
        private Optional<WriteBack> writeBack = Optional.empty();
        private boolean bom;
        private Supplier<String> idGenerator = () -> UUID.randomUUID().toString();
        private Optional<String> name = Optional.empty();

        private Builder() {
        }

        /**
         * Reads (and, when {@link #writable(WriteBack) writable}, writes) this file.
         *
         * @param value the file; replaces an input set before
         * @return this builder
         */
        public Builder file(Path value) {
            file = Optional.of(Objects.requireNonNull(value, "file"));
            input = CsvInput.file(value);
            return this;
        }

        /**
         * Reads from this input; read-only.
         *
         * @param value the input; replaces a file set before
         * @return this builder
         */
        public Builder input(CsvInput value) {
            input = Objects.requireNonNull(value, "input");
            file = Optional.empty();
            return this;
        }

        /**
         * The column mapping (default {@link CsvColumns#defaults()}).
         *
         * @param value the mapping
         * @return this builder
         */
        public Builder columns(CsvColumns value) {
            columns = Objects.requireNonNull(value, "columns");
            return this;
        }

        /**
         * Rows per page (users and problems together); 500 by default.
         *
         * @param value rows per page, at least 1
         * @return this builder
         * @throws IllegalArgumentException if it is below 1
         */
        public Builder pageSize(int value) {
            if (value < 1) {
                throw new IllegalArgumentException("page size must be positive");
            }
            pageSize = value;
            return this;
        }

        /**
         * Makes the directory writable; needs a {@link #file(Path)}.
         *
         * @param value how changes are written back
         * @return this builder
         */
        public Builder writable(WriteBack value) {
            writeBack = Optional.of(Objects.requireNonNull(value, "writeBack"));
            return this;
        }

        /**
         * Whether a file this directory creates starts with a byte order mark (an existing file keeps its own).
         *
         * @param value true to start a new file with a byte order mark
         * @return this builder
         */
        public Builder writeBom(boolean value) {
            bom = value;
            return this;
        }

        /**
         * Ids for created rows when an id column is mapped; random UUIDs by default.
         *
         * @param value gives a new, unique, non-blank id on each call
         * @return this builder
         */
        public Builder idGenerator(Supplier<String> value) {
            idGenerator = Objects.requireNonNull(value, "idGenerator");
            return this;
        }

        /**
         * Name for plans and logs; {@code "csv:<file name>"} by default.
         *
         * @param value the name
         * @return this builder
         * @throws IllegalArgumentException if it is null or blank
         */
        public Builder name(String value) {
            if (value == null || value.isBlank()) {
                throw new IllegalArgumentException("name must not be blank");
            }
            name = Optional.of(value);
            return this;
        }

        /**
         * Builds the directory without reading the file.
         *
         * @return the directory
         * @throws IllegalStateException when there is no file or input, or a writable directory has no file
         */
        public CsvUserDirectory build() {
            if (input == null) {
                throw new IllegalStateException("a CSV directory needs a file or an input");
            }
            if (writeBack.isPresent() && file.isEmpty()) {
                throw new IllegalStateException("a writable CSV directory needs a file to write back to");
            }
            return new CsvUserDirectory(this);
        }
    }
}
