package dev.mailserver.queue;

import static dev.mailserver.core.testing.TestMail.ALICE;
import static dev.mailserver.core.testing.TestMail.BOB;
import static dev.mailserver.core.testing.TestMail.CAROL;
import static dev.mailserver.core.testing.TestMail.address;
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
        StoredMail stored = new StoredMail(new QueuedMail(ID, MaybeSender.of(ALICE), List.of(
            new RecipientState(BOB, RecipientStatus.DELIVERED, "2.0.0 250 ok"),
            new RecipientState(CAROL, RecipientStatus.PENDING, "4.2.2 " + "x".repeat(100_000)),
            new RecipientState(address("dave@example.com"), RecipientStatus.FAILED, "5.1.1 unknown, ünïcode")),
            123_456_789L, ARRIVAL, 3, ARRIVAL.plusSeconds(900)), true, false);

        assertThat(QueuedMailCodec.decode(ID, QueuedMailCodec.encode(stored))).isEqualTo(stored);
        StoredMail warned = new StoredMail(stored.mail(), false, true);
        assertThat(QueuedMailCodec.decode(ID, QueuedMailCodec.encode(warned))).isEqualTo(warned);
    }

    @Test
    void theNullSenderSurvivesTheRoundTrip() throws IOException {
        QueuedMail mail = new QueuedMail(ID, MaybeSender.nullSender(), List.of(RecipientState.pending(BOB)), 0,
            ARRIVAL, 0, ARRIVAL);

        StoredMail decoded = QueuedMailCodec.decode(ID, QueuedMailCodec.encode(StoredMail.fresh(mail)));

        assertThat(decoded.mail().sender().isNullSender()).isTrue();
    }

    @Test
    void anUnknownFormatVersionIsRejected() {
        QueuedMail mail = new QueuedMail(ID, MaybeSender.of(ALICE), List.of(RecipientState.pending(BOB)), 0,
            ARRIVAL, 0, ARRIVAL);
        byte[] encoded = QueuedMailCodec.encode(StoredMail.fresh(mail));
        encoded[0] = 99;

        assertThatThrownBy(() -> QueuedMailCodec.decode(ID, encoded)).isInstanceOf(IOException.class)
            .hasMessageContaining("format version 99");
    }

    @Test
    void aVersionOneRecordReadsAsNeitherHeldNorWarned() throws IOException {
        QueuedMail mail = new QueuedMail(ID, MaybeSender.of(ALICE), List.of(RecipientState.pending(BOB)), 42,
            ARRIVAL, 1, ARRIVAL.plusSeconds(60));
        byte[] version2 = QueuedMailCodec.encode(new StoredMail(mail, true, true));
        byte[] version1 = new byte[version2.length - 1];
        version1[0] = 1;
        System.arraycopy(version2, 2, version1, 1, version2.length - 2);

        assertThat(QueuedMailCodec.decode(ID, version1)).isEqualTo(StoredMail.fresh(mail));
    }
}
