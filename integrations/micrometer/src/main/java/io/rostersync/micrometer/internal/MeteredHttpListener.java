package io.rostersync.micrometer.internal;

import io.rostersync.http.HttpListener;
import java.time.Duration;
import java.util.Objects;

/** Counts each HTTP attempt and wait in the meters (contained), then tells the settings' earlier listener. */
public final class MeteredHttpListener implements HttpListener {

    private final Meters meters;
    private final HttpListener host;

    public MeteredHttpListener(Meters meters, HttpListener host) {
        this.meters = Objects.requireNonNull(meters, "meters");
        this.host = Objects.requireNonNull(host, "listener");
    }

    /** Whether this listener already records into {@code other}. */
    public boolean recordsInto(Meters other) {
        return meters == other;
    }

    @Override
    public void responded(String vendor, int status) {
        Contained.run("an HTTP response", () -> meters.request(vendor, status));
        host.responded(vendor, status);
    }

    @Override
    public void failedWithoutResponse(String vendor) {
        Contained.run("an HTTP failure", () -> meters.request(vendor, -1));
        host.failedWithoutResponse(vendor);
    }

    @Override
    public void waited(String vendor, Wait reason, Duration time) {
        Contained.run("an HTTP wait", () -> meters.waited(vendor, reason, time));
        host.waited(vendor, reason, time);
    }
}
