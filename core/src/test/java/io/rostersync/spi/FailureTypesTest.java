package io.rostersync.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.rostersync.engine.GuardRefusedException;
import io.rostersync.engine.PlanRejectedException;
import io.rostersync.engine.SyncBusyException;
import io.rostersync.model.SyncId;
import io.rostersync.policy.GuardVerdict;
import java.io.IOException;
import java.lang.reflect.Modifier;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class FailureTypesTest {

    /** The documented table of {@link RosterSyncException}: one concrete type per kind. */
    private static final Map<FailureKind, Class<? extends RosterSyncException>> TYPES = new EnumMap<>(Map.ofEntries(
            Map.entry(FailureKind.AUTH_FAILED, AuthFailedException.class),
            Map.entry(FailureKind.PERMISSION_DENIED, PermissionDeniedException.class),
            Map.entry(FailureKind.NOT_FOUND, NotFoundException.class),
            Map.entry(FailureKind.CONFLICT, ConflictException.class),
            Map.entry(FailureKind.ALREADY_EXISTS, AlreadyExistsException.class),
            Map.entry(FailureKind.VALIDATION, ValidationException.class),
            Map.entry(FailureKind.LICENSE_SHORTFALL, LicenseShortfallException.class),
            Map.entry(FailureKind.RATE_LIMITED, RateLimitedException.class),
            Map.entry(FailureKind.TRANSIENT, TransientException.class),
            Map.entry(FailureKind.UNSUPPORTED, UnsupportedCapabilityException.class),
            Map.entry(FailureKind.INVALID_RESPONSE, InvalidResponseException.class),
            Map.entry(FailureKind.INVALID_CONFIGURATION, InvalidConfigurationException.class),
            Map.entry(FailureKind.UNKNOWN, UnknownFailureException.class)));

    @Test
    void everyKindHasItsOwnConcreteType() {
        assertThat(TYPES.keySet()).containsExactlyInAnyOrder(FailureKind.values());
        assertThat(new HashSet<>(TYPES.values())).hasSize(FailureKind.values().length);
        assertThat(Modifier.isAbstract(RosterSyncException.class.getModifiers())).isTrue();
        TYPES.values().forEach(type -> assertThat(Modifier.isAbstract(type.getModifiers())).as(type.getName()).isFalse());
    }

    @ParameterizedTest
    @EnumSource(FailureKind.class)
    void aKindMakesItsTypeAndTheTypeGivesTheKindBack(FailureKind kind) {
        ErrorDetails details = new ErrorDetails(Optional.of("acme"), OptionalInt.of(418), Optional.of("TEAPOT"),
                Optional.of("short and stout"), Optional.of("req-1"), Optional.of(Duration.ofSeconds(7)));
        IOException cause = new IOException("underneath");

        RosterSyncException e = RosterSyncException.of(kind, details, "it failed", cause);

        assertThat(e.getClass()).isEqualTo(TYPES.get(kind));
        assertThat(e.kind()).isEqualTo(kind);
        assertThat(e).hasMessage("it failed").hasCause(cause);
        assertThat(e.details()).isEqualTo(details);
        assertThat(e.vendor()).contains("acme");
        assertThat(e.httpStatus()).hasValue(418);
        assertThat(e.vendorCode()).contains("TEAPOT");
        assertThat(e.vendorMessage()).contains("short and stout");
        assertThat(e.requestId()).contains("req-1");
        assertThat(e.retryAfter()).contains(Duration.ofSeconds(7));
        assertThat(RosterSyncException.of(kind, "plain")).isExactlyInstanceOf(TYPES.get(kind))
                .satisfies(plain -> assertThat(plain.kind()).isEqualTo(kind));
    }

    @ParameterizedTest
    @EnumSource(FailureKind.class)
    void aWriteFailureBecomesTheExceptionOfItsKindAndBack(FailureKind kind) {
        WriteFailure failure = WriteFailure.of(kind, "no seat", "LICENSE_LIMIT_EXCEEDED");

        RosterSyncException e = failure.toException();

        assertThat(e).isExactlyInstanceOf(TYPES.get(kind)).hasMessage("no seat");
        assertThat(e.vendorCode()).contains("LICENSE_LIMIT_EXCEEDED");
        assertThat(e.vendor()).isEmpty();
        assertThat(WriteFailure.from(e)).isEqualTo(failure);
    }

    @Test
    void aFailureWithNoVendorCarriesNoVendorContext() {
        RosterSyncException e = new TransientException("state store: connection refused");

        assertThat(e.details()).isEqualTo(ErrorDetails.none());
        assertThat(List.of(e.vendor(), e.vendorCode(), e.vendorMessage(), e.requestId())).allMatch(Optional::isEmpty);
        assertThat(e.httpStatus()).isEmpty();
        assertThat(e.retryAfter()).isEmpty();
    }

    @Test
    void anAlreadyExistsIsAConflict() {
        assertThat(new AlreadyExistsException("taken")).isInstanceOf(ConflictException.class)
                .satisfies(e -> assertThat(e.kind()).isEqualTo(FailureKind.ALREADY_EXISTS));
        assertThat(new ConflictException("taken").kind()).isEqualTo(FailureKind.CONFLICT);
    }

    @Test
    void theEnginesOwnExceptionsAreTypedByWhatTheCallerCanDo() {
        Lease lease = new Lease(SyncId.of("s"), "node-1", 3, Instant.EPOCH.plusSeconds(60));
        Map<RosterSyncException, Class<? extends RosterSyncException>> expected = Map.of(
                new StaleLeaseException(lease), ConflictException.class,
                new SyncBusyException(SyncId.of("s")), ConflictException.class,
                new GuardRefusedException(GuardVerdict.refuse("empty source")), ValidationException.class,
                new PlanRejectedException(PlanRejectedException.Reason.TOO_OLD, "old"), ValidationException.class,
                new UnsupportedCapabilityException("app", Capability.DELETE), UnsupportedCapabilityException.class);
        expected.forEach((e, type) -> {
            assertThat(e).as(e.getClass().getSimpleName()).isInstanceOf(type);
            assertThat(e.kind()).as(e.getClass().getSimpleName()).isEqualTo(kindOf(type));
        });
        assertThat(new UnsupportedCapabilityException("app", Capability.DELETE).capability()).contains(Capability.DELETE);
    }

    @Test
    void detailsRejectWhatCannotBeAnHttpFailure() {
        assertThatThrownBy(() -> new ErrorDetails(Optional.empty(), OptionalInt.of(42), Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.empty())).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("42");
        assertThatThrownBy(() -> new ErrorDetails(Optional.empty(), OptionalInt.empty(), Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.of(Duration.ofSeconds(-1)))).isInstanceOf(IllegalArgumentException.class);
    }

    private static FailureKind kindOf(Class<? extends RosterSyncException> type) {
        Set<FailureKind> kinds = new HashSet<>();
        TYPES.forEach((k, t) -> {
            if (t == type) {
                kinds.add(k);
            }
        });
        return kinds.iterator().next();
    }
}
