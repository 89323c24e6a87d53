package dev.mailserver.app.sendmail;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import javax.mail.internet.AddressException;
import javax.mail.internet.InternetAddress;

import dev.mailserver.core.mime.HeaderSection;

/**
 * The header section of a message read by sendmail: its fields as given (folded lines kept together),
 * and the first body line when the input had no empty line before the body.
 */
public final class SendmailHeaders {
    private final HeaderSection section;
    private final String firstBodyLine;

    private SendmailHeaders(HeaderSection section, String firstBodyLine) {
        this.section = section;
        this.firstBodyLine = firstBodyLine;
    }

    /** Reads up to the empty line (which is consumed) or the first line that is not part of a field. */
    public static SendmailHeaders read(SendmailInput input) throws IOException {
        HeaderSection.Collector fields = new HeaderSection.Collector();
        for (String line = input.nextLine(); line != null; line = input.nextLine()) {
            if (line.isEmpty()) {
                return new SendmailHeaders(fields.result(new byte[0], true), null);
            }
            if (!fields.isFieldLine(line)) {
                return new SendmailHeaders(fields.result(new byte[0], true), line);
            }
            fields.addIfField(line);
        }
        return new SendmailHeaders(fields.result(new byte[0], false), null);
    }

    public boolean has(String name) {
        return section.has(name);
    }

    /** The addresses in the To:, Cc: and Bcc: fields, for {@code sendmail -t}. */
    public List<String> recipients() throws AddressException {
        List<String> recipients = new ArrayList<>();
        for (HeaderSection.Field field : section.fields()) {
            if (field.isNamed("To") || field.isNamed("Cc") || field.isNamed("Bcc")) {
                for (InternetAddress address : InternetAddress.parseHeader(field.value(), false)) {
                    InternetAddress[] members = address.isGroup() ? address.getGroup(false) : new InternetAddress[] {address};
                    for (InternetAddress member : members) {
                        recipients.add(member.getAddress());
                    }
                }
            }
        }
        return recipients;
    }

    /** The fields as given, folded lines joined by CRLF, without Bcc: (which must not reach the recipients). */
    public List<String> fieldsWithoutBcc() {
        return section.fields().stream().filter(field -> !field.isNamed("Bcc")).map(HeaderSection.Field::text).toList();
    }

    /** @return null when the input had an empty line after the fields, or ended there */
    public String firstBodyLine() {
        return firstBodyLine;
    }
}
