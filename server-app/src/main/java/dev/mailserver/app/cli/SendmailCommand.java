package dev.mailserver.app.cli;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;

import javax.mail.internet.AddressException;

import org.apache.james.core.Domain;
import org.apache.james.core.MailAddress;
import org.apache.james.core.MaybeSender;

import dev.mailserver.app.config.ServerConfig;
import dev.mailserver.app.sendmail.Maildrop;
import dev.mailserver.app.sendmail.SendmailHeaders;
import dev.mailserver.app.sendmail.SendmailInput;
import dev.mailserver.app.sendmail.SizeLimitedOutputStream;
import dev.mailserver.core.Envelope;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code mailserver sendmail}: the sendmail interface for programs and cron. The message goes into the
 * {@link Maildrop} of the data directory, where the server picks it up into its spool (it need not run
 * at that moment); this command never opens the spool, which the server owns.
 */
@Command(name = "sendmail", mixinStandardHelpOptions = true, sortOptions = false,
    description = {"Send the message on standard input, like sendmail(1): to each RECIPIENT, and with -t also to the "
        + "addresses in its To:, Cc: and Bcc: fields (Bcc: is removed). Adds Received:, and From:, Date: and Message-ID: when missing.",
        "The message waits in <data-dir>/maildrop until the server takes it into its spool (within a second when it runs). "
            + "Run it as the server's user, with the server's --config."})
public final class SendmailCommand implements Callable<Integer> {
    @Mixin
    private ConfigOption configOption;

    @Option(names = "-t", description = "also send to the addresses in the To:, Cc: and Bcc: fields")
    private boolean recipientsFromHeader;

    @Option(names = "-f", paramLabel = "SENDER", description = "the envelope sender (where bounces go); \"\" or \"<>\" for none; "
        + "default: your user name at the server's hostname if it is a local domain, else at the first of mailserver.domains")
    private String sender;

    @Option(names = "-F", paramLabel = "FULL-NAME", description = "the sender's full name, for the From: field when the message has none")
    private String fullName;

    @Option(names = {"-i", "-oi"}, description = "a line with a single dot does not end the message")
    private boolean ignoreDots;

    @Option(names = {"-B", "-o"}, paramLabel = "VALUE", description = "sendmail's other options (e.g. -B8BITMIME, -oem, -odi), "
        + "which cron and other programs pass: accepted and ignored")
    private List<String> ignored = new ArrayList<>();

    @Parameters(arity = "0..*", paramLabel = "RECIPIENT", description = "the addresses to send to")
    private List<String> recipients = new ArrayList<>();

    @Override
    public Integer call() throws IOException {
        ServerConfig config = configOption.load();
        SendmailInput input = new SendmailInput(System.in, ignoreDots);
        SendmailHeaders header = SendmailHeaders.read(input);
        String localUser = System.getProperty("user.name") + "@" + defaultDomain(config);
        MaybeSender envelopeSender = envelopeSender(localUser);
        Envelope envelope = new Envelope(envelopeSender, envelopeRecipients(header));
        String from = envelopeSender.asString(localUser);
        String fromField = fullName == null ? from : "\"" + fullName.replace("\\", "\\\\").replace("\"", "\\\"") + "\" <" + from + ">";
        long maxSize = config.sessionLimits().maxMessageSize();
        try {
            new Maildrop(config.maildropDir()).drop(envelope, out -> writeMessage(new SizeLimitedOutputStream(out, maxSize), config.hostname(),
                fromField, header, input));
        } catch (Maildrop.NotReady e) {
            throw CommandFailure.temporary(e.getMessage() + ". The message was not sent.");
        }
        return 0;
    }

    /** The domain of the default sender: the hostname when it is a local domain, else the first local domain, so that bounces arrive. */
    private static String defaultDomain(ServerConfig config) {
        Domain hostname = Domain.of(config.hostname());
        if (config.domains().isEmpty() || config.domains().contains(hostname)) {
            return hostname.asString();
        }
        return config.domains().iterator().next().asString();
    }

    private MaybeSender envelopeSender(String localUser) {
        if (sender == null) {
            return MaybeSender.of(LocalAddress.parseAny(localUser));
        }
        return sender.isEmpty() || sender.equals("<>") ? MaybeSender.nullSender() : MaybeSender.of(LocalAddress.parseAny(sender));
    }

    private List<MailAddress> envelopeRecipients(SendmailHeaders header) {
        List<String> addresses = new ArrayList<>(recipients);
        if (recipientsFromHeader) {
            try {
                addresses.addAll(header.recipients());
            } catch (AddressException e) {
                throw CommandFailure.badInput("cannot read the recipients in the message's header: " + e.getMessage());
            }
        }
        if (addresses.isEmpty()) {
            throw CommandFailure.badInput("no recipients: name them, or use -t to send to those in To:, Cc: and Bcc:");
        }
        return addresses.stream().map(LocalAddress::parseAny).toList();
    }

    private static void writeMessage(OutputStream out, String hostname, String fromField, SendmailHeaders header, SendmailInput input)
            throws IOException {
        String now = DateTimeFormatter.RFC_1123_DATE_TIME.format(ZonedDateTime.now());
        writeLine(out, "Received: by " + hostname + " (mailserver sendmail, user " + System.getProperty("user.name") + ");\r\n\t" + now);
        if (!header.has("From")) {
            writeLine(out, "From: " + fromField);
        }
        if (!header.has("Date")) {
            writeLine(out, "Date: " + now);
        }
        if (!header.has("Message-ID")) {
            writeLine(out, "Message-ID: <" + UUID.randomUUID() + "@" + hostname + ">");
        }
        for (String field : header.fieldsWithoutBcc()) {
            writeLine(out, field);
        }
        writeLine(out, "");
        if (header.firstBodyLine() != null) {
            writeLine(out, header.firstBodyLine());
        }
        for (String line = input.nextLine(); line != null; line = input.nextLine()) {
            writeLine(out, line);
        }
    }

    private static void writeLine(OutputStream out, String line) throws IOException {
        out.write(line.getBytes(StandardCharsets.ISO_8859_1));
        out.write('\r');
        out.write('\n');
    }
}
