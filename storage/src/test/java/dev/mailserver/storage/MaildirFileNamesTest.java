package dev.mailserver.storage;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class MaildirFileNamesTest {
    @Test
    void namesCarryTimePidCounterHostAndSize() {
        String name = new MaildirFileNames("mx1.example.com").next(1234);

        assertThat(name).matches("\\d+\\.M\\d{1,6}P" + ProcessHandle.current().pid() + "Q\\d+\\.mx1\\.example\\.com,S=1234");
    }

    @Test
    void successiveNamesDiffer() {
        MaildirFileNames names = new MaildirFileNames("host");

        assertThat(names.next(1)).isNotEqualTo(names.next(1));
    }

    @Test
    void escapesSlashAndColonInTheHostName() {
        assertThat(MaildirFileNames.escapeHostName("a/b:c")).isEqualTo("a\\057b\\072c");
        assertThat(new MaildirFileNames("a/b:c").next(0)).doesNotContain("/", ":");
    }
}
