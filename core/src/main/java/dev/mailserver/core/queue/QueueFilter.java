package dev.mailserver.core.queue;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

import org.apache.james.core.Domain;
import org.apache.james.core.MailAddress;
import org.apache.james.core.MaybeSender;

import dev.mailserver.core.QueueId;

/**
 * Which queued messages an administrative operation applies to: those that meet every criterion given.
 * Start from {@link #ALL} or {@link #id(QueueId)} and narrow with the {@code with...} methods, e.g.
 * {@code QueueFilter.ALL.withDomain(Domain.of("example.org")).withState(MessageState.DEFERRED)}.
 *
 * <p>Recipient and domain criteria look at the recipients that are not delivered yet, like Postfix's
 * {@code mailq}: a message whose recipient at a domain has been delivered is no longer mail for that domain.
 *
 * @param sender the envelope sender, {@link MaybeSender#nullSender()} for bounces
 * @param minAge at least this long since the message arrived
 * @param maxAge at most this long since the message arrived
 */
public record QueueFilter(Optional<QueueId> id, Optional<MaybeSender> sender, Optional<MailAddress> recipient,
                          Optional<Domain> domain, Optional<Duration> minAge, Optional<Duration> maxAge,
                          Optional<MessageState> state) {
    /** Every message in the queue. */
    public static final QueueFilter ALL = new QueueFilter(Optional.empty(), Optional.empty(), Optional.empty(),
        Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty());

    public QueueFilter {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(sender, "sender");
        Objects.requireNonNull(recipient, "recipient");
        Objects.requireNonNull(domain, "domain");
        Objects.requireNonNull(state, "state");
        if (minAge.filter(Duration::isNegative).isPresent() || maxAge.filter(Duration::isNegative).isPresent()) {
            throw new IllegalArgumentException("an age cannot be negative: " + minAge + ", " + maxAge);
        }
    }

    /** The one message with this id. */
    public static QueueFilter id(QueueId id) {
        return ALL.withId(id);
    }

    public QueueFilter withId(QueueId value) {
        return new QueueFilter(Optional.of(value), sender, recipient, domain, minAge, maxAge, state);
    }

    public QueueFilter withSender(MaybeSender value) {
        return new QueueFilter(id, Optional.of(value), recipient, domain, minAge, maxAge, state);
    }

    public QueueFilter withRecipient(MailAddress value) {
        return new QueueFilter(id, sender, Optional.of(value), domain, minAge, maxAge, state);
    }

    public QueueFilter withDomain(Domain value) {
        return new QueueFilter(id, sender, recipient, Optional.of(value), minAge, maxAge, state);
    }

    public QueueFilter withMinAge(Duration value) {
        return new QueueFilter(id, sender, recipient, domain, Optional.of(value), maxAge, state);
    }

    public QueueFilter withMaxAge(Duration value) {
        return new QueueFilter(id, sender, recipient, domain, minAge, Optional.of(value), state);
    }

    public QueueFilter withState(MessageState value) {
        return new QueueFilter(id, sender, recipient, domain, minAge, maxAge, Optional.of(value));
    }

    /** Whether the entry meets every criterion, its age counted up to {@code now}. */
    public boolean matches(QueueEntry entry, Instant now) {
        QueuedMail mail = entry.mail();
        Duration age = Duration.between(mail.arrivedAt(), now);
        return id.map(mail.id()::equals).orElse(true)
            && sender.map(mail.sender()::equals).orElse(true)
            && recipient.map(mail.undeliveredRecipients()::contains).orElse(true)
            && domain.map(wanted -> mail.undeliveredRecipients().stream().anyMatch(address -> address.getDomain().equals(wanted)))
                .orElse(true)
            && minAge.map(min -> age.compareTo(min) >= 0).orElse(true)
            && maxAge.map(max -> age.compareTo(max) <= 0).orElse(true)
            && state.map(entry.state()::equals).orElse(true);
    }
}
