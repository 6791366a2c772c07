package io.rostersync.emulators.internal;

import io.rostersync.emulators.Fault;
import io.rostersync.emulators.Route;
import java.util.List;
import mockwebserver3.MockResponse;
import mockwebserver3.RecordedRequest;

/**
 * What one vendor's emulator tells the {@link EmulatorEngine}: how to serve a request normally, and how its
 * vendor shapes the faults whose form differs per vendor (error body, expired token, empty list, partly
 * failed batch).
 */
public interface VendorHooks {

    /** The normal response to {@code request}, with every side effect (a create stores the user). */
    MockResponse serve(RecordedRequest request);

    /** An error response with the vendor's error body for {@code status} (the engine adds {@code Retry-After}). */
    MockResponse error(int status, String detail);

    /** The 401 the vendor answers for an expired token; may also revoke the token the request carried. */
    default MockResponse tokenExpired(RecordedRequest request) {
        return error(401, "The access token expired");
    }

    /** The routes that answer a page of a list; {@link Fault.EmptyList} and list changes apply only there. */
    default List<Route> listRoutes() {
        return List.of();
    }

    /** An empty page of the list {@code request} asks for, as the vendor shapes one. */
    default MockResponse emptyList(RecordedRequest request) {
        throw new UnsupportedOperationException("this emulator declares no list route");
    }

    /** The routes that take a batch of items; {@link Fault.PartialBatchFailure} applies only there. */
    default List<Route> batchRoutes() {
        return List.of();
    }

    /** The response to the batch {@code request} with the fault's items failing and the others processed. */
    default MockResponse partialBatchFailure(RecordedRequest request, Fault.PartialBatchFailure fault) {
        throw new UnsupportedOperationException("this emulator declares no batch route");
    }

    /** The content type of the vendor's JSON responses, used for a malformed body. */
    default String jsonContentType() {
        return "application/json; charset=utf-8";
    }
}
