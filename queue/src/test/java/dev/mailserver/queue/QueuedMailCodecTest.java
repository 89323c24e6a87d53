package dev.mailserver.queue;

import static dev.mailserver.core.testing.TestMail.ALICE;
import static dev.mailserver.core.testing.TestMail.BOB;
import static dev.mailserver.core.testing.TestMail.CAROL;
import static dev.mailserver.core.testing.TestMail.address;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.apache.james.core.MaybeSender;
import org.junit.jupiter.api.Test;

import dev.mailserver.core.DsnNotify;
import dev.mailserver.core.DsnReturn;
import dev.mailserver.core.EnvelopeOptions;
import dev.mailserver.core.OriginalRecipient;
import dev.mailserver.core.QueueId;
import dev.mailserver.core.RecipientOptions;
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
            123_456_789L, ARRIVAL, 3, ARRIVAL.plusSeconds(900), EnvelopeOptions.NONE), true, false);

        assertThat(QueuedMailCodec.decode(ID, QueuedMailCodec.encode(stored))).isEqualTo(stored);
        StoredMail warned = new StoredMail(stored.mail(), false, true);
        assertThat(QueuedMailCodec.decode(ID, QueuedMailCodec.encode(warned))).isEqualTo(warned);
    }

    @Test
    void theNullSenderSurvivesTheRoundTrip() throws IOException {
        QueuedMail mail = new QueuedMail(ID, MaybeSender.nullSender(), List.of(RecipientState.pending(BOB)), 0,
            ARRIVAL, 0, ARRIVAL, EnvelopeOptions.NONE);

        StoredMail decoded = QueuedMailCodec.decode(ID, QueuedMailCodec.encode(StoredMail.fresh(mail)));

        assertThat(decoded.mail().sender().isNullSender()).isTrue();
    }

    @Test
    void anUnknownFormatVersionIsRejected() {
        QueuedMail mail = new QueuedMail(ID, MaybeSender.of(ALICE), List.of(RecipientState.pending(BOB)), 0,
            ARRIVAL, 0, ARRIVAL, EnvelopeOptions.NONE);
        byte[] encoded = QueuedMailCodec.encode(StoredMail.fresh(mail));
        encoded[0] = 99;

        assertThatThrownBy(() -> QueuedMailCodec.decode(ID, encoded)).isInstanceOf(IOException.class)
            .hasMessageContaining("format version 99");
    }

    @Test
    void aVersionOneRecordReadsAsNeitherHeldNorWarned() throws IOException {
        QueuedMail mail = new QueuedMail(ID, MaybeSender.of(ALICE), List.of(RecipientState.pending(BOB)), 42,
            ARRIVAL, 1, ARRIVAL.plusSeconds(60), EnvelopeOptions.NONE);
        byte[] version2 = versionTwo(QueuedMailCodec.encode(new StoredMail(mail, true, true)), 1);
        byte[] version1 = new byte[version2.length - 1];
        version1[0] = 1;
        System.arraycopy(version2, 2, version1, 1, version2.length - 2);

        assertThat(QueuedMailCodec.decode(ID, version1)).isEqualTo(StoredMail.fresh(mail));
    }

    @Test
    void theMailAndRcptParametersSurviveTheRoundTrip() throws IOException {
        EnvelopeOptions options = new EnvelopeOptions(Optional.of("QQ314159 ü"), Optional.of(DsnReturn.HDRS), true, true);
        QueuedMail mail = new QueuedMail(ID, MaybeSender.of(ALICE), List.of(
            RecipientState.pending(BOB, new RecipientOptions(DsnNotify.of(Set.of(DsnNotify.Event.SUCCESS, DsnNotify.Event.DELAY)),
                Optional.of(new OriginalRecipient("rfc822", "bob@old.example")))),
            RecipientState.pending(CAROL, RecipientOptions.NONE.withNotify(DsnNotify.NEVER)),
            RecipientState.pending(address("dave@example.com"))), 7, ARRIVAL, 0, ARRIVAL, options);

        StoredMail decoded = QueuedMailCodec.decode(ID, QueuedMailCodec.encode(StoredMail.fresh(mail)));

        assertThat(decoded.mail()).isEqualTo(mail);
        assertThat(decoded.mail().recipients().get(1).options().notifyOn().wantsFailure()).isFalse();
        assertThat(decoded.mail().recipients().get(2).options()).isEqualTo(RecipientOptions.NONE);
    }

    @Test
    void aVersionTwoRecordReadsWithoutOptions() throws IOException {
        QueuedMail mail = new QueuedMail(ID, MaybeSender.of(ALICE), List.of(RecipientState.pending(BOB), RecipientState.pending(CAROL)),
            42, ARRIVAL, 1, ARRIVAL.plusSeconds(60), EnvelopeOptions.NONE);
        StoredMail stored = new StoredMail(mail, true, false);

        assertThat(QueuedMailCodec.decode(ID, versionTwo(QueuedMailCodec.encode(stored), 2))).isEqualTo(stored);
    }

    @Test
    void aRecordWhoseContentIsInAFileKeepsItsHeadLengthAndSkippedBytes() throws IOException {
        QueuedMail mail = new QueuedMail(ID, MaybeSender.of(ALICE), List.of(RecipientState.pending(BOB)), 200_000,
            ARRIVAL, 0, ARRIVAL, EnvelopeOptions.NONE);
        StoredMail stored = new StoredMail(mail, true, false, new ContentInFile(812, 640));

        assertThat(QueuedMailCodec.decode(ID, QueuedMailCodec.encode(stored))).isEqualTo(stored);
    }

    @Test
    void aVersionThreeRecordReadsWithItsContentInTheContentFamily() throws IOException {
        QueuedMail mail = new QueuedMail(ID, MaybeSender.of(ALICE), List.of(RecipientState.pending(BOB)), 42,
            ARRIVAL, 1, ARRIVAL.plusSeconds(60), EnvelopeOptions.NONE);
        StoredMail stored = new StoredMail(mail, false, true);
        byte[] version3 = QueuedMailCodec.encode(stored);
        version3[0] = 3;

        StoredMail decoded = QueuedMailCodec.decode(ID, version3);
        assertThat(decoded).isEqualTo(stored);
        assertThat(decoded.contentFile()).isNull();
    }

    /** A record as version 2 wrote it: the current one without the options of a message that has none. */
    private static byte[] versionTwo(byte[] current, int recipients) {
        byte[] version2 = Arrays.copyOf(current, current.length - 3 - 2 * recipients);
        version2[0] = 2;
        return version2;
    }
}
