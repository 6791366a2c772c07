package io.rostersync.salesforce.cdc.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class RedactionTest {

    @Test
    void masksTheTokensWeSentWhereverTheServerEchoesThem() {
        String text = "auth failed for token abc123SECRETxyz (rpcId: 7) abc123SECRETxyz";

        assertThat(Redaction.of(text, List.of("abc123SECRETxyz"))).isEqualTo("auth failed for token **** (rpcId: 7) ****");
    }

    @Test
    void masksAnythingShapedLikeASalesforceSessionId() {
        String text = "bad session 00D5g000004EmULEA2!AQ4AQFmC7xZk_9.something-else here";

        assertThat(Redaction.of(text, List.of())).isEqualTo("bad session **** here");
    }

    @Test
    void dropsControlCharactersAndCutsLongText() {
        assertThat(Redaction.of("line\nbreak\u001b[31m", List.of())).isEqualTo("line break [31m");
        assertThat(Redaction.of("x".repeat(1000), List.of())).hasSize(301).endsWith("…");
        assertThat(Redaction.of(null, List.of())).isEmpty();
    }
}
