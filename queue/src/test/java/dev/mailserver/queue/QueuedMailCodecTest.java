package dev.mailserver.queue;

import static dev.mailserver.queue.TestMail.ALICE;
import static dev.mailserver.queue.TestMail.BOB;
import static dev.mailserver.queue.TestMail.CAROL;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.time.Instant;
import java.util.List;

import org.apache.james.core.MaybeSender;
import org.junit.jupiter.api.Test;

import dev.mailserver.core.QueueId;
import dev.mailserver.core.queue.QueuedMail;
import dev.mailserver.core.queue.RecipientState;
import dev.mailserver.core.queue.RecipientStatus;

class QueuedMailCodecTest {
    private static final QueueId ID = QueueId.generate();
    private static final Instant ARRIVAL = Instant.parse("2025-03-01T10:00:00.123Z");

    @Test
    void aRecordSurvivesTheRoundTrip() throws IOException {
        QueuedMail mail = new QueuedMail(ID, MaybeSender.of(ALICE), List.of(
            new RecipientState(BOB, RecipientStatus.DELIVERED, "2.0.0 250 ok"),
            new RecipientState(CAROL, RecipientStatus.PENDING, "4.2.2 " + "x".repeat(100_000)),
            new RecipientState(TestMail.address("dave@example.com"), RecipientStatus.FAILED, "5.1.1 unknown, ünïcode")),
            123_456_789L, ARRIVAL, 3, ARRIVAL.plusSeconds(900));

        assertThat(QueuedMailCodec.decode(ID, QueuedMailCodec.encode(mail))).isEqualTo(mail);
    }

    @Test
    void theNullSenderSurvivesTheRoundTrip() throws IOException {
        QueuedMail mail = new QueuedMail(ID, MaybeSender.nullSender(), List.of(RecipientState.pending(BOB)), 0,
            ARRIVAL, 0, ARRIVAL);

        assertThat(QueuedMailCodec.decode(ID, QueuedMailCodec.encode(mail)).sender().isNullSender()).isTrue();
    }

    @Test
    void anUnknownFormatVersionIsRejected() {
        QueuedMail mail = new QueuedMail(ID, MaybeSender.of(ALICE), List.of(RecipientState.pending(BOB)), 0,
            ARRIVAL, 0, ARRIVAL);
        byte[] encoded = QueuedMailCodec.encode(mail);
        encoded[0] = 99;

        assertThatThrownBy(() -> QueuedMailCodec.decode(ID, encoded)).isInstanceOf(IOException.class)
            .hasMessageContaining("format version 99");
    }
}
