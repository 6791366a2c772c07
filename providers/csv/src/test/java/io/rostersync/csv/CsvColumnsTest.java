package io.rostersync.csv;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.rostersync.spi.FailureKind;
import io.rostersync.spi.RosterSyncException;
import org.junit.jupiter.api.Test;

class CsvColumnsTest {

    private static void invalid(CsvColumns.Builder b, String message) {
        assertThatThrownBy(b::build)
                .isInstanceOfSatisfying(RosterSyncException.class, e -> assertThat(e.kind()).isEqualTo(FailureKind.INVALID_CONFIGURATION))
                .hasMessageContaining(message);
    }

    @Test
    void defaultsMatchATalkpushStyleExport() {
        CsvColumns c = CsvColumns.defaults();
        assertThat(c.headers()).containsExactly("First Name", "Last Name", "Email", "Role", "Status", "Campaigns");
        assertThat(c.header(CsvField.ID)).isEmpty();
        assertThat(c.delimiter()).isEqualTo(',');
        assertThat(c.valueSeparator()).isEqualTo(';');
    }

    @Test
    void theEmailColumnCannotBeUnmappedOrOptional() {
        invalid(CsvColumns.builder().unmap(CsvField.EMAIL), "email");
        invalid(CsvColumns.builder().optional(CsvField.EMAIL), "email");
    }

    @Test
    void aHeaderCannotBeMappedTwiceEvenInAnotherCase() {
        invalid(CsvColumns.builder().attribute("mail", " EMAIL "), "mapped twice");
        invalid(CsvColumns.builder().header(CsvField.GROUPS, "role"), "mapped twice");
    }

    @Test
    void blankHeadersAndClashingSeparatorsAreRefused() {
        invalid(CsvColumns.builder().header(CsvField.ROLES, "  "), "blank");
        invalid(CsvColumns.builder().delimiter(';'), "differ");
        invalid(CsvColumns.builder().valueSeparator('"'), "'\"'");
    }

    @Test
    void toBuilderKeepsEverything() {
        CsvColumns c = CsvColumns.builder().header(CsvField.ID, "Id").attribute("site", "Site").optionalAttribute("site")
                .optional(CsvField.STATUS).delimiter('\t').valueSeparator('|').build();
        assertThat(c.toBuilder().build()).isEqualTo(c);
        assertThat(c.isOptional(CsvField.STATUS)).isTrue();
        assertThat(c.isOptionalAttribute("site")).isTrue();
        assertThat(c.headers()).containsExactly("Id", "First Name", "Last Name", "Email", "Role", "Status", "Campaigns", "Site");
    }
}
