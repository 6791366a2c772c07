package io.rostersync.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import io.rostersync.engine.RunOptions;
import io.rostersync.engine.SyncRunner;
import io.rostersync.model.Cursor;
import io.rostersync.model.EmailAddress;
import io.rostersync.model.SyncId;
import io.rostersync.model.UserProfile;
import io.rostersync.model.UserRecord;
import io.rostersync.model.UserStatus;
import io.rostersync.plan.Plan;
import io.rostersync.policy.Field;
import io.rostersync.policy.Ownership;
import io.rostersync.policy.SyncPolicy;
import io.rostersync.spi.FailedAction;
import io.rostersync.spi.RunStatus;
import io.rostersync.spi.SyncReport;
import io.rostersync.spi.UserDirectory;
import io.rostersync.spi.UserPage;
import io.rostersync.spi.UserPages;
import io.rostersync.spi.UserRef;
import io.rostersync.testkit.InMemorySyncStateStore;
import io.rostersync.testkit.InMemoryUserDirectory;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The fault matrix of issue 7: every directory under test, as the source and as the target of a
 * {@link SyncRunner} run, under every fault it can inject. A clean baseline run first (so that a cursor and
 * links exist), then new users appear on the source, the fault is armed, and the faulted run must end with
 * a report; then, healed, the next run converges and a third plan is empty.
 */
@Timeout(60)
class FaultMatrixTest {

    private static final SyncId SYNC = SyncId.of("fault-matrix");

    static Stream<Arguments> matrix() {
        List<Arguments> cases = new ArrayList<>();
        for (String name : Subject.NAMES) {
            try (Subject subject = Subject.create(name)) {
                for (Role role : Role.values()) {
                    for (Fault fault : EnumSet.copyOf(subject.supported(role))) {
                        cases.add(Arguments.of(name, role, fault));
                    }
                }
            }
        }
        return cases.stream();
    }

    /** Default ownership, but username left alone: not every vendor has one, and a missing one is no change. */
    private static SyncPolicy policy() {
        return SyncPolicy.builder().own(Field.USERNAME, Ownership.NEVER).build();
    }

    private static UserProfile person(int n) {
        return UserProfile.builder().email("person" + n + "@reliability.example")
                .firstName("Person").lastName("Number" + (char) ('A' + n)).build();
    }

