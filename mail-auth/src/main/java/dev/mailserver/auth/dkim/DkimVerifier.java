package dev.mailserver.auth.dkim;

import java.io.IOException;
import java.io.InputStream;
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
            results.add(verify(message, field, false));
        }
        return results;
    }

    /**
     * Verifies an ARC-Message-Signature (RFC 8617 section 4.1.2): a DKIM signature with the instance
     * number in i= and without v=.
     */
    public DkimResult verifyArcMessageSignature(MailMessage message, Field field) {
        return verify(message, field, true);
    }

    /** Verifies a signature over {@code data} with the key published for the domain and selector (an ARC-Seal's). */
    public DkimResult verifyWithPublishedKey(String domain, String selector, String algorithmName, byte[] data, byte[] signed) {
        DkimResult failed = new DkimResult(DkimStatus.PERMERROR, domain, selector, algorithmName, "", "");
        DkimAlgorithm algorithm = DkimAlgorithm.ofTag(algorithmName).orElse(null);
        if (algorithm == null) {
            return withReason(failed, DkimStatus.PERMERROR, "algorithm a=" + algorithmName + " is not accepted");
        }
        PublishedKey key = publishedKey(domain, selector, algorithm);
        if (key.record == null) {
            return withReason(failed, key.status, key.reason);
        }
        try {
            return algorithm.verify(key.record.key(), data, signed) ? withReason(failed, DkimStatus.PASS, "")
                : withReason(failed, DkimStatus.FAIL, "the signature does not verify");
        } catch (GeneralSecurityException e) {
            return withReason(failed, DkimStatus.FAIL, "the signature does not verify: " + e.getMessage());
        }
    }

    private static DkimResult withReason(DkimResult result, DkimStatus status, String reason) {
        return new DkimResult(status, result.domain(), result.selector(), result.algorithm(), result.signaturePrefix(), reason);
    }

    /** The key record, or why there is none usable (a permerror or a temperror). */
    private record PublishedKey(DkimKeyRecord record, DkimStatus status, String reason) {
    }

    private PublishedKey publishedKey(String domain, String selector, DkimAlgorithm algorithm) {
        DnsAnswer<String> answer = dns.txt(selector + "._domainkey." + domain);
        if (answer.status() == DnsAnswer.Status.TEMPORARY_FAILURE) {
            return new PublishedKey(null, DkimStatus.TEMPERROR, "key look-up failed: " + answer.detail());
        }
        if (answer.records().isEmpty()) {
            return new PublishedKey(null, DkimStatus.PERMERROR, "no key at " + selector + "._domainkey." + domain);
        }
        try {
            return new PublishedKey(DkimKeyRecord.parse(answer.records().get(0), algorithm), DkimStatus.PASS, "");
        } catch (IllegalArgumentException e) {
            return new PublishedKey(null, DkimStatus.PERMERROR, e.getMessage());
        }
    }

    private DkimResult verify(MailMessage message, Field field, boolean arc) {
        ParsedSignature signature;
        try {
            signature = ParsedSignature.parse(field, clock.instant().getEpochSecond() + CLOCK_SKEW.toSeconds(), arc);
        } catch (IllegalArgumentException e) {
            return new DkimResult(DkimStatus.PERMERROR, domainTag(field), "", "", "", e.getMessage());
        }
        if (signature.expires() >= 0 && signature.expires() < clock.instant().getEpochSecond()) {
            return signature.result(DkimStatus.FAIL, "the signature expired (x=" + signature.expires() + ")");
        }
        PublishedKey published = publishedKey(signature.domain(), signature.selector(), signature.algorithm());
        if (published.record == null) {
            return signature.result(published.status, published.reason);
        }
        DkimKeyRecord key = published.record;
        if (key.strictIdentity() && !signature.identityDomain().equals(signature.domain())) {
            return signature.result(DkimStatus.PERMERROR, "the key's t=s forbids the subdomain identity i=" + signature.identityDomain());
        }
        Canonicalization.BodyHash bodyHash;
        try (InputStream body = message.openBody()) {
            bodyHash = signature.bodyCanonicalization().hash(body, signature.bodyLength());
        } catch (IOException e) {
            return signature.result(DkimStatus.TEMPERROR, "cannot read the message: " + e.getMessage());
        }
        if (signature.bodyLength() > bodyHash.canonicalLength()) {
            return signature.result(DkimStatus.PERMERROR, "l=" + signature.bodyLength() + " is longer than the body");
        }
        if (!MessageDigest.isEqual(bodyHash.digest(), signature.bodyHash())) {
            return signature.result(DkimStatus.FAIL, "the body hash does not match (bh=)");
        }
        try {
            byte[] data = HeaderHash.data(message.headers(), signature.signedNames(), signature.headerCanonicalization(), field.text());
            if (!signature.algorithm().verify(key.key(), data, signature.signature())) {
                return signature.result(DkimStatus.FAIL, "the signature does not verify");
            }
        } catch (GeneralSecurityException e) {
            return signature.result(DkimStatus.FAIL, "the signature does not verify: " + e.getMessage());
        }
        if (signature.bodyLength() >= 0 && signature.bodyLength() < bodyHash.canonicalLength()) {
            return signature.result(DkimStatus.POLICY, "l=" + signature.bodyLength() + " leaves "
                + (bodyHash.canonicalLength() - signature.bodyLength()) + " bytes of the body unsigned");
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

        /** @param arc an ARC-Message-Signature: i= is the instance, there is no v= */
        static ParsedSignature parse(Field field, long latestTimestamp, boolean arc) {
            TagList tags = TagList.parse(field.value());
            if (!arc && !tags.require("v").equals("1")) {
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
            String identity = arc ? domain
                : tags.get("i").map(i -> i.substring(i.lastIndexOf('@') + 1).toLowerCase(Locale.ROOT)).orElse(domain);
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
