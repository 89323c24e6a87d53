package dev.mailserver.queue;

import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.apache.james.core.Domain;
import org.apache.james.core.MailAddress;

import dev.mailserver.core.QueueId;
import dev.mailserver.core.queue.MessageDetails;
import dev.mailserver.core.queue.MessageState;
import dev.mailserver.core.queue.QueueAdministration;
import dev.mailserver.core.queue.QueueCounts;
import dev.mailserver.core.queue.QueueEntry;
import dev.mailserver.core.queue.QueueFilter;
import dev.mailserver.core.queue.QueuedMail;
import dev.mailserver.core.queue.backend.WorkSignal;

/**
 * The administrative operations on the spool. Reads walk the records column family (or read one record
 * for an id filter). Each change re-reads its record under the record lock and checks the filter again,
 * so it applies to the message as it stands; the changes are written without sync, a group of messages at
 * a time, and synced once at the end.
 */
final class SpoolAdministration implements QueueAdministration {
    /** How many messages a change writes at once, under their record locks. */
    private static final int GROUP_SIZE = 128;

    private final RocksSpool spool;
    private final RecordLocks locks;
    private final Leases leases;
    private final WorkSignal workSignal;
    private final Clock clock;

    SpoolAdministration(RocksSpool spool, RecordLocks locks, Leases leases, WorkSignal workSignal, Clock clock) {
        this.spool = spool;
        this.locks = locks;
        this.leases = leases;
        this.workSignal = workSignal;
        this.clock = clock;
    }

    @Override
    public List<QueueEntry> list(QueueFilter filter, int limit) throws IOException {
        List<QueueEntry> found = new ArrayList<>();
        if (limit > 0) {
            forEachMatching(filter, now(), entry -> {
                found.add(entry);
                return found.size() < limit;
            });
        }
        return found;
    }

    @Override
    public Optional<MessageDetails> show(QueueId id) throws IOException {
        Optional<StoredMail> stored = spool.find(id);
        if (stored.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new MessageDetails(entry(stored.get(), now()), spool.content(stored.get()).header().headers()));
    }

    @Override
    public QueueCounts counts() throws IOException {
        Map<MessageState, Long> byState = new EnumMap<>(MessageState.class);
        for (MessageState state : MessageState.values()) {
            byState.put(state, 0L);
        }
        Map<Domain, Long> byDomain = new HashMap<>();
        forEachMatching(QueueFilter.ALL, now(), entry -> {
            byState.merge(entry.state(), 1L, Long::sum);
            entry.mail().undeliveredRecipients().stream().map(MailAddress::getDomain).distinct()
                .forEach(domain -> byDomain.merge(domain, 1L, Long::sum));
            return true;
        });
        return new QueueCounts(byState, byDomain);
    }

    @Override
    public List<QueueId> flush(QueueFilter filter) throws IOException {
        return changeAndWake(filter, replacing((stored, now) -> stored.held() ? Optional.empty() : Optional.of(stored.dueAt(now))));
    }

    @Override
    public List<QueueId> hold(QueueFilter filter) throws IOException {
        return change(filter, replacing((stored, now) -> stored.held() ? Optional.empty() : Optional.of(stored.withHeld(true))));
    }

    @Override
    public List<QueueId> release(QueueFilter filter) throws IOException {
        return changeAndWake(filter,
            replacing((stored, now) -> stored.held() ? Optional.of(stored.withHeld(false).dueAt(now)) : Optional.empty()));
    }

    @Override
    public List<QueueId> requeue(QueueFilter filter) throws IOException {
        return changeAndWake(filter, replacing((stored, now) -> Optional.of(stored.requeued(now))));
    }

    @Override
    public List<QueueId> delete(QueueFilter filter) throws IOException {
        return change(filter, (stored, now, batch) -> {
            batch.delete(stored);
            leases.end(stored.mail().id());
            return true;
        });
    }

