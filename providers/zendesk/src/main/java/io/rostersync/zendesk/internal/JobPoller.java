package io.rostersync.zendesk.internal;

import com.fasterxml.jackson.databind.JsonNode;
import io.rostersync.spi.ErrorDetails;
import io.rostersync.spi.InvalidResponseException;
import io.rostersync.http.internal.JsonHttpClient;
import io.rostersync.http.Sleeper;
import io.rostersync.spi.TransientException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.regex.Pattern;

/**
 * Waits for a Zendesk background job ({@code job_status}) to finish, polling
 * {@code GET /api/v2/job_statuses/{id}} with the injected sleeper and clock.
 */
public final class JobPoller {

    private static final Pattern JOB_ID = Pattern.compile("[A-Za-z0-9_-]{1,100}");

    private final JsonHttpClient client;
    private final Clock clock;
    private final Sleeper sleeper;
    private final Duration interval;
    private final Duration timeout;

    public JobPoller(JsonHttpClient client, Clock clock, Sleeper sleeper, Duration interval, Duration timeout) {
        this.client = client;
        this.clock = clock;
        this.sleeper = sleeper;
        this.interval = interval;
        this.timeout = timeout;
    }

    /**
     * The finished job ({@code completed}, {@code failed} or {@code killed}) given the response of the
     * call that queued it.
     *
     * @throws TransientException       if it did not finish within the timeout (it may still run)
     * @throws InvalidResponseException if the response holds no usable job
     */
    public JsonNode awaitCompletion(JsonNode queuedResponse) {
        JsonNode job = queuedResponse.path("job_status");
        JsonNode id = job.path("id");
        if (!job.isObject() || !id.isTextual() || !JOB_ID.matcher(id.asText()).matches()) {
            throw new InvalidResponseException(ErrorDetails.of("zendesk"), "zendesk bulk write: response has no usable job_status id");
        }
        Instant deadline = clock.instant().plus(timeout);
        while (isRunning(job)) {
            if (!clock.instant().isBefore(deadline)) {
                throw new TransientException(ErrorDetails.of("zendesk"),
                        "zendesk job " + id.asText() + " did not finish within " + timeout.toSeconds() + " s; it may still complete");
            }
            try {
                sleeper.sleep(interval);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new TransientException(ErrorDetails.of("zendesk"), "zendesk job polling interrupted", e);
            }
            job = client.get("/api/v2/job_statuses/" + id.asText()).path("job_status");
            if (!job.isObject()) {
                throw new InvalidResponseException(ErrorDetails.of("zendesk"), "zendesk job status response has no job_status");
            }
        }
        return job;
    }

    private static boolean isRunning(JsonNode job) {
        String status = job.path("status").asText("");
        return status.equals("queued") || status.equals("working");
    }
}
