package io.rostersync.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.rostersync.model.SyncId;
import io.rostersync.model.UserRecord;
import io.rostersync.plan.Plan;
import io.rostersync.plan.PlanAction;
import io.rostersync.plan.PlanDigest;
import io.rostersync.plan.PlanKey;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Documents built to break the reader: each must end in a {@link PlanFormatException} that says what was
 * wrong, never a NullPointerException, a parser's own exception, or a plan that silently means something else.
 */
class PlanJsonHostileInputTest {

    private static final String PLAN = PlanJson.write(PlanDigest.sign(signedPlan(), PlanKey.of(new byte[32])));

    private static Plan signedPlan() {
        Plan p = PlanJsonTest.richPlan();
        return new Plan(p.mode(), p.plannedAt(), p.source(), p.target(), p.actions(), p.conflicts(), p.stats(),
                p.nextCursor(), p.readProblems(), Optional.of(SyncId.of("talkdesk-to-hoopla")), Optional.empty());
    }

    private static List<Case> cases() {
        List<Case> cases = new ArrayList<>();
        cases.add(new Case("100k nested arrays", j -> "[".repeat(100_000) + "]".repeat(100_000), "limits"));
        cases.add(new Case("deep nesting inside a plan's reason", j -> j.replaceFirst("\"code\" : \"[^\"]*\"",
                "\"code\" : " + "{\"a\":".repeat(5_000) + "1" + "}".repeat(5_000)), "limits"));
        cases.add(new Case("a 30-million-character reason", j -> j.replaceFirst("\"code\" : \"[^\"]*\"",
                "\"code\" : \"" + "x".repeat(30_000_000) + "\""), "limits"));
        cases.add(new Case("a 30-million-character key", j -> j.replaceFirst("\\{", "{\"" + "k".repeat(30_000_000) + "\" : 1, "), "limits"));
        cases.add(new Case("a 100k-character key", j -> j.replaceFirst("\\{", "{\"" + "k".repeat(100_000) + "\" : 1, "), "limits"));
        cases.add(new Case("a 5000-digit count", j -> j.replaceFirst("\"sourceUsers\" : \\d+", "\"sourceUsers\" : " + "9".repeat(5_000)), "limits"));
        cases.add(new Case("a 200-digit count", j -> j.replaceFirst("\"sourceUsers\" : \\d+", "\"sourceUsers\" : " + "9".repeat(200)), "limits"));
        cases.add(new Case("a count past int", j -> j.replaceFirst("\"sourceUsers\" : \\d+", "\"sourceUsers\" : 99999999999"), "integer"));
        cases.add(new Case("an exponent of a billion", j -> j.replaceFirst("\"sourceUsers\" : \\d+", "\"sourceUsers\" : 1e999999999"), "integer"));
        cases.add(new Case("a negative exponent of a billion", j -> j.replaceFirst("\"version\" : \\d+", "\"version\" : 1e-999999999"), "integer"));
        cases.add(new Case("a fraction with 5000 digits", j -> j.replaceFirst("\"version\" : \\d+", "\"version\" : 0." + "1".repeat(5_000)), "limits"));
        cases.add(new Case("the format given twice", j -> j.replaceFirst("\\{", "{\"format\" : \"rostersync-plan\", "), "Duplicate"));
        cases.add(new Case("a target given twice in a user", j -> j.replaceFirst("\"target\" : \"t1\"", "\"target\" : \"t1\", \"target\" : \"t2\""), "Duplicate"));
        cases.add(new Case("managedUsers given twice", j -> j.replaceFirst("\"managedUsers\" : (\\d+)", "\"managedUsers\" : $1, \"managedUsers\" : 100000"), "Duplicate"));
        cases.add(new Case("the digest given twice", j -> j.replaceFirst("\\{", "{\"digest\" : \"hmac-sha256:AAAA\", "), "Duplicate"));
        cases.add(new Case("a NUL inside a key", j -> j.replaceFirst("\"format\"", "\"for\u0000mat\""), "JSON"));
        cases.add(new Case("a lone surrogate in a name", j -> j.replace("\"Bob\"", "\"\\ud800\""), null));
        cases.add(new Case("a version-1 plan (no source records, no sync id)", j -> j.replaceFirst("\"version\" : \\d+", "\"version\" : 1"), "version 1"));
        cases.add(new Case("a create without its source record", j -> j.replaceFirst("\"sourceRecord\" :", "\"sourceRecord_\" :"), "sourceRecord"));
        cases.add(new Case("a create whose source record is another user", j -> j.replaceFirst("(\"sourceRecord\" : \\{\\s*\"id\" : \")[^\"]*", "$1s999"), "source"));
        return cases;
    }

    private record Case(String name, Function<String, String> edit, String messagePart) {
    }

    @TestFactory
    List<DynamicTest> everyHostileDocumentIsAFormatErrorAndNothingElse() {
        List<DynamicTest> tests = new ArrayList<>();
        for (Case c : cases()) {
            tests.add(DynamicTest.dynamicTest(c.name(), () -> {
                String hostile = c.edit().apply(PLAN);
                assertThat(hostile).as("the edit applied").isNotEqualTo(PLAN);
                Throwable thrown = catchThrowable(() -> PlanJson.readPlan(hostile));
                if (c.messagePart() == null && thrown == null) {
                    return; // a lone surrogate is text Jackson accepts; what matters is that nothing else escapes
                }
                assertThat(thrown).as(c.name()).isExactlyInstanceOf(PlanFormatException.class);
                assertThat(thrown.getMessage()).isNotBlank().hasSizeLessThan(2_000);
                if (c.messagePart() != null) {
                    assertThat(thrown.getMessage()).containsIgnoringCase(c.messagePart());
                }
            }));
        }
        return tests;
    }

    @Test
    void aReportBeyondTheStringLimitIsAFormatErrorNotANullPointer() {
        String report = "{\"format\" : \"rostersync-report\", \"version\" : 1, \"message\" : \"" + "m".repeat(2_000_000) + "\"}";
        assertThatThrownBy(() -> PlanJson.readReport(report)).isExactlyInstanceOf(PlanFormatException.class)
                .hasMessageContaining("limits");
    }

    @Test
    void syncIdSourceRecordsAndDigestSurviveTheRoundTrip() {
        Plan signed = PlanDigest.sign(signedPlan(), PlanKey.of(new byte[32]));
        Plan back = PlanJson.readPlan(PlanJson.write(signed));
        assertThat(back).isEqualTo(signed);
        assertThat(back.syncId()).contains(SyncId.of("talkdesk-to-hoopla"));
        assertThat(back.digest()).isPresent();
        assertThat(PlanDigest.verify(back, PlanKey.of(new byte[32]))).isTrue();
        List<UserRecord> sources = back.actions().stream().filter(a -> a instanceof PlanAction.CreateUser)
                .map(a -> ((PlanAction.CreateUser) a).source()).toList();
        assertThat(sources).isNotEmpty().allSatisfy(s -> assertThat(s.email()).isPresent());
    }
}
