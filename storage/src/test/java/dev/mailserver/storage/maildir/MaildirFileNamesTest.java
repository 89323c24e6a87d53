package dev.mailserver.storage.maildir;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;

import org.apache.james.core.MaybeSender;
import org.junit.jupiter.api.Test;

import dev.mailserver.core.QueueId;
import dev.mailserver.core.mailbox.LocalDelivery;
import dev.mailserver.storage.Addresses;

class MaildirFileNamesTest {
    private static final LocalDelivery DELIVERY = new LocalDelivery(new QueueId("01JC8Z3K5M7N9P0Q"), MaybeSender.nullSender(),
        Addresses.address("a@localhost"), Instant.ofEpochSecond(1_700_000_000), false);

    @Test
    void namesCarryArrivalQueueIdHostAndSize() {
        assertThat(new MaildirFileNames("mx1.example.com").name(DELIVERY, 1234)).isEqualTo("1700000000.Q01JC8Z3K5M7N9P0Q.mx1.example.com,S=1234");
    }

    @Test
    void theUniquePartIsTheSameOnEveryHost() {
        assertThat(new MaildirFileNames("other.host").name(DELIVERY, 1)).contains(MaildirFileNames.queueIdPart(DELIVERY));
    }

    @Test
    void escapesSlashAndColonInTheHostName() {
        assertThat(MaildirFileNames.escapeHostName("a/b:c")).isEqualTo("a\\057b\\072c");
        assertThat(new MaildirFileNames("a/b:c").name(DELIVERY, 0)).doesNotContain("/", ":");
    }
}
