package dev.mailserver.storage.sieve;

import java.io.IOException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

import org.apache.james.core.MailAddress;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.mailserver.core.DeliveryResult;
import dev.mailserver.core.MessageContent;
import dev.mailserver.core.OutgoingMessage;
import dev.mailserver.core.mailbox.Forwarding;
import dev.mailserver.core.mailbox.LocalDelivery;
import dev.mailserver.core.mailbox.MailboxStore;
import dev.mailserver.storage.maildir.MaildirStore;
import dev.mailserver.storage.maildir.TraceHeaders;

/**
 * Runs the mailbox owner's active Sieve script over each message before it is stored, and does what it decides:
 * stores into folders (with flags), redirects through {@link Forwarding}, rejects with {@code 5.7.1} (the sender
 * gets the DSN), discards, or replies once per sender as {@code vacation}. Redirects and replies are returned as the
 * delivery's {@linkplain DeliveryResult#followUps() follow-ups}, queued once with the delivery. A script that is
 * broken or fails for a message never loses it: the message goes where it would go without a script, with one
 * logged error. A message that was delivered to this mailbox before (a redirect loop) is not filtered again, and
 * the Maildir store refuses it as a loop. One log line per decision, with the queue id.
 */
public final class SieveStore implements MailboxStore {
    private static final Logger LOG = LoggerFactory.getLogger(SieveStore.class);

    private final SieveScripts scripts;
    private final MaildirStore mailboxes;
    private final Forwarding forwarding;
    private final String delimiter;
    private final VacationResponder vacation;

    /** @param delimiter what separates user and detail in {@code user+detail} for {@code :user} and {@code :detail}; empty for none */
    public SieveStore(SieveScripts scripts, MaildirStore mailboxes, Forwarding forwarding, String delimiter, Clock clock) {
        this.scripts = Objects.requireNonNull(scripts, "scripts");
        this.mailboxes = Objects.requireNonNull(mailboxes, "mailboxes");
        this.forwarding = Objects.requireNonNull(forwarding, "forwarding");
        this.delimiter = Objects.requireNonNull(delimiter, "delimiter");
        this.vacation = new VacationResponder(clock);
    }

    @Override
    public DeliveryResult deliver(LocalDelivery delivery, MessageContent content) throws IOException {
        return deliver(delivery, INBOX, content);
    }

    @Override
    public boolean findsEarlierCopies() {
        return mailboxes.findsEarlierCopies();
    }

    /** @param folder where the message goes unless the script says otherwise */
    @Override
    public DeliveryResult deliver(LocalDelivery delivery, String folder, MessageContent content) throws IOException {
        MailAddress mailbox = delivery.recipient();
        Optional<SieveScripts.Active> active;
        try {
            active = scripts.active(mailbox);
        } catch (IOException e) {
            LOG.error("{}: the Sieve script of {} cannot be read ({}); stored in {} unfiltered", delivery.queueId(), mailbox.asString(), e, folder);
            return mailboxes.deliver(delivery, folder, content);
        }
        if (active.isEmpty() || TraceHeaders.alreadyDeliveredTo(content, mailbox)) {
            return mailboxes.deliver(delivery, folder, content);
        }
        String name = active.get().name();
        Decision decision;
        try {
            decision = SieveScript.parse(active.get().text())
                .run(delivery.sender().asString(""), delivery.envelopeRecipient().asString(), content, delimiter);
        } catch (InvalidScriptException | ScriptFailure e) {
            LOG.error("{}: Sieve script '{}' of {} failed, {}; stored in {} instead", delivery.queueId(), name, mailbox.asString(),
                e.getMessage(), folder);
            return mailboxes.deliver(delivery, folder, content);
        }
        return apply(delivery, folder, content, name, decision);
    }

    private DeliveryResult apply(LocalDelivery delivery, String folder, MessageContent content, String name, Decision decision)
            throws IOException {
        MailAddress mailbox = delivery.recipient();
        String prefix = delivery.queueId() + ": Sieve script '" + name + "' of " + mailbox.asString();
        if (decision.rejection().isPresent()) {
            // One line: the reason goes into the DSN's Diagnostic-Code field and the delivery log line.
            String reason = decision.rejection().get().replaceAll("\\s+", " ").strip();
            LOG.info("{} rejected the message: {}", prefix, reason);
            return DeliveryResult.permanentFailure("5.7.1", "rejected by the recipient's filter: " + reason);
        }
        List<String> done = new ArrayList<>();
        for (Map.Entry<String, String> filing : targets(mailbox, folder, decision, done).entrySet()) {
            DeliveryResult stored = mailboxes.deliver(delivery, filing.getKey(), filing.getValue(), content);
            if (stored.outcome() != DeliveryResult.Outcome.DELIVERED) {
                LOG.info("{}: storing into {} failed: {}", prefix, filing.getKey(), stored);
                return stored;
            }
            done.add("into " + filing.getKey() + (filing.getValue().isEmpty() ? "" : " flags " + filing.getValue()) + " (" + stored.detail() + ")");
        }
        List<OutgoingMessage> followUps = new ArrayList<>();
        if (!decision.redirects().isEmpty()) {
            followUps.add(forwarding.forward(delivery, decision.redirects(), TraceHeaders.prependDeliveredTo(mailbox, content)));
            done.add("redirect to " + String.join(", ", decision.redirects().stream().map(MailAddress::asString).toList()));
        }
        if (decision.vacation().isPresent()) {
            VacationResponder.Answer answer = vacation.answer(delivery, decision.vacation().get(), content, scripts.userDirectory(mailbox));
            switch (answer) {
                case VacationResponder.Reply reply -> {
                    followUps.add(reply.message());
                    done.add("vacation reply to " + delivery.sender().asString());
                }
                case VacationResponder.NoReply none -> done.add("no vacation reply: " + none.reason());
            }
        }
        if (decision.discarded()) {
            done.add("discard");
        }
        String summary = String.join("; ", done);
        LOG.info("{}: {}", prefix, summary);
        return DeliveryResult.delivered("Sieve: " + summary, followUps);
    }

    /** Each folder once, with its Maildir flags; a folder that is missing without {@code :create} is replaced by {@code folder}. */
    private Map<String, String> targets(MailAddress mailbox, String folder, Decision decision, List<String> done) {
        Map<String, String> targets = new LinkedHashMap<>();
        for (Decision.Filing filing : decision.filings()) {
            String target = filing.folder().equals(Decision.Filing.DEFAULT_FOLDER) ? folder : filing.folder();
            if (!filing.create() && !mailboxes.hasFolder(mailbox, target)) {
                done.add("folder " + target + " does not exist (fileinto without :create)");
                target = folder;
            }
            targets.put(target, MaildirFlags.of(filing.flags()));
        }
        return targets;
    }

}
