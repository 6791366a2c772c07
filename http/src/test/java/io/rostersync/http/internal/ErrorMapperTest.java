package io.rostersync.http.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class ErrorMapperTest {

    private final Clock clock = Clock.fixed(Instant.parse("2015-10-21T07:28:00Z"), ZoneOffset.UTC);

    @Test
    void retryAfterDeltaSeconds() {
        assertThat(ErrorMapper.parseRetryAfter("120", clock)).contains(Duration.ofSeconds(120));
        assertThat(ErrorMapper.parseRetryAfter(" 0 ", clock)).contains(Duration.ZERO);
    }

    @Test
    void retryAfterHttpDateIsRelativeToTheClock() {
        assertThat(ErrorMapper.parseRetryAfter("Wed, 21 Oct 2015 07:28:45 GMT", clock)).contains(Duration.ofSeconds(45));
    }

    @Test
    void retryAfterInThePastMeansNow() {
        assertThat(ErrorMapper.parseRetryAfter("Wed, 21 Oct 2015 07:00:00 GMT", clock)).contains(Duration.ZERO);
    }

    @Test
    void unparseableRetryAfterIsIgnored() {
        assertThat(ErrorMapper.parseRetryAfter("soon", clock)).isEmpty();
        assertThat(ErrorMapper.parseRetryAfter("-5", clock)).isEmpty();
        assertThat(ErrorMapper.parseRetryAfter("", clock)).isEmpty();
    }
}
