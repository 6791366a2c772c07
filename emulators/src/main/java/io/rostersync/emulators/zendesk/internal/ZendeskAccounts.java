package io.rostersync.emulators.zendesk.internal;

import io.rostersync.emulators.Fault;
import io.rostersync.emulators.Route;
import io.rostersync.emulators.internal.VendorHooks;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import mockwebserver3.MockResponse;
import mockwebserver3.RecordedRequest;

/**
 * The accounts one Zendesk emulator serves on its one server: the first one, configured by the builder, and
 * any added later, each with its own data, jobs, export and rate limits and each its own lock. A request goes
 * to the account whose API token email its {@code Basic} credential names; every other request (the token
 * endpoint, bearer tokens, no credential, an unknown email) goes to the first account, which answers it as
 * before accounts existed.
 */
public final class ZendeskAccounts implements VendorHooks {

    private final ZendeskRoutes first;
    private final Map<String, ZendeskRoutes> byEmail = new ConcurrentHashMap<>();

    /**
     * @param first the builder's account
     */
    public ZendeskAccounts(ZendeskRoutes first) {
        this.first = first;
    }

    /** The builder's account. */
    public ZendeskRoutes first() {
        return first;
    }

    /**
     * Adds an account reached with an API token of {@code email} (lower case).
     *
     * @throws IllegalArgumentException if an account already takes this email
     */
    public synchronized void add(String email, ZendeskRoutes account, Map<String, String> firstAccountTokens) {
        if (firstAccountTokens.containsKey(email) || byEmail.containsKey(email)) {
            throw new IllegalArgumentException("another account of this emulator already has an API token for " + email
                    + "; give each account its own agent email");
        }
        byEmail.put(email, account);
    }

    /** Every account, the first one first. */
    public List<ZendeskRoutes> all() {
        List<ZendeskRoutes> all = new ArrayList<>();
        all.add(first);
        all.addAll(byEmail.values());
        return all;
    }

    /** The account a request is for. */
    ZendeskRoutes of(RecordedRequest request) {
        if (byEmail.isEmpty()) {
            return first;
        }
        Optional<String> email = ZendeskAuth.basicEmail(request.getHeaders().get("Authorization"));
        if (email.isEmpty()) {
            return first;
        }
        return byEmail.getOrDefault(email.get().toLowerCase(Locale.ROOT), first);
    }

    @Override
    public MockResponse serve(RecordedRequest request) {
        return of(request).serve(request);
    }

    @Override
    public MockResponse error(int status, String detail) {
        return first.error(status, detail);
    }

    @Override
    public MockResponse error(RecordedRequest request, int status, String detail) {
        return of(request).error(request, status, detail);
    }

    @Override
    public MockResponse tokenExpired(RecordedRequest request) {
        return of(request).tokenExpired(request);
    }

    @Override
    public List<Route> listRoutes() {
        return first.listRoutes();
    }

    @Override
    public MockResponse emptyList(RecordedRequest request) {
        return of(request).emptyList(request);
    }

    @Override
    public List<Route> tokenRoutes() {
        return first.tokenRoutes();
    }

    @Override
    public String jsonContentType() {
        return first.jsonContentType();
    }

    @Override
    public List<Route> batchRoutes() {
        return first.batchRoutes();
    }

    @Override
    public MockResponse partialBatchFailure(RecordedRequest request, Fault.PartialBatchFailure fault) {
        return of(request).partialBatchFailure(request, fault);
    }
}
