package dev.mailserver.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class DeliveryResultTest {
    @Test
    void statusClassMustMatchTheOutcome() {
        assertThat(DeliveryResult.permanentFailure("5.1.1", "no such mailbox").isFinal()).isTrue();
        assertThat(DeliveryResult.temporaryFailure("4.3.0", "disk error").isFinal()).isFalse();
        assertThatThrownBy(() -> DeliveryResult.temporaryFailure("5.1.1", "wrong class"))
            .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> DeliveryResult.permanentFailure("5.1", "malformed"))
            .isInstanceOf(IllegalArgumentException.class);
    }
}
