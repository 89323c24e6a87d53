package dev.mailserver.auth.dkim;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

import dev.mailserver.auth.dns.AuthDns;
import dev.mailserver.core.mime.HeaderSection.Field;
import dev.mailserver.auth.message.MailMessage;
import dev.mailserver.core.dns.DnsAnswer;

/**
 * Verifies the DKIM signatures of a message (RFC 6376 section 6; ed25519-sha256 of RFC 8463), the first
 * {@code maxSignatures} of them, each on its own. RSA keys need at least 1024 bits; expired signatures
 * fail; a body length limit (l=) that leaves part of the body unsigned gives {@link DkimStatus#POLICY},
 * because whatever follows the signed part can be anything.
 */
public final class DkimVerifier {
    /** How far in the future a signature's t= may lie, for clocks that are not quite right. */
    private static final Duration CLOCK_SKEW = Duration.ofMinutes(5);
    private static final int SIGNATURE_PREFIX = 8;

    private final AuthDns dns;
    private final Clock clock;
    private final int maxSignatures;

    public DkimVerifier(AuthDns dns, Clock clock, int maxSignatures) {
        this.dns = Objects.requireNonNull(dns, "dns");
        this.clock = Objects.requireNonNull(clock, "clock");
        if (maxSignatures < 1) {
            throw new IllegalArgumentException("maxSignatures must be at least 1, not " + maxSignatures);
        }
        this.maxSignatures = maxSignatures;
    }

    /** One result per signature checked, top to bottom; empty when the message has no signature. Blocks on DNS. */
    public List<DkimResult> verify(MailMessage message) {
        List<DkimResult> results = new ArrayList<>();
        for (Field field : message.headers("DKIM-Signature")) {
            if (results.size() == maxSignatures) {
                break;
            }
            results.add(verify(message, field));
        }
        return results;
    }

    private DkimResult verify(MailMessage message, Field field) {
        ParsedSignature signature;
        try {
            signature = ParsedSignature.parse(field, clock.instant().getEpochSecond() + CLOCK_SKEW.toSeconds());
        } catch (IllegalArgumentException e) {
            return new DkimResult(DkimStatus.PERMERROR, domainTag(field), "", "", "", e.getMessage());
        }
        if (signature.expires() >= 0 && signature.expires() < clock.instant().getEpochSecond()) {
            return signature.result(DkimStatus.FAIL, "the signature expired (x=" + signature.expires() + ")");
        }
        DnsAnswer<String> answer = dns.txt(signature.selector() + "._domainkey." + signature.domain());
        if (answer.status() == DnsAnswer.Status.TEMPORARY_FAILURE) {
            return signature.result(DkimStatus.TEMPERROR, "key look-up failed: " + answer.detail());
        }
        if (answer.records().isEmpty()) {
            return signature.result(DkimStatus.PERMERROR, "no key at " + signature.selector() + "._domainkey." + signature.domain());
        }
        DkimKeyRecord key;
        try {
            key = DkimKeyRecord.parse(answer.records().get(0), signature.algorithm());
        } catch (IllegalArgumentException e) {
            return signature.result(DkimStatus.PERMERROR, e.getMessage());
        }
        if (key.strictIdentity() && !signature.identityDomain().equals(signature.domain())) {
            return signature.result(DkimStatus.PERMERROR, "the key's t=s forbids the subdomain identity i=" + signature.identityDomain());
        }
        byte[] body = signature.bodyCanonicalization().body(message.body());
        if (signature.bodyLength() > body.length) {
            return signature.result(DkimStatus.PERMERROR, "l=" + signature.bodyLength() + " is longer than the body");
        }
        byte[] signedBody = signature.bodyLength() >= 0 ? Arrays.copyOf(body, (int) signature.bodyLength()) : body;
        try {
            byte[] bodyHash = MessageDigest.getInstance("SHA-256").digest(signedBody);
            if (!MessageDigest.isEqual(bodyHash, signature.bodyHash())) {
                return signature.result(DkimStatus.FAIL, "the body hash does not match (bh=)");
            }
            byte[] data = HeaderHash.data(message.headers(), signature.signedNames(), signature.headerCanonicalization(), field.text());
            if (!signature.algorithm().verify(key.key(), data, signature.signature())) {
                return signature.result(DkimStatus.FAIL, "the signature does not verify");
            }
        } catch (GeneralSecurityException e) {
            return signature.result(DkimStatus.FAIL, "the signature does not verify: " + e.getMessage());
        }
        if (signature.bodyLength() >= 0 && signature.bodyLength() < body.length) {
            return signature.result(DkimStatus.POLICY, "l=" + signature.bodyLength() + " leaves "
                + (body.length - signature.bodyLength()) + " bytes of the body unsigned");
        }
        return signature.result(DkimStatus.PASS, "");
    }

