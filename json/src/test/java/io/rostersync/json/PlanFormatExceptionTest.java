package io.rostersync.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.rostersync.spi.FailureKind;
import io.rostersync.spi.ValidationException;
import org.junit.jupiter.api.Test;

class PlanFormatExceptionTest {

    @Test
    void anUnreadableDocumentIsAValidationFailure() {
        // SyncRunner reads in full when the stored report is unreadable; it recognises that by this kind.
        assertThatThrownBy(() -> PlanJson.readReport("{\"format\": \"nothing we wrote\"}"))
                .isInstanceOf(PlanFormatException.class)
                .isInstanceOf(ValidationException.class)
                .satisfies(e -> assertThat(((PlanFormatException) e).kind()).isEqualTo(FailureKind.VALIDATION));
    }
}
