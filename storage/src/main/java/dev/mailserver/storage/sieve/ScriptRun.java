package dev.mailserver.storage.sieve;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

import javax.mail.internet.AddressException;

import org.apache.james.core.MailAddress;

import dev.mailserver.core.InternationalAddresses;
import dev.mailserver.core.mailbox.MailboxStore;

/**
 * One run of a script over one message (RFC 5228 section 2.10): tests are evaluated, actions collected, and the
 * implicit keep applied unless an action cancelled it. Runs in time bounded by the script's size: there are no loops.
 */
final class ScriptRun {
    static final int MAX_REDIRECTS = 4;
    static final int DEFAULT_VACATION_DAYS = 7;

    private final SieveMessage message;
    private final String delimiter;
    /** The imap4flags internal variable, by lower-case flag; system flags keep their spelling. */
    private final Map<String, String> flags = new TreeMap<>();
    private final Map<String, Decision.Filing> filings = new LinkedHashMap<>();
    private final Set<MailAddress> redirects = new LinkedHashSet<>();
    private boolean implicitKeep = true;
    private Optional<String> rejection = Optional.empty();
    private Optional<VacationRequest> vacation = Optional.empty();
    private boolean stopped;

    private ScriptRun(SieveMessage message, String delimiter) {
        this.message = message;
        this.delimiter = delimiter;
    }

    static Decision run(List<Call> script, SieveMessage message, String delimiter) throws ScriptFailure {
        ScriptRun run = new ScriptRun(message, delimiter);
        run.block(script);
        return run.decision();
    }

    private Decision decision() {
        if (implicitKeep && rejection.isEmpty()) {
            filings.putIfAbsent(Decision.Filing.DEFAULT_FOLDER, new Decision.Filing(Decision.Filing.DEFAULT_FOLDER, currentFlags(), true));
        }
        return new Decision(List.copyOf(filings.values()), List.copyOf(redirects), rejection, vacation);
    }

    private void block(List<Call> commands) throws ScriptFailure {
        boolean branchTaken = false;
        for (Call command : commands) {
            if (stopped) {
                return;
            }
            switch (command.name()) {
                case "if" -> {
                    branchTaken = test(command.tests().get(0));
                    if (branchTaken) {
                        block(command.block());
                    }
                }
                case "elsif" -> {
                    if (!branchTaken && test(command.tests().get(0))) {
                        branchTaken = true;
                        block(command.block());
                    }
                }
                case "else" -> {
                    if (!branchTaken) {
                        block(command.block());
                    }
                }
                default -> action(command);
            }
        }
    }

    private void action(Call command) throws ScriptFailure {
        switch (command.name()) {
            case "require" -> {
                // checked when the script was validated
            }
            case "stop" -> stopped = true;
            case "keep" -> file(command, Decision.Filing.DEFAULT_FOLDER);
            case "fileinto" -> file(command, command.string(0));
            case "discard" -> implicitKeep = false;
            case "redirect" -> redirect(command);
            case "reject", "ereject" -> reject(command);
            case "vacation" -> vacation(command);
            case "setflag" -> {
                flags.clear();
                addFlags(command.strings(0));
            }
            case "addflag" -> addFlags(command.strings(0));
            case "removeflag" -> splitFlags(command.strings(0)).forEach(flag -> flags.remove(flag.toLowerCase(Locale.ROOT)));
            default -> throw new IllegalStateException("validated script has an unknown command " + command.name());
        }
    }

    private void file(Call command, String folder) throws ScriptFailure {
        refuseAlongsideRejection(command);
        Set<String> folderFlags = command.strings("flags").map(ScriptRun::flagSet).orElseGet(this::currentFlags);
        String target = folder.equalsIgnoreCase(MailboxStore.INBOX) ? MailboxStore.INBOX : folder;
        boolean create = target.equals(Decision.Filing.DEFAULT_FOLDER) || target.equals(MailboxStore.INBOX) || command.has("create")
            || Optional.ofNullable(filings.get(target)).filter(Decision.Filing::create).isPresent();
        filings.put(target, new Decision.Filing(target, folderFlags, create));
        if (command.name().equals("keep") || !command.has("copy")) {
            implicitKeep = false;
        }
    }

