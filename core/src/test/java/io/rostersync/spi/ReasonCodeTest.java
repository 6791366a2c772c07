package io.rostersync.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ReasonCodeTest {

    /** A reason of {@code code} with every parameter filled: a list of two values for a list parameter. */
    static Reason sample(ReasonCode code) {
        List<String> pairs = new ArrayList<>();
        for (String name : code.parameters()) {
            pairs.add(name);
            pairs.add(code.listParameters().contains(name) ? Reason.listOf(List.of(name + "-1", name + "-2")) : name + "-value");
        }
        return Reason.of(code, pairs.toArray(String[]::new));
    }

    @Test
    void everyCodeNamesDistinctNonBlankParametersAndItsListsAmongThem() {
        for (ReasonCode code : ReasonCode.values()) {
            assertThat(code.parameters()).as(code.name()).allSatisfy(p -> assertThat(p).matches("[a-z][A-Za-z]*"));
            assertThat(new HashSet<>(code.parameters())).as(code.name()).hasSameSizeAs(code.parameters());
            assertThat(code.parameters()).as(code.name()).containsAll(code.listParameters());
        }
    }

    @Test
    void aReasonKeepsItsCodesParameterOrderWhateverOrderTheyWereGivenIn() {
        Reason r = Reason.of(ReasonCode.FIELD_CHANGED, "to", "Smith", "field", "LAST_NAME", "from", "Jones");
        assertThat(r.parameters().keySet()).containsExactly("field", "from", "to");
        assertThat(r).isEqualTo(Reason.of(ReasonCode.FIELD_CHANGED, "field", "LAST_NAME", "from", "Jones", "to", "Smith"));
        assertThatThrownBy(() -> r.parameters().put("field", "EMAIL")).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void aReasonCopiesItsParameters() {
        Map<String, String> values = new LinkedHashMap<>();
        values.put("via", "email");
        Reason r = new Reason(ReasonCode.MATCHED_BY, values);
        values.put("via", "username");
        assertThat(r.parameter("via")).isEqualTo("email");
    }

    @Test
    void aMissingParameterIsRefusedNamingTheCodeAndTheParameter() {
        assertThatThrownBy(() -> Reason.of(ReasonCode.FIELD_CHANGED, "field", "EMAIL", "from", "a"))
                .isInstanceOfSatisfying(InvalidReasonException.class, e -> {
                    assertThat(e.code()).isEqualTo(ReasonCode.FIELD_CHANGED);
                    assertThat(e.parameter()).isEqualTo("to");
                })
                .hasMessageContaining("FIELD_CHANGED").hasMessageContaining("'to' is missing").hasMessageContaining("[field, from, to]");
    }

    @Test
    void anUnknownParameterIsRefusedNamingIt() {
        assertThatThrownBy(() -> Reason.of(ReasonCode.MATCHED_BY, "via", "email", "key", "email"))
                .isInstanceOfSatisfying(InvalidReasonException.class, e -> assertThat(e.parameter()).isEqualTo("key"))
                .hasMessageContaining("MATCHED_BY").hasMessageContaining("'key' is not one of its parameters");
        assertThatThrownBy(() -> Reason.of(ReasonCode.GONE_FROM_SOURCE, "why", "x"))
                .isInstanceOf(InvalidReasonException.class).hasMessageContaining("takes no parameters");
    }

    @Test
    void aNullValueOrAValueWithoutAName() {
        assertThatThrownBy(() -> Reason.of(ReasonCode.MATCHED_BY, "via", null))
                .isInstanceOf(InvalidReasonException.class).hasMessageContaining("'via' is null");
        assertThatThrownBy(() -> Reason.of(ReasonCode.MATCHED_BY, "via"))
                .isInstanceOf(InvalidReasonException.class).hasMessageContaining("'via' has no value");
        assertThatThrownBy(() -> Reason.of(ReasonCode.MATCHED_BY, "via", "a", "via", "b"))
                .isInstanceOf(InvalidReasonException.class).hasMessageContaining("'via' is given twice");
    }

    @Test
    void aListParameterMustHoldAList() {
        assertThatThrownBy(() -> Reason.of(ReasonCode.AMBIGUOUS_MATCH, "count", "2", "via", "email", "candidates", "t1, t2"))
                .isInstanceOfSatisfying(InvalidReasonException.class, e -> assertThat(e.parameter()).isEqualTo("candidates"))
                .hasMessageContaining("is not a list");
        assertThatThrownBy(() -> sample(ReasonCode.MATCHED_BY).list("via"))
                .isInstanceOf(InvalidReasonException.class).hasMessageContaining("not one of its list parameters");
    }

    @Test
    void listsKeepAnyValueApart() {
        List<String> values = List.of("Agent Set", "a, b", "", "line\nbreak", "back\\slash", "\\n", "[x]");
        Reason r = Reason.of(ReasonCode.SET_CHANGED, "field", "ROLES", "added", Reason.listOf(values), "removed", Reason.listOf(List.of()));
        assertThat(r.list("added")).containsExactlyElementsOf(values);
        assertThat(r.list("removed")).isEmpty();
    }

    @Test
    void everyCodeHasASampleWithItsParameters() {
        for (ReasonCode code : ReasonCode.values()) {
            Reason r = sample(code);
            assertThat(r.parameters().keySet()).containsExactlyElementsOf(code.parameters());
            code.listParameters().forEach(p -> assertThat(r.list(p)).containsExactly(p + "-1", p + "-2"));
        }
    }
}
