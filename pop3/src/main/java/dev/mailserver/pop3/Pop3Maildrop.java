package dev.mailserver.pop3;

import java.io.IOException;
import java.nio.file.Path;
import java.util.BitSet;
import java.util.List;
import java.util.Optional;

import dev.mailserver.storage.maildir.MaildirMessages;
import dev.mailserver.storage.maildir.MaildirMessages.StoredMessage;

/** A POP3 transaction's view of a mailbox: the messages numbered as at login, and those marked deleted. */
final class Pop3Maildrop {
    private final Path mailbox;
    private final List<StoredMessage> messages;
    private final BitSet deleted = new BitSet();

    private Pop3Maildrop(Path mailbox, List<StoredMessage> messages) {
        this.mailbox = mailbox;
        this.messages = messages;
    }

    static Pop3Maildrop open(Path mailbox) throws IOException {
        return new Pop3Maildrop(mailbox, MaildirMessages.list(mailbox));
    }

    Path mailbox() {
        return mailbox;
    }

    int size() {
        return messages.size();
    }

    /** The message numbered {@code number} (from 1), unless it is marked deleted or there is no such message. */
    Optional<StoredMessage> get(int number) {
        return number < 1 || number > messages.size() || deleted.get(number - 1) ? Optional.empty() : Optional.of(messages.get(number - 1));
    }

    boolean isDeleted(int number) {
        return deleted.get(number - 1);
    }

    void delete(int number) {
        deleted.set(number - 1);
    }

    void undeleteAll() {
        deleted.clear();
    }

    int liveCount() {
        return messages.size() - deleted.cardinality();
    }

    long liveSize() {
        long size = 0;
        for (int number = 1; number <= messages.size(); number++) {
            size += get(number).map(StoredMessage::size).orElse(0L);
        }
        return size;
    }

    /** Removes the messages marked deleted (the UPDATE state of RFC 1939). */
    int expunge() throws IOException {
        List<StoredMessage> gone = deleted.stream().mapToObj(messages::get).toList();
        MaildirMessages.remove(mailbox, gone);
        return gone.size();
    }
}