    private static String domainTag(Field field) {
        try {
            return TagList.parse(field.value()).get("d").orElse("").toLowerCase(Locale.ROOT);
        } catch (IllegalArgumentException e) {
            return "";
        }
    }

    /** The tags of a DKIM-Signature field, checked (RFC 6376 section 6.1.1). */
    private record ParsedSignature(DkimAlgorithm algorithm, String algorithmName, String domain, String selector,
                                   String identityDomain, List<String> signedNames, Canonicalization headerCanonicalization,
                                   Canonicalization bodyCanonicalization, byte[] bodyHash, byte[] signature, String signatureText,
                                   long bodyLength, long expires) {

        static ParsedSignature parse(Field field, long latestTimestamp) {
            TagList tags = TagList.parse(field.value());
            if (!tags.require("v").equals("1")) {
                throw new IllegalArgumentException("v=" + tags.require("v") + " is not 1");
            }
            String algorithmName = tags.keyword("a").orElseThrow(() -> new IllegalArgumentException("tag a= is missing"));
            String domain = tags.require("d").toLowerCase(Locale.ROOT);
            String selector = tags.require("s");
            String signatureText = TagList.withoutWhitespace(tags.require("b"));
            String bodyHashText = TagList.withoutWhitespace(tags.require("bh"));
            List<String> names = Arrays.stream(TagList.withoutWhitespace(tags.require("h")).split(":")).toList();
            if (names.stream().noneMatch(name -> name.equalsIgnoreCase("from"))) {
                throw new IllegalArgumentException("h= does not sign From");
            }
            DkimAlgorithm algorithm = DkimAlgorithm.ofTag(algorithmName)
                .orElseThrow(() -> new IllegalArgumentException("algorithm a=" + algorithmName + " is not accepted"));
            String identity = tags.get("i").map(i -> i.substring(i.lastIndexOf('@') + 1).toLowerCase(Locale.ROOT)).orElse(domain);
            if (!identity.equals(domain) && !identity.endsWith("." + domain)) {
                throw new IllegalArgumentException("i= is not in the domain d=" + domain);
            }
            String[] c = tags.get("c").orElse("simple/simple").split("/", -1);
            if (c.length > 2) {
                throw new IllegalArgumentException("c=" + tags.require("c") + " is not header/body");
            }
            Canonicalization header = Canonicalization.named(c[0].strip());
            Canonicalization body = c.length == 2 ? Canonicalization.named(c[1].strip()) : Canonicalization.SIMPLE;
            if (tags.has("q") && !Arrays.asList(TagList.withoutWhitespace(tags.require("q")).split(":")).contains("dns/txt")) {
                throw new IllegalArgumentException("q=" + tags.require("q") + " has no dns/txt");
            }
            long length = number(tags, "l");
            long timestamp = number(tags, "t");
            long expires = number(tags, "x");
            if (timestamp > latestTimestamp) {
                throw new IllegalArgumentException("t=" + timestamp + " lies in the future");
            }
            if (expires >= 0 && timestamp >= 0 && expires < timestamp) {
                throw new IllegalArgumentException("x= lies before t=");
            }
            return new ParsedSignature(algorithm, algorithmName, domain, selector, identity, names, header, body,
                base64(bodyHashText, "bh"), base64(signatureText, "b"), signatureText, length, expires);
        }

        DkimResult result(DkimStatus status, String reason) {
            return new DkimResult(status, domain, selector, algorithmName,
                signatureText.substring(0, Math.min(SIGNATURE_PREFIX, signatureText.length())), reason);
        }

        private static long number(TagList tags, String name) {
            String value = tags.get(name).orElse(null);
            if (value == null) {
                return -1;
            }
            if (!value.matches("[0-9]{1,76}")) {
                throw new IllegalArgumentException(name + "=" + value + " is not a number");
            }
            try {
                return Long.parseLong(value);
            } catch (NumberFormatException e) {
                return Long.MAX_VALUE;
            }
        }

        private static byte[] base64(String text, String name) {
            try {
                return Base64.getDecoder().decode(text);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(name + "= is not base64");
            }
        }
    }
}
