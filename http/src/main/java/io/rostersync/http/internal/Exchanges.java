package io.rostersync.http.internal;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** The one way this module puts a request on the wire, data calls and token calls alike. */
public final class Exchanges {

    private Exchanges() {
    }

    /**
     * Sends and waits for the whole response, body included, at most {@code timeout}: the JDK client's own
     * request timeout stops counting once the headers arrive, so a server trickling its body would hold a
     * sync forever. On the deadline the exchange is cancelled, which closes its connection.
     *
     * @throws HttpTimeoutException when the response is not complete within {@code timeout}
     * @throws IOException          for any other transport failure
     */
    public static HttpResponse<byte[]> sendWithin(HttpClient client, HttpRequest request, Duration timeout)
            throws IOException, InterruptedException {
        CompletableFuture<HttpResponse<byte[]>> pending = client.sendAsync(request, HttpResponse.BodyHandlers.ofByteArray());
        try {
            return pending.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            pending.cancel(true);
            throw new HttpTimeoutException("response not complete within " + timeout.toMillis() + " ms");
        } catch (InterruptedException e) {
            pending.cancel(true);
            throw e;
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof IOException io) {
                throw io;
            }
            if (cause instanceof RuntimeException re) {
                throw re;
            }
            if (cause instanceof Error err) {
                throw err;
            }
            throw new IOException(cause == null ? "request failed" : cause.getClass().getSimpleName(), cause);
        }
    }
}
