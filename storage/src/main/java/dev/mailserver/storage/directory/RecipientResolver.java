package dev.mailserver.storage.directory;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

import javax.mail.internet.AddressException;

import org.apache.james.core.Domain;
import org.apache.james.core.MailAddress;

import dev.mailserver.core.directory.RecipientDirectory;
import dev.mailserver.storage.srs.SenderRewriting;

/**
 * The addressing rules, in the order Postfix's virtual tables apply them, the same for RCPT and for delivery:
 * <ol>
 * <li>a domain alias turns {@code user@alias-domain} into {@code user@domain};</li>
 * <li>an SRS address of ours (see {@link SenderRewriting}) is forwarded to the sender it stands for, when its hash and age
 * are right, else it fails with {@code 5.1.1};</li>
 * <li>an alias sends the mail on to its targets, each resolved again (an alias loop fails with {@code 5.4.6}); a target
 * outside the local domains is a remote target, to which the mail is forwarded;</li>
 * <li>a mailbox (a configured mailbox or a user) takes the mail;</li>
 * <li>{@code user+tag@domain} is tried as {@code user@domain} (plus-addressing, see {@link AddressingRules});</li>
 * <li>{@code postmaster@} and {@code abuse@} of every local domain go to {@link AddressingRules#postmaster()};</li>
 * <li>the domain's catch-all takes what is left.</li>
 * </ol>
 * Mailboxes are named in lower case, as their Maildirs are.
 */
public final class RecipientResolver {
    private static final int MAX_DEPTH = 20;
    private static final Set<String> ROLE_ACCOUNTS = Set.of("postmaster", "abuse");

    private final RecipientDirectory mailboxes;
    private final Aliases aliases;
    private final DomainAliases domainAliases;
    private final AddressingRules rules;
    private final Optional<SenderRewriting> srs;

    /** Without SRS addresses. */
    public RecipientResolver(RecipientDirectory mailboxes, Aliases aliases, DomainAliases domainAliases, AddressingRules rules) {
        this(mailboxes, aliases, domainAliases, rules, Optional.empty());
    }

    /**
     * @param mailboxes the local domains and the mailboxes that exist in them, without aliases
     * @param srs the SRS addresses that take bounces of forwarded mail back to its sender
     */
    public RecipientResolver(RecipientDirectory mailboxes, Aliases aliases, DomainAliases domainAliases, AddressingRules rules,
                             Optional<SenderRewriting> srs) {
        this.mailboxes = Objects.requireNonNull(mailboxes, "mailboxes");
        this.aliases = Objects.requireNonNull(aliases, "aliases");
        this.domainAliases = Objects.requireNonNull(domainAliases, "domainAliases");
        this.rules = Objects.requireNonNull(rules, "rules");
        this.srs = Objects.requireNonNull(srs, "srs");
    }

    /** Whether the domain is local, or an alias of a local domain. */
    public boolean isLocalDomain(Domain domain) {
        return mailboxes.isLocalDomain(domainAliases.target(domain).orElse(domain));
    }

    public Resolution resolve(MailAddress recipient) {
        return resolve(recipient, new HashSet<>(), 0);
    }

    private Resolution resolve(MailAddress recipient, Set<String> expanding, int depth) {
        MailAddress address = withDomainAlias(recipient);
        if (!mailboxes.isLocalDomain(address.getDomain())) {
            return depth == 0 ? Resolution.failed("5.1.2", address.asString() + " is not in a local domain") : Resolution.forward(address);
        }
        Optional<SenderRewriting.Reversal> reversal = srs.flatMap(rewriting -> rewriting.reverse(address));
        if (reversal.isPresent()) {
            return reversal.get().original().map(Resolution::forward)
                .orElseGet(() -> Resolution.failed("5.1.1", address.asString() + ": " + reversal.get().problem()));
        }
        String key = key(address);
        if (!expanding.add(key) || depth > MAX_DEPTH) {
            return Resolution.failed("5.4.6", "alias loop at " + address.asString());
        }
        try {
            return resolveLocal(address, expanding, depth);
        } finally {
            expanding.remove(key);
        }
    }

    private Resolution resolveLocal(MailAddress address, Set<String> expanding, int depth) {
        List<MailAddress> targets = aliases.targets(address);
        if (!targets.isEmpty()) {
            return expand(targets, expanding, depth);
        }
        if (mailboxes.hasMailbox(address)) {
            return Resolution.mailbox(at(address.getLocalPart().toLowerCase(Locale.ROOT), address.getDomain()));
        }
        Optional<Integer> tagAt = tagPosition(address);
        if (tagAt.isPresent()) {
            String localPart = address.getLocalPart();
            Resolution base = resolve(at(localPart.substring(0, tagAt.get()), address.getDomain()), expanding, depth + 1);
            if (base.found()) {
                return base.withTag(localPart.substring(tagAt.get() + rules.recipientDelimiter().orElseThrow().length()));
            }
            if (base.failure().enhancedStatus().equals("5.4.6")) {
                return base;
            }
        }
        if (ROLE_ACCOUNTS.contains(address.getLocalPart().toLowerCase(Locale.ROOT)) && !key(address).equals(key(rules.postmaster()))) {
            return resolve(rules.postmaster(), expanding, depth + 1);
        }
        List<MailAddress> catchAll = aliases.catchAllTargets(address.getDomain());
        if (!catchAll.isEmpty()) {
            return expand(catchAll, expanding, depth);
        }
        return Resolution.failed("5.1.1", "no such mailbox: " + address.asString());
    }

    /** Mail goes to every target that resolves; when none does, the last failure is the alias's. */
    private Resolution expand(List<MailAddress> targets, Set<String> expanding, int depth) {
        Set<MailAddress> found = new LinkedHashSet<>();
        Set<MailAddress> remote = new LinkedHashSet<>();
        Resolution failure = null;
        for (MailAddress target : targets) {
            Resolution resolution = resolve(target, expanding, depth + 1);
            found.addAll(resolution.mailboxes());
            remote.addAll(resolution.remoteTargets());
            if (!resolution.found()) {
                failure = resolution;
            }
        }
        return found.isEmpty() && remote.isEmpty() ? failure : Resolution.of(new ArrayList<>(found), new ArrayList<>(remote));
    }

    private MailAddress withDomainAlias(MailAddress address) {
        return domainAliases.target(address.getDomain()).map(domain -> at(address.getLocalPart(), domain)).orElse(address);
    }

    /** Where the recipient delimiter is in the local part, when plus-addressing is on and there is a user before it. */
    private Optional<Integer> tagPosition(MailAddress address) {
        return rules.recipientDelimiter().map(delimiter -> address.getLocalPart().indexOf(delimiter)).filter(position -> position > 0);
    }

    private static String key(MailAddress address) {
        return address.asString().toLowerCase(Locale.ROOT);
    }

    private static MailAddress at(String localPart, Domain domain) {
        try {
            return new MailAddress(localPart, domain);
        } catch (AddressException e) {
            throw new IllegalStateException("the local part of a parsed address no longer parses: " + localPart, e);
        }
    }
}
