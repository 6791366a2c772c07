package io.rostersync.salesforce.cdc.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class ChangeEventTest {

    private static ChangeEvent from(String origin) {
        return new ChangeEvent("UPDATE", "User", List.of("005000000000001AAA"), origin);
    }

    @Test
    void recognisesOurClientInChangeOriginExactly() {
        assertThat(from("com/salesforce/api/rest/62.0;client=rostersync").fromClient("rostersync")).isTrue();
        assertThat(from("com/salesforce/api/soap/49.0;client=rostersync").fromClient("rostersync")).isTrue();
    }

    @Test
    void anotherClientAPrefixOrNoClientIsNotOurs() {
        assertThat(from("com/salesforce/api/rest/62.0;client=rostersync-hr").fromClient("rostersync")).isFalse();
        assertThat(from("com/salesforce/api/rest/62.0;client=rosters").fromClient("rostersync")).isFalse();
        assertThat(from("com/salesforce/api/rest/62.0").fromClient("rostersync")).isFalse();
        assertThat(from("").fromClient("rostersync")).isFalse();
        assertThat(from("client=rostersync").fromClient("rostersync")).as("not after the API part").isFalse();
    }

    @Test
    void tellsGapsFromOverflows() {
        assertThat(new ChangeEvent("GAP_UPDATE", "User", List.of(), "").isGap()).isTrue();
        assertThat(new ChangeEvent("GAP_OVERFLOW", "User", List.of(), "").isGap()).isFalse();
        assertThat(new ChangeEvent("GAP_OVERFLOW", "User", List.of(), "").isOverflow()).isTrue();
        assertThat(new ChangeEvent("UPDATE", "User", List.of(), "").isGap()).isFalse();
    }
}