    @ParameterizedTest(name = "{0} as {1}: {2}")
    @MethodSource("matrix")
    void aFaultedRunEndsWithAReportLosesNothingDuplicatesNothingAndTheNextRunConverges(String name, Role role, Fault fault) {
        try (Subject subject = Subject.create(name)) {
            InMemoryUserDirectory other = InMemoryUserDirectory.builder("memory-peer").pageSize(3).maxBatchSize(2).build();
            UserDirectory source = role == Role.SOURCE ? subject.directory() : other;
            UserDirectory target = role == Role.SOURCE ? other : subject.directory();
            Function<UserProfile, Void> addToSource = p -> {
                if (role == Role.SOURCE) {
                    subject.seed(p);
                } else {
                    other.add(p);
                }
                return null;
            };
            InMemorySyncStateStore store = new InMemorySyncStateStore();
            SyncRunner runner = SyncRunner.builder().syncId(SYNC).source(source).target(target)
                    .policy(policy()).stateStore(store).build();

            for (int n = 0; n < 3; n++) {
                addToSource.apply(person(n));
            }
            SyncReport baseline = runner.run(RunOptions.defaults());
            assertThat(baseline.status()).as(baseline.summary()).isEqualTo(RunStatus.SUCCEEDED);
            Optional<Cursor> cursorBefore = store.cursor(SYNC);

            List<String> newcomers = new ArrayList<>();
            for (int n = 3; n < 7; n++) {
                addToSource.apply(person(n));
                newcomers.add(person(n).email().orElseThrow().value());
            }
            List<String> activeBefore = activeEmails(target);
            subject.inject(fault, role, newcomers);

            // The emulators truncate and change full-list pages only, so those faults are met by a full reconciliation.
            RunOptions options = fault == Fault.TRUNCATED_PAGE || fault == Fault.LIST_CHANGED_BETWEEN_PAGES
                    ? RunOptions.defaults().withForceFull() : RunOptions.defaults();
            SyncReport[] faulted = new SyncReport[1];
            assertThatCode(() -> faulted[0] = runner.run(options)).doesNotThrowAnyException();
            SyncReport report = faulted[0];
            System.out.printf("MATRIX | %s | %s | %s | %s | applied %d, failed %d%n", name, role, fault, report.status(),
                    report.applied(), report.failures().size());
            assertThat(report.status()).as(report.summary())
                    .isIn(RunStatus.SUCCEEDED, RunStatus.PARTIAL, RunStatus.FAILED, RunStatus.HELD, RunStatus.REFUSED_BY_GUARD);
            assertThat(report.toString()).doesNotContain("secret", "token-77c1");
            if (report.status() != RunStatus.SUCCEEDED) {
                assertThat(store.cursor(SYNC)).as("cursor after a %s run", report.status()).isEqualTo(cursorBefore);
            }

            subject.heal();
            List<String> sourceEmails = emails(source);
            List<String> targetEmails = emails(target);
            // Issue 12 section 2: whatever the fault, nobody still in the source lost an active account.
            List<String> activeAfter = activeEmails(target);
            for (String email : activeBefore) {
                if (sourceEmails.contains(email)) {
                    assertThat(activeAfter).as("%s is still in the source but was deprovisioned (%s)", email, report.summary())
                            .contains(email);
                }
            }
            assertThat(duplicates(targetEmails)).as("duplicate accounts in the target").isEmpty();
            if (report.status() == RunStatus.SUCCEEDED || report.status() == RunStatus.PARTIAL) {
                List<String> failed = report.failures().stream().map(FailedAction::user).map(UserRef::label)
                        .map(l -> l.toLowerCase(Locale.ROOT)).collect(Collectors.toList());
                List<String> conflicted = report.conflicts().stream().flatMap(c -> c.users().stream()).map(UserRef::label)
                        .map(l -> l.toLowerCase(Locale.ROOT)).collect(Collectors.toList());
                // A read with problems is incomplete: a user it could not read waits for the next run (checked below).
                boolean incomplete = !report.readProblems().isEmpty();
                for (String email : sourceEmails) {
                    assertThat(targetEmails.contains(email) || failed.stream().anyMatch(l -> l.contains(email))
                            || conflicted.stream().anyMatch(l -> l.contains(email)) || incomplete)
                            .as("%s applied or reported (%s)", email, report.summary()).isTrue();
                }
            }

            SyncReport healed = runner.run(RunOptions.defaults());
            assertThat(healed.status()).as(healed.summary()).isEqualTo(RunStatus.SUCCEEDED);
            List<String> afterHealing = emails(target);
            assertThat(duplicates(afterHealing)).as("duplicate accounts after healing").isEmpty();
            assertThat(afterHealing).containsAll(sourceEmails);
            Plan third = runner.plan(RunOptions.defaults());
            assertThat(third.actions()).as("third plan").isEmpty();
        }
    }

    static List<String> emails(UserDirectory directory) {
        List<String> out = new ArrayList<>();
        for (UserRecord u : records(directory)) {
            u.email().map(EmailAddress::value).map(e -> e.toLowerCase(Locale.ROOT)).ifPresent(out::add);
        }
        return out;
    }

    static List<String> activeEmails(UserDirectory directory) {
        List<String> out = new ArrayList<>();
        for (UserRecord u : records(directory)) {
            if (u.status() == UserStatus.ACTIVE) {
                u.email().map(EmailAddress::value).map(e -> e.toLowerCase(Locale.ROOT)).ifPresent(out::add);
            }
        }
        return out;
    }

    static List<UserRecord> records(UserDirectory directory) {
        List<UserRecord> out = new ArrayList<>();
        try (UserPages pages = directory.readAll()) {
            for (Optional<UserPage> p = pages.next(); p.isPresent(); p = pages.next()) {
                out.addAll(p.get().users());
            }
        }
        return out;
    }

    static List<String> duplicates(List<String> emails) {
        Map<String, Long> counts = emails.stream().collect(Collectors.groupingBy(e -> e, Collectors.counting()));
        return counts.entrySet().stream().filter(e -> e.getValue() > 1).map(Map.Entry::getKey).sorted().collect(Collectors.toList());
    }
}