    private void redirect(Call command) throws ScriptFailure {
        refuseAlongsideRejection(command);
        MailAddress address;
        try {
            address = InternationalAddresses.parse(command.string(0).toLowerCase(Locale.ROOT));
        } catch (AddressException e) {
            throw new ScriptFailure(command.line(), "redirect to \"" + command.string(0) + "\", not a mail address");
        }
        if (!redirects.contains(address) && redirects.size() >= MAX_REDIRECTS) {
            throw new ScriptFailure(command.line(), "more than " + MAX_REDIRECTS + " redirects");
        }
        redirects.add(address);
        if (!command.has("copy")) {
            implicitKeep = false;
        }
    }

    private void reject(Call command) throws ScriptFailure {
        if (rejection.isPresent() || vacation.isPresent() || !filings.isEmpty() || !redirects.isEmpty()) {
            throw new ScriptFailure(command.line(), command.name() + " cannot be combined with keep, fileinto, redirect, vacation or another reject");
        }
        rejection = Optional.of(command.string(0));
        implicitKeep = false;
    }

    private void refuseAlongsideRejection(Call command) throws ScriptFailure {
        if (rejection.isPresent()) {
            throw new ScriptFailure(command.line(), command.name() + " cannot follow reject or ereject");
        }
    }

    private void vacation(Call command) throws ScriptFailure {
        if (vacation.isPresent() || rejection.isPresent()) {
            throw new ScriptFailure(command.line(), "vacation can be used once, and not with reject");
        }
        int days = (int) Math.max(1, Math.min(command.number("days").orElse((long) DEFAULT_VACATION_DAYS), 365));
        String reason = command.string(0);
        String handle = command.string("handle").orElseGet(() -> derivedHandle(command, reason));
        vacation = Optional.of(new VacationRequest(days, command.string("subject"), command.string("from"),
            command.strings("addresses").orElse(List.of()), command.has("mime"), handle, reason));
    }

    /** RFC 5230 section 4.2: without :handle, replies that differ in their text or sender are counted apart. */
    private static String derivedHandle(Call command, String reason) {
        String source = command.string("subject").orElse("") + "\0" + command.string("from").orElse("") + "\0" + command.has("mime") + "\0" + reason;
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(source.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    private Set<String> currentFlags() {
        return new LinkedHashSet<>(flags.values());
    }

    private void addFlags(List<String> given) {
        splitFlags(given).forEach(flag -> flags.put(flag.toLowerCase(Locale.ROOT), flag));
    }

    private static Set<String> flagSet(List<String> given) {
        Map<String, String> set = new TreeMap<>();
        splitFlags(given).forEach(flag -> set.put(flag.toLowerCase(Locale.ROOT), flag));
        return new LinkedHashSet<>(set.values());
    }

    /** RFC 5232 section 3: a string may hold several flags separated by spaces. */
    private static List<String> splitFlags(List<String> given) {
        return given.stream().flatMap(value -> List.of(value.trim().split("\\s+")).stream()).filter(flag -> !flag.isEmpty()).toList();
    }

    private boolean test(Call test) {
        return switch (test.name()) {
            case "true" -> true;
            case "false" -> false;
            case "not" -> !test(test.tests().get(0));
            case "allof" -> test.tests().stream().allMatch(this::test);
            case "anyof" -> test.tests().stream().anyMatch(this::test);
            case "exists" -> test.strings(0).stream().allMatch(name -> !message.header(name).isEmpty());
            case "size" -> test.has("over") ? message.size() > test.number(0) : message.size() < test.number(0);
            case "header" -> Matching.of(test).any(test.strings(0).stream().flatMap(name -> message.header(name).stream()).toList(),
                test.strings(1));
            case "address" -> Matching.of(test).any(AddressPart.of(test, delimiter)
                .ofHeaderValues(test.strings(0).stream().flatMap(name -> message.header(name).stream()).toList()), test.strings(1));
            case "envelope" -> envelope(test);
            case "hasflag" -> Matching.of(test).any(List.copyOf(flags.values()), splitFlags(test.strings(0)));
            default -> throw new IllegalStateException("validated script has an unknown test " + test.name());
        };
    }

    private boolean envelope(Call test) {
        AddressPart part = AddressPart.of(test, delimiter);
        List<String> values = new ArrayList<>();
        for (String name : test.strings(0)) {
            String address = name.equalsIgnoreCase("from") ? message.envelopeFrom() : message.envelopeTo();
            part.ofEnvelope(address).ifPresent(values::add);
        }
        return Matching.of(test).any(values, test.strings(1));
    }
}
