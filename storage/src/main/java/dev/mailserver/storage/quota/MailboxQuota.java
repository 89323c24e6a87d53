package dev.mailserver.storage.quota;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;

import org.apache.james.core.MailAddress;

import dev.mailserver.core.DeliveryResult;
import dev.mailserver.storage.maildir.MailboxPermissions;
import dev.mailserver.storage.maildir.MaildirSize;

/**
 * Quota enforcement at delivery: a message that would take a mailbox over its {@link Quotas limits} is deferred
 * with {@code 4.2.2} (and bounces once the queue's lifetime is over), usage is kept in the mailbox's
 * {@link MaildirSize maildirsize}, and crossing the warning share of a limit is reported once. What the last
 * delivery learnt is remembered for a minute, so that RCPT can refuse a full mailbox without reading a file.
 */
public final class MailboxQuota {
    public static final MailboxQuota NONE = new MailboxQuota(null, 100, Clock.systemUTC());
    private static final Duration REMEMBERED = Duration.ofMinutes(1);

    private final Quotas quotas;
    private final int warningPercent;
    private final Clock clock;
    private final Map<String, Instant> fullSince = new ConcurrentHashMap<>();
    private final ReentrantLock[] mailboxLocks = new ReentrantLock[64];

    /** @param warningPercent the share of a limit past which the user is warned; 100 for no warning */
    public MailboxQuota(Quotas quotas, int warningPercent, Clock clock) {
        this.quotas = quotas;
        this.warningPercent = warningPercent;
        this.clock = Objects.requireNonNull(clock, "clock");
        if (warningPercent <= 0) {
            throw new IllegalArgumentException("the warning share is a positive percentage, not " + warningPercent);
        }
        Arrays.setAll(mailboxLocks, index -> new ReentrantLock());
    }

    /** Whether the mailbox has limits, so that its deliveries are counted (and {@link #lockFor locked} while they are). */
    public boolean counts(MailAddress mailbox) {
        return quotas != null && !quotas.of(mailbox).isUnlimited();
    }

    /**
     * Held by this process's deliveries to a mailbox with limits from the quota check until the {@code maildirsize} line is written,
     * so that they count each message once (other writers, such as Dovecot, are reconciled by recounting).
     */
    public ReentrantLock lockFor(Path mailboxDirectory) {
        return mailboxLocks[Math.floorMod(mailboxDirectory.hashCode(), mailboxLocks.length)];
    }

    public int warningPercent() {
        return warningPercent;
    }

    /** From memory only (callers may be on a network thread): whether a delivery within the last minute found the mailbox full. */
    public boolean isKnownFull(MailAddress mailbox) {
        Instant since = fullSince.get(key(mailbox));
        return since != null && since.plus(REMEMBERED).isAfter(clock.instant());
    }

    /** The mailbox's limits and usage as they stand, for a delivery of {@code size} bytes. */
    public Check check(Path mailboxDirectory, MailAddress mailbox, long size, MailboxPermissions permissions) throws IOException {
        if (quotas == null) {
            return new Check(QuotaLimits.NONE, QuotaUsage.EMPTY, size);
        }
        QuotaLimits limits = quotas.of(mailbox);
        if (limits.isUnlimited()) {
            return new Check(limits, QuotaUsage.EMPTY, size);
        }
        Check check = new Check(limits, MaildirSize.read(mailboxDirectory, limits, permissions), size);
        if (check.refusal().isPresent()) {
            fullSince.put(key(mailbox), clock.instant());
        } else {
            fullSince.remove(key(mailbox));
        }
        return check;
    }

    /**
     * Records a stored message in the mailbox's {@code maildirsize}.
     *
     * @return whether it took the mailbox past the warning share of a limit
     */
    public boolean stored(Path mailboxDirectory, Check check, MailboxPermissions permissions) throws IOException {
        if (check.limits().isUnlimited()) {
            return false;
        }
        MaildirSize.add(mailboxDirectory, check.limits(), permissions, check.size(), 1);
        return warningPercent < 100 && !check.limits().isPastShare(check.usage(), warningPercent) && check.limits().isPastShare(check.after(), warningPercent);
    }

    private static String key(MailAddress mailbox) {
        return mailbox.asString().toLowerCase(Locale.ROOT);
    }

    /** A mailbox's limits and usage before a delivery of {@code size} bytes. */
    public record Check(QuotaLimits limits, QuotaUsage usage, long size) {
        QuotaUsage after() {
            return usage.plus(size, 1);
        }

        public Optional<DeliveryResult> refusal() {
            return limits.isExceededBy(after())
                ? Optional.of(DeliveryResult.temporaryFailure("4.2.2", "mailbox full: " + usage.bytes() + " of " + limits.bytes()
                    + " bytes, " + usage.messages() + " of " + limits.messages() + " messages used (0: no limit)"))
                : Optional.empty();
        }

        public String describe() {
            return String.format(Locale.ROOT, "%d of %d bytes and %d of %d messages (0: no limit)",
                after().bytes(), limits.bytes(), after().messages(), limits.messages());
        }
    }
}
