package dev.mailserver.storage.srs;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import javax.mail.internet.AddressException;

import org.apache.james.core.Domain;
import org.apache.james.core.MailAddress;

/**
 * The Sender Rewriting Scheme in the form of libsrs2, postsrsd and Postfix setups that use them, so that mail we
 * forward passes SPF at its destination and its bounces come back to us, and from us to the sender:
 * <ul>
 * <li>{@code user@host} becomes {@code SRS0=HHHH=TT=host=user@<our domain>}: TT the day (base32, 1024 days
 * round), HHHH the first 4 base64 characters of the HMAC-SHA1 of {@code TT host user}, lower-cased, under the
 * first secret;</li>
 * <li>an SRS0 address of another forwarder, {@code SRS0=opaque@hop}, becomes
 * {@code SRS1=HHHH=hop==opaque@<our domain>} (HHHH over {@code hop =opaque}), and an SRS1 address keeps its first
 * hop and opaque part under a new hash, so that addresses do not grow with each forwarder and bounces go back
 * to the first one directly.</li>
 * </ul>
 * Reversing checks the hash under each secret (case-insensitively, as some servers lower-case addresses) and,
 * for SRS0, that the address is at most {@code maxAge} old. Addresses of our own domain are not rewritten.
 */
public final class SenderRewriting {
    private static final String TIME_CHARACTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
    private static final int TIME_SLOTS = 1024;
    private static final int HASH_LENGTH = 4;
    private static final char SEPARATOR = '=';

    private final Domain domain;
    private final List<byte[]> secrets;
    private final long maxAgeDays;
    private final Clock clock;

