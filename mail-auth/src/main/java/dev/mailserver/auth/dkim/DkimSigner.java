package dev.mailserver.auth.dkim;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

import dev.mailserver.auth.message.AddressDomains;
import dev.mailserver.core.mime.HeaderSection.Field;
import dev.mailserver.auth.message.MailMessage;
import dev.mailserver.core.MessageContent;

/**
 * Signs outgoing mail (RFC 6376; ed25519-sha256 of RFC 8463) with every key of the author's domain, so
 * that a domain may sign with RSA and Ed25519 together. Relaxed/relaxed unless told otherwise; never l=.
 * From, Subject, Date, To and Cc are over-signed (listed once more than they occur), so that nobody can
 * add another one without breaking the signature.
 */
public final class DkimSigner {
    /** Signed when present, as many times as present. */
    private static final List<String> SIGNED = List.of(
        "reply-to", "message-id", "in-reply-to", "references", "sender", "mime-version", "content-type",
        "content-transfer-encoding", "content-disposition", "list-id", "list-unsubscribe", "list-unsubscribe-post");
    /** Signed once more than present. */
    private static final List<String> OVER_SIGNED = List.of("from", "subject", "date", "to", "cc");
    private static final int LINE = 76;

    private final List<DkimSigningKey> keys;
    private final Clock clock;
    private final Duration validity;
    private final Canonicalization headerCanonicalization;
    private final Canonicalization bodyCanonicalization;

    /**
     * @param validity how long a signature stays valid (its x= tag), or {@link Duration#ZERO} for no x=
     */
    public DkimSigner(List<DkimSigningKey> keys, Clock clock, Duration validity,
                      Canonicalization headerCanonicalization, Canonicalization bodyCanonicalization) {
        this.keys = List.copyOf(keys);
        this.clock = Objects.requireNonNull(clock, "clock");
        this.validity = Objects.requireNonNull(validity, "validity");
        this.headerCanonicalization = Objects.requireNonNull(headerCanonicalization, "headerCanonicalization");
        this.bodyCanonicalization = Objects.requireNonNull(bodyCanonicalization, "bodyCanonicalization");
    }

    /** Relaxed/relaxed, no expiry. */
    public DkimSigner(List<DkimSigningKey> keys, Clock clock) {
        this(keys, clock, Duration.ZERO, Canonicalization.RELAXED, Canonicalization.RELAXED);
    }

    /** The keys that sign for the author's domain: those of the domain itself, else of its nearest parent that has keys. */
    public List<DkimSigningKey> keysFor(String authorDomain) {
        String domain = authorDomain.toLowerCase(Locale.ROOT);
        while (true) {
            String current = domain;
            List<DkimSigningKey> found = keys.stream().filter(key -> key.domain().equals(current)).toList();
            int dot = domain.indexOf('.');
            if (!found.isEmpty() || dot < 0) {
                return found;
            }
            domain = domain.substring(dot + 1);
        }
    }

    /** The DKIM-Signature fields for the message's author domain, to put on top of the message; empty when we have no key for it. */
    public List<Field> signatures(MailMessage message) {
        Optional<String> author = message.firstHeader("From").flatMap(AddressDomains::singleDomain);
        if (author.isEmpty()) {
            return List.of();
        }
        return signatures(message, keysFor(author.get()));
    }

    /** The DKIM-Signature fields for the author's domain as bytes, each with its CRLF; empty when there are none. */
    public byte[] signatureBlock(MailMessage message) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (Field signature : signatures(message)) {
            out.writeBytes((signature.text() + "\r\n").getBytes(StandardCharsets.UTF_8));
        }
        return out.toByteArray();
    }

    /** The content with the signatures for its author's domain on top; the content itself when we have no key for it. */
    public MessageContent sign(MessageContent content) throws IOException {
        byte[] block = signatureBlock(MailMessage.read(content));
        if (block.length == 0) {
            return content;
        }
        return MessageContent.withFields(block, content);
    }

    /** The DKIM-Signature fields of these keys, to put on top of the message. */
    public List<Field> signatures(MailMessage message, List<DkimSigningKey> signingKeys) {
        if (signingKeys.isEmpty()) {
            return List.of();
        }
        List<String> names = signedNames(message);
        String bodyHash = bodyHash(message);
        List<Field> signatures = new ArrayList<>();
        for (DkimSigningKey key : signingKeys) {
            signatures.add(sign(message, key, names, bodyHash));
        }
        return signatures;
    }

    /**
     * An ARC-Message-Signature (RFC 8617 section 4.1.2) of this signer's canonicalization: a DKIM signature of the
     * same header set and body hash, with the instance in i= where a DKIM-Signature has v=.
     */
    public Field arcMessageSignature(MailMessage message, DkimSigningKey key, int instance) {
        return sign(message, key, signedNames(message), bodyHash(message), "ARC-Message-Signature: i=" + instance);
    }

    private Field sign(MailMessage message, DkimSigningKey key, List<String> names, String bodyHash) {
        return sign(message, key, names, bodyHash, "DKIM-Signature: v=1");
    }

    private Field sign(MailMessage message, DkimSigningKey key, List<String> names, String bodyHash, String start) {
        long now = clock.instant().getEpochSecond();
        StringBuilder field = new StringBuilder(start).append("; a=").append(key.algorithm().tagValue())
            .append("; c=").append(headerCanonicalization.tagValue()).append('/').append(bodyCanonicalization.tagValue())
            .append("; d=").append(key.domain()).append("; s=").append(key.selector()).append(";\r\n\tt=").append(now);
        if (!validity.isZero()) {
            field.append("; x=").append(now + validity.toSeconds());
        }
        field.append(";\r\n\th=");
        int column = 3;
        for (int i = 0; i < names.size(); i++) {
            String name = names.get(i) + (i < names.size() - 1 ? ":" : ";");
            if (column + name.length() > LINE) {
                field.append("\r\n\t ");
                column = 2;
            }
            field.append(name);
            column += name.length();
        }
        field.append("\r\n\tbh=").append(bodyHash).append(";\r\n\tb=");
        byte[] data = HeaderHash.data(message.headers(), names, headerCanonicalization, field.toString());
        return MailMessage.field(field.append(foldedSignature(key, data)).toString());
    }

    /** The value of a b= tag that starts a line after a tab: the key's signature of the data, base64, folded. */
    public static String foldedSignature(DkimSigningKey key, byte[] data) {
        try {
            return folded(Base64.getEncoder().encodeToString(key.algorithm().sign(key.privateKey(), data)), 3);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("signing with " + key.recordName() + " failed", e);
        }
    }

    private List<String> signedNames(MailMessage message) {
        List<String> names = new ArrayList<>();
        for (String name : OVER_SIGNED) {
            int count = message.headers(name).size();
            for (int i = 0; i <= count; i++) {
                names.add(name);
            }
        }
        for (String name : SIGNED) {
            int count = message.headers(name).size();
            for (int i = 0; i < count; i++) {
                names.add(name);
            }
        }
        return names;
    }

    private String bodyHash(MailMessage message) {
        try (InputStream body = message.openBody()) {
            return Base64.getEncoder().encodeToString(bodyCanonicalization.hash(body, -1).digest());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the body of the message to sign", e);
        }
    }

    private static String folded(String base64, int firstColumn) {
        StringBuilder out = new StringBuilder();
        int column = firstColumn;
        for (int i = 0; i < base64.length(); i++) {
            if (column >= LINE) {
                out.append("\r\n\t ");
                column = 2;
            }
            out.append(base64.charAt(i));
            column++;
        }
        return out.toString();
    }
}
