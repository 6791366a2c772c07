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

    /**
     * Written from Salesforce's documentation, not from this code: the ChangeEventHeader reference gives the form
     * {@code com/salesforce/api/<API_Name>/<API_Version>;client=<Client_ID>}, the API names below and the example
     * {@code com/salesforce/api/soap/49.0;client=Astro}; the REST API's Call Options page shows a client id with a
     * slash ({@code client=SampleCaseSensitiveToken/100}) and calls it case-sensitive.
     */
    @Test
    void readsChangeOriginInEveryFormSalesforceDocuments() {
        assertThat(from("com/salesforce/api/soap/49.0;client=Astro").fromClient("Astro")).isTrue();
        assertThat(from("com/salesforce/api/soap/49.0;client=Astro").fromClient("astro")).as("case-sensitive").isFalse();
        for (String api : List.of("soap", "rest", "bulkapi", "xmlrpc", "oldsoap", "toolingsoap", "toolingrest", "apex",
                "apexdebuggerrest")) {
            assertThat(from("com/salesforce/api/" + api + "/64.0;client=rostersync").fromClient("rostersync")).as(api).isTrue();
            assertThat(from("com/salesforce/api/" + api + "/64.0").fromClient("rostersync")).as(api + " without a client").isFalse();
        }
        assertThat(from("com/salesforce/api/rest/64.0;client=SampleCaseSensitiveToken/100")
                .fromClient("SampleCaseSensitiveToken/100")).isTrue();
        assertThat(from("com/salesforce/api/rest/64.0;client=SampleCaseSensitiveToken/100")
                .fromClient("SampleCaseSensitiveToken")).as("a prefix up to the slash is another client").isFalse();
    }

    @Test
    void tellsGapsFromOverflows() {
        assertThat(new ChangeEvent("GAP_UPDATE", "User", List.of(), "").isGap()).isTrue();
        assertThat(new ChangeEvent("GAP_OVERFLOW", "User", List.of(), "").isGap()).isFalse();
        assertThat(new ChangeEvent("GAP_OVERFLOW", "User", List.of(), "").isOverflow()).isTrue();
        assertThat(new ChangeEvent("UPDATE", "User", List.of(), "").isGap()).isFalse();
    }
}