    /**
     * @param domain the domain of our SRS addresses
     * @param secrets the first signs, all are accepted when reversing (for a change of secret)
     * @param maxAge how long an SRS0 address stays valid, in days (at most 1023)
     */
    public SenderRewriting(Domain domain, List<byte[]> secrets, Duration maxAge, Clock clock) {
        this.domain = Objects.requireNonNull(domain, "domain");
        this.secrets = secrets.stream().map(byte[]::clone).toList();
        if (this.secrets.isEmpty()) {
            throw new IllegalArgumentException("SRS needs a secret");
        }
        this.maxAgeDays = maxAge.toDays();
        if (maxAgeDays < 1 || maxAgeDays >= TIME_SLOTS) {
            throw new IllegalArgumentException("an SRS address's age must be 1 to " + (TIME_SLOTS - 1) + " days, not " + maxAge);
        }
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** The domain of our SRS addresses. */
    public Domain domain() {
        return domain;
    }

    /**
     * The address that stands for {@code sender} in mail we forward; the sender itself when it is of our domain, or
     * when its parts cannot make an SRS local part (a quoted local part).
     */
    public MailAddress forward(MailAddress sender) {
        String host = sender.getDomain().asString();
        if (host.equalsIgnoreCase(domain.asString())) {
            return sender;
        }
        String local = sender.getLocalPart();
        if (tagged(local, "SRS0")) {
            return guarded(host, local.substring(4)).orElse(sender);
        }
        if (tagged(local, "SRS1")) {
            String[] parts = local.substring(5).split(String.valueOf(SEPARATOR), 3);
            if (parts.length == 3 && !parts[1].isEmpty()) {
                return guarded(parts[1], parts[2]).orElse(sender);
            }
        }
        String stamp = stamp(today());
        return address("SRS0" + SEPARATOR + hash(0, stamp, host, local) + SEPARATOR + stamp + SEPARATOR + host + SEPARATOR + local)
            .orElse(sender);
    }

    /** An SRS1 address for the first hop {@code hop} and the rest of its address, {@code =opaque}. */
    private Optional<MailAddress> guarded(String hop, String opaque) {
        return address("SRS1" + SEPARATOR + hash(0, hop, opaque) + SEPARATOR + hop + SEPARATOR + opaque);
    }

    /**
     * What an address of ours that looks like SRS stands for.
     *
     * @return empty when the address is not an SRS address of our domain
     */
    public Optional<Reversal> reverse(MailAddress address) {
        String local = address.getLocalPart();
        if (!address.getDomain().asString().equalsIgnoreCase(domain.asString()) || !(tagged(local, "SRS0") || tagged(local, "SRS1"))) {
            return Optional.empty();
        }
        boolean srs0 = tagged(local, "SRS0");
        String[] parts = local.substring(5).split(String.valueOf(SEPARATOR), srs0 ? 4 : 3);
        if (parts.length < (srs0 ? 4 : 3) || Arrays.asList(parts).subList(0, parts.length - 1).contains("")) {
            return Optional.of(Reversal.invalid("not a well-formed SRS address"));
        }
        String[] hashed = Arrays.copyOfRange(parts, 1, parts.length);
        if (!hashMatches(parts[0], hashed)) {
            return Optional.of(Reversal.invalid("the SRS hash is wrong"));
        }
        if (!srs0) {
            return Optional.of(Reversal.to(parsed("SRS0" + parts[2] + "@" + parts[1])));
        }
        if (!fresh(parts[1])) {
            return Optional.of(Reversal.invalid("the SRS address has expired (older than " + maxAgeDays
                + " days) or has a bad time stamp"));
        }
        return Optional.of(Reversal.to(parsed(parts[3] + "@" + parts[2])));
    }

    /**
     * What an SRS address of ours stands for.
     *
     * @param original the address the mail goes back to, or empty when the address is not valid
     * @param problem why it is not valid
     */
    public record Reversal(Optional<MailAddress> original, String problem) {
        static Reversal to(Optional<MailAddress> original) {
            return original.map(address -> new Reversal(Optional.of(address), "")).orElseGet(() -> invalid("it encodes no mail address"));
        }

        static Reversal invalid(String problem) {
            return new Reversal(Optional.empty(), problem);
        }
    }

    private boolean hashMatches(String hash, String... data) {
        for (int i = 0; i < secrets.size(); i++) {
            if (hash(i, data).equalsIgnoreCase(hash)) {
                return true;
            }
        }
        return false;
    }

    private boolean fresh(String stamp) {
        if (stamp.length() != 2) {
            return false;
        }
        int high = TIME_CHARACTERS.indexOf(Character.toUpperCase(stamp.charAt(0)));
        int low = TIME_CHARACTERS.indexOf(Character.toUpperCase(stamp.charAt(1)));
        if (high < 0 || low < 0) {
            return false;
        }
        long then = high * 32L + low;
        long now = today() % TIME_SLOTS;
        if (now < then) {
            now += TIME_SLOTS;
        }
        return now - then <= maxAgeDays;
    }

    private long today() {
        return clock.instant().getEpochSecond() / 86_400;
    }

    private static String stamp(long day) {
        int slot = (int) (day % TIME_SLOTS);
        return "" + TIME_CHARACTERS.charAt(slot >> 5) + TIME_CHARACTERS.charAt(slot & 31);
    }

    private String hash(int secret, String... data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA1");
            mac.init(new SecretKeySpec(secrets.get(secret), "HmacSHA1"));
            for (String part : data) {
                mac.update(part.toLowerCase(Locale.ROOT).getBytes(StandardCharsets.UTF_8));
            }
            return Base64.getEncoder().encodeToString(mac.doFinal()).substring(0, HASH_LENGTH);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("this JDK has no HmacSHA1", e);
        }
    }

    private static boolean tagged(String local, String tag) {
        return local.length() > 5 && local.regionMatches(true, 0, tag, 0, 4) && "=+-".indexOf(local.charAt(4)) >= 0;
    }

    private Optional<MailAddress> address(String local) {
        try {
            return Optional.of(new MailAddress(local, domain));
        } catch (AddressException e) {
            return Optional.empty();
        }
    }

    private static Optional<MailAddress> parsed(String text) {
        try {
            return Optional.of(new MailAddress(text));
        } catch (AddressException e) {
            return Optional.empty();
        }
    }
}