    private static Change replacing(Replacement replacement) {
        return (stored, now, batch) -> {
            Optional<StoredMail> replaced = replacement.apply(stored, now);
            if (replaced.isEmpty()) {
                return false;
            }
            batch.replace(stored, replaced.get());
            return true;
        };
    }

    /** A change that makes mail due: the delivery engine is woken as each group is written, not at the end. */
    private List<QueueId> changeAndWake(QueueFilter filter, Change change) throws IOException {
        return change(filter, change, workSignal::signal);
    }

    private List<QueueId> change(QueueFilter filter, Change change) throws IOException {
        return change(filter, change, () -> { });
    }

    /**
     * Changes the matching messages a group at a time, each group in one write under the record locks of its
     * messages. One write per message made a flush of a deep queue slow while mail was being delivered: each
     * write waited for the synced write of an attempt under way (RocksDB's group commit), so a flush of
     * 100,000 messages took about 45 s.
     */
    private List<QueueId> change(QueueFilter filter, Change change, Runnable afterEachGroup) throws IOException {
        Instant now = now();
        List<QueueId> matching = new ArrayList<>();
        forEachMatching(filter, now, entry -> matching.add(entry.mail().id()));
        List<QueueId> changed = new ArrayList<>();
        for (int from = 0; from < matching.size(); from += GROUP_SIZE) {
            List<QueueId> group = matching.subList(from, Math.min(from + GROUP_SIZE, matching.size()));
            List<QueueId> changedInGroup = locks.underLocks(group, () -> changeGroup(group, filter, now, change));
            if (!changedInGroup.isEmpty()) {
                changed.addAll(changedInGroup);
                afterEachGroup.run();
            }
        }
        if (!changed.isEmpty()) {
            spool.sync();
        }
        return changed;
    }

    private List<QueueId> changeGroup(List<QueueId> group, QueueFilter filter, Instant now, Change change) throws IOException {
        List<QueueId> changed = new ArrayList<>();
        try (SpoolBatch batch = spool.newBatch()) {
            for (QueueId id : group) {
                Optional<StoredMail> current = spool.find(id).filter(stored -> filter.matches(entry(stored, now), now));
                if (current.isPresent() && change.apply(current.get(), now, batch)) {
                    changed.add(id);
                }
            }
            if (!changed.isEmpty()) {
                spool.commitWithoutSync(batch);
            }
        }
        return changed;
    }

    private void forEachMatching(QueueFilter filter, Instant now, EntryVisitor visitor) throws IOException {
        RocksSpool.RecordVisitor matching = stored -> {
            QueueEntry entry = entry(stored, now);
            return !filter.matches(entry, now) || visitor.visit(entry);
        };
        if (filter.id().isPresent()) {
            Optional<StoredMail> stored = spool.find(filter.id().get());
            if (stored.isPresent()) {
                matching.visit(stored.get());
            }
        } else {
            spool.forEachRecord(matching);
        }
    }

    private QueueEntry entry(StoredMail stored, Instant now) {
        QueuedMail mail = stored.mail();
        MessageState state;
        if (stored.held()) {
            state = MessageState.HELD;
        } else if (leases.isActive(mail.id(), now)) {
            state = MessageState.ACTIVE;
        } else {
            state = mail.attempts() > 0 ? MessageState.DEFERRED : MessageState.QUEUED;
        }
        return new QueueEntry(mail, state);
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }

    /** One message's change: adds it to the batch and says whether there was anything to change. */
    @FunctionalInterface
    private interface Change {
        boolean apply(StoredMail stored, Instant now, SpoolBatch batch) throws IOException;
    }

    /** One message's new record, or empty when there is nothing to change. */
    @FunctionalInterface
    private interface Replacement {
        Optional<StoredMail> apply(StoredMail stored, Instant now);
    }

    @FunctionalInterface
    private interface EntryVisitor {
        /** @return whether to go on with the next entry */
        boolean visit(QueueEntry entry);
    }
}
