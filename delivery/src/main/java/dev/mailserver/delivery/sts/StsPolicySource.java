package dev.mailserver.delivery.sts;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.mailserver.core.dns.DnsAnswer;
import dev.mailserver.delivery.dns.TextLookup;
import dev.mailserver.delivery.https.HttpsClient;

/**
 * Finds a domain's MTA-STS policy (RFC 8461 sections 3 and 5.1): the {@code _mta-sts} TXT record gives the
 * policy's id; a cached policy with the same id is used as it is; otherwise the policy is fetched from
 * {@code https://mta-sts.<domain>/.well-known/mta-sts.txt}. A cached policy that has not expired is used
 * when the TXT record is gone or the fetch fails. A failed fetch is not tried again for the same id for
 * {@link #RETRY_AFTER} (RFC 8461 section 3.3 lets senders limit their fetches), so that a queue of mail
 * for a domain whose policy host is down does not fetch once per message.
 */
public final class StsPolicySource implements StsPolicies {
    private static final Logger LOGGER = LoggerFactory.getLogger(StsPolicySource.class);
    private static final int MAX_POLICY_BYTES = 64 * 1024;
    private static final Duration RETRY_AFTER = Duration.ofMinutes(5);

    private final TextLookup dns;
    private final HttpsClient https;
    private final StsPolicyCache cache;
    private final Clock clock;
    private final int httpsPort;
    private final Map<String, FailedFetch> failedFetches = new ConcurrentHashMap<>();

    private record FailedFetch(String id, StsLookup.Failed failure, Instant until) {
    }

    /** @param httpsPort the port of the policy hosts: 443 (tests use another) */
    public StsPolicySource(TextLookup dns, HttpsClient https, StsPolicyCache cache, Clock clock, int httpsPort) {
        this.dns = dns;
        this.https = https;
        this.cache = cache;
        this.clock = clock;
        this.httpsPort = httpsPort;
    }

    @Override
    public StsLookup find(String domain) {
        Instant now = clock.instant();
        Optional<StsPolicyCache.Entry> cached = cache.get(domain).filter(entry -> entry.isValidAt(now));
        DnsAnswer<String> txt = dns.txt("_mta-sts." + domain);
        Optional<String> id = txt.status() == DnsAnswer.Status.FOUND ? StsPolicyParser.announcedId(txt.records()) : Optional.empty();
        if (id.isEmpty()) {
            return cached.<StsLookup>map(entry -> new StsLookup.Found(entry.policy())).orElseGet(StsLookup.NoPolicy::new);
        }
        if (cached.isPresent() && cached.get().policy().id().equals(id.get())) {
            return new StsLookup.Found(cached.get().policy());
        }
        StsLookup fetched = fetchUnlessFailedRecently(domain, id.get(), now);
        // A failed refresh keeps the cached policy (the failure was logged when the fetch was made).
        return fetched instanceof StsLookup.Failed && cached.isPresent() ? new StsLookup.Found(cached.get().policy()) : fetched;
    }

    private StsLookup fetchUnlessFailedRecently(String domain, String id, Instant now) {
        String key = domain.toLowerCase(Locale.ROOT);
        FailedFetch recent = failedFetches.get(key);
        if (recent != null && recent.id().equals(id) && now.isBefore(recent.until())) {
            return recent.failure();
        }
        StsLookup fetched = fetch(domain, id, now);
        if (fetched instanceof StsLookup.Failed failed) {
            failedFetches.put(key, new FailedFetch(id, failed, now.plus(RETRY_AFTER)));
        } else {
            failedFetches.remove(key);
        }
        return fetched;
    }

    private StsLookup fetch(String domain, String id, Instant now) {
        URI uri = URI.create("https://mta-sts." + domain + (httpsPort == 443 ? "" : ":" + httpsPort) + "/.well-known/mta-sts.txt");
        HttpsClient.Response response;
        try {
            response = https.get(uri, MAX_POLICY_BYTES);
        } catch (HttpsClient.Failure e) {
            return failed(domain, e.certificate() ? "sts-webpki-invalid" : "sts-policy-fetch-error", e.getMessage());
        }
        if (response.status() != 200) {
            return failed(domain, "sts-policy-fetch-error", uri + " answered HTTP " + response.status() + " (redirects are not followed)");
        }
        if (!response.mediaType().equalsIgnoreCase("text/plain")) {
            return failed(domain, "sts-policy-invalid", uri + " is " + response.mediaType() + ", not text/plain");
        }
        try {
            StsPolicy policy = StsPolicyParser.policy(id, new String(response.body(), StandardCharsets.UTF_8));
            cache.put(domain, new StsPolicyCache.Entry(policy, now));
            LOGGER.info("MTA-STS policy of {} fetched: id {}, mode {}, max_age {}s", domain, id, policy.mode().name().toLowerCase(Locale.ROOT),
                policy.maxAge().toSeconds());
            return new StsLookup.Found(policy);
        } catch (StsPolicyParser.InvalidPolicy e) {
            return failed(domain, "sts-policy-invalid", uri + ": " + e.getMessage());
        }
    }

    private static StsLookup failed(String domain, String resultType, String detail) {
        LOGGER.info("MTA-STS policy of {} not had: {}", domain, detail);
        return new StsLookup.Failed(resultType, detail);
    }
}
