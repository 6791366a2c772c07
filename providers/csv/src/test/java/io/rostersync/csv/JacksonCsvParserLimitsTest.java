package io.rostersync.csv;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.core.util.JsonRecyclerPools;
import com.fasterxml.jackson.dataformat.csv.CsvFactory;
import com.fasterxml.jackson.dataformat.csv.CsvParser;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import java.io.IOException;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * What jackson-dataformat-csv alone does in the two places where the CSV reader adds to it. If one of these
 * starts failing after a Jackson upgrade, Jackson fixed it: remove the matching workaround in
 * {@code CsvRowReader} (the line correction in {@code countLines}, or the read stopping past
 * {@code PARSER_CELL_CHARS}) and this test.
 */
class JacksonCsvParserLimitsTest {

    /** Fresh buffers for every parser, so where Jackson's text segments end does not depend on earlier tests. */
    private static final CsvFactory FRESH = CsvFactory.builder().recyclerPool(JsonRecyclerPools.nonRecyclingPool()).build();

    private static CsvParser parser(CsvFactory factory, String csv) throws IOException {
        CsvParser p = factory.createParser(new StringReader(csv));
        p.setSchema(CsvSchema.emptySchema());
        return p;
    }

    /** The line Jackson gives the first value of the row after a quoted cell of {@code k} CRLF lines. */
    private static int jacksonLineOfNextRow(int k) throws IOException {
        try (CsvParser p = parser(FRESH, "h1,h2\nx,\"" + "a\r\n".repeat(k) + "\"\nnext,row\n")) {
            for (JsonToken t = p.nextToken(); t != null; t = p.nextToken()) {
                if (t == JsonToken.VALUE_STRING && p.getText().equals("next")) {
                    return p.currentTokenLocation().getLineNr();
                }
            }
        }
        throw new AssertionError("row not found");
    }

    @Test
    void jacksonCountsACrLfInsideAQuotedCellTwiceWhenTheCrEndsOneOfItsTextSegments() throws IOException {
        // The row after the cell starts on line 3 + k. Jackson is right for most k, one line late for some.
        List<Integer> late = new ArrayList<>();
        for (int k = 1; k <= 400; k++) {
            int line = jacksonLineOfNextRow(k);
            assertThat(line).as("k=%d", k).isBetween(3 + k, 4 + k);
            if (line == 4 + k) {
                late.add(k);
            }
        }
        assertThat(late).as("cell lengths where Jackson counts one line too many").isNotEmpty();
    }

    @Test
    void afterItsStringLengthLimitJacksonCannotResumeInsideAQuotedCell() throws IOException {
        CsvFactory limited = CsvFactory.builder().recyclerPool(JsonRecyclerPools.nonRecyclingPool())
                .streamReadConstraints(StreamReadConstraints.builder().maxStringLength(1_000).build()).build();
        String csv = "a,\"" + "x\n".repeat(2_000) + "\",b\nc,d\n";
        try (CsvParser p = parser(limited, csv)) {
            assertThat(p.nextToken()).isEqualTo(JsonToken.START_ARRAY);
            assertThat(p.nextToken()).isEqualTo(JsonToken.VALUE_STRING);
            assertThatThrownBy(p::nextToken).isInstanceOf(StreamConstraintsException.class);
            // Going on, the rest of the quoted cell is read as rows of its own: Jackson lost the quote.
            List<String> firstValues = new ArrayList<>();
            boolean rowStart = false;
            for (int i = 0; i < 10_000; i++) {
                JsonToken t;
                try {
                    t = p.nextToken();
                } catch (JsonProcessingException e) {
                    continue;
                }
                if (t == null) {
                    break;
                }
                if (t == JsonToken.START_ARRAY) {
                    rowStart = true;
                } else if (t == JsonToken.VALUE_STRING && rowStart) {
                    firstValues.add(p.getText());
                    rowStart = false;
                }
            }
            assertThat(firstValues).as("rows after the failure").contains("x").doesNotContain("c");
        }
    }

    @Test
    void theLineOfARowIsJacksonsCurrentLocationAtItsStartArray() throws IOException {
        try (JsonParser p = parser(FRESH, "a,b\r\n\r\nc,\"d\ne\"\rf\n")) {
            List<Integer> starts = new ArrayList<>();
            for (JsonToken t = p.nextToken(); t != null; t = p.nextToken()) {
                if (t == JsonToken.START_ARRAY) {
                    starts.add(p.currentLocation().getLineNr());
                }
            }
            assertThat(starts).containsExactly(1, 2, 3, 5);
        }
    }
}
