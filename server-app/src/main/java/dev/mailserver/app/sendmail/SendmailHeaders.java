package dev.mailserver.app.sendmail;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

import javax.mail.internet.AddressException;
import javax.mail.internet.InternetAddress;

/**
 * The header section of a message read by sendmail: its fields as given (folded lines kept together),
 * and the first body line when the input had no empty line before the body.
 */
public final class SendmailHeaders {
    private static final Pattern FIELD_START = Pattern.compile("[!-9;-~]+:.*");

    private final List<String> fields;
    private final String firstBodyLine;

    private SendmailHeaders(List<String> fields, String firstBodyLine) {
        this.fields = fields;
        this.firstBodyLine = firstBodyLine;
    }

    /** Reads up to the empty line (which is consumed) or the first line that is not part of a field. */
    public static SendmailHeaders read(SendmailInput input) throws IOException {
        List<String> fields = new ArrayList<>();
        for (String line = input.nextLine(); line != null; line = input.nextLine()) {
            if (line.isEmpty()) {
                return new SendmailHeaders(fields, null);
            }
            boolean continuation = (line.startsWith(" ") || line.startsWith("\t")) && !fields.isEmpty();
            if (continuation) {
                fields.set(fields.size() - 1, fields.get(fields.size() - 1) + "\r\n" + line);
            } else if (FIELD_START.matcher(line).matches()) {
                fields.add(line);
            } else {
                return new SendmailHeaders(fields, line);
            }
        }
        return new SendmailHeaders(fields, null);
    }

    public boolean has(String name) {
        return fields.stream().anyMatch(field -> isNamed(field, name));
    }

    /** The addresses in the To:, Cc: and Bcc: fields, for {@code sendmail -t}. */
    public List<String> recipients() throws AddressException {
        List<String> recipients = new ArrayList<>();
        for (String field : fields) {
            if (isNamed(field, "To") || isNamed(field, "Cc") || isNamed(field, "Bcc")) {
                String value = field.substring(field.indexOf(':') + 1).replace("\r\n", "");
                for (InternetAddress address : InternetAddress.parseHeader(value, false)) {
                    InternetAddress[] members = address.isGroup() ? address.getGroup(false) : new InternetAddress[] {address};
                    for (InternetAddress member : members) {
                        recipients.add(member.getAddress());
                    }
                }
            }
        }
        return recipients;
    }

    /** The fields, each with CRLF line ends, without Bcc: (which must not reach the recipients). */
    public List<String> fieldsWithoutBcc() {
        return fields.stream().filter(field -> !isNamed(field, "Bcc")).toList();
    }

    /** @return null when the input had an empty line after the fields, or ended there */
    public String firstBodyLine() {
        return firstBodyLine;
    }

    private static boolean isNamed(String field, String name) {
        return field.toLowerCase(Locale.ROOT).startsWith(name.toLowerCase(Locale.ROOT) + ":");
    }
}
