package dev.mailserver.auth.dkim;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;

import dev.mailserver.auth.dns.AuthDns;
import dev.mailserver.core.dns.DnsAnswer;

/** Whether the key record published for a signing key is the key's public half. */
public final class DkimKeyCheck {
    private static final byte[] PROBE = "mailserver dkim check".getBytes(StandardCharsets.US_ASCII);

    public enum Outcome { MATCHES, DIFFERENT, UNUSABLE, MISSING, LOOKUP_FAILED }

    public record Verdict(DkimSigningKey key, Outcome outcome, String detail) {
    }

    private final AuthDns dns;

    public DkimKeyCheck(AuthDns dns) {
        this.dns = dns;
    }

    /** Looks the record up and checks it by verifying a signature made with the private key. */
    public Verdict check(DkimSigningKey key) {
        DnsAnswer<String> answer = dns.txt(key.recordName());
        if (answer.status() == DnsAnswer.Status.TEMPORARY_FAILURE) {
            return new Verdict(key, Outcome.LOOKUP_FAILED, answer.detail());
        }
        if (answer.records().isEmpty()) {
            return new Verdict(key, Outcome.MISSING, "no TXT record at " + key.recordName());
        }
        DkimKeyRecord record;
        try {
            record = DkimKeyRecord.parse(answer.records().get(0), key.algorithm());
        } catch (IllegalArgumentException e) {
            return new Verdict(key, Outcome.UNUSABLE, e.getMessage());
        }
        try {
            boolean matches = key.algorithm().verify(record.key(), PROBE, key.algorithm().sign(key.privateKey(), PROBE));
            return matches ? new Verdict(key, Outcome.MATCHES, "the published key matches")
                : new Verdict(key, Outcome.DIFFERENT, "the published key is not this key's public key");
        } catch (GeneralSecurityException e) {
            return new Verdict(key, Outcome.DIFFERENT, e.getMessage());
        }
    }
}
