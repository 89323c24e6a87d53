package dev.mailserver.delivery.https;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import javax.net.ssl.TrustManager;

import org.apache.hc.client5.http.classic.methods.HttpGet;
import org.apache.hc.client5.http.classic.methods.HttpPost;
import org.apache.hc.client5.http.classic.methods.HttpUriRequestBase;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.client5.http.ssl.DefaultClientTlsStrategy;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.HttpEntity;
import org.apache.hc.core5.http.io.entity.ByteArrayEntity;
import org.apache.hc.core5.util.Timeout;
import org.xbill.DNS.Address;

import dev.mailserver.core.dns.DnsAnswer;
import dev.mailserver.core.dns.DnsResolver;
import dev.mailserver.delivery.tls.TrustManagers;

/**
 * A small HTTPS client for MTA-STS policies and TLS-RPT reports, on Apache HttpClient: names are looked
 * up with our own DNS resolver (the JDK's HttpClient can only use the JVM's), certificates are checked
 * (PKIX and host name), redirects are not followed, and every exchange is bounded in time and size.
 */
public final class HttpsClient implements AutoCloseable {
    private final CloseableHttpClient client;
    private final Duration timeout;

    /** @param trustStore certificates trusted besides the JDK's (the public web PKI) */
    public HttpsClient(DnsResolver dns, Optional<KeyStore> trustStore, Duration timeout) {
        this.timeout = timeout;
        Timeout limit = Timeout.of(timeout);
        this.client = HttpClients.custom()
            .setConnectionManager(PoolingHttpClientConnectionManagerBuilder.create()
                .setDnsResolver(new OurResolver(dns))
                .setTlsSocketStrategy(new DefaultClientTlsStrategy(sslContext(trustStore)))
                .setDefaultConnectionConfig(ConnectionConfig.custom().setConnectTimeout(limit).setSocketTimeout(limit).build())
                .build())
            .setDefaultRequestConfig(RequestConfig.custom().setResponseTimeout(limit).setConnectionRequestTimeout(limit).build())
            .disableRedirectHandling()
            .disableAutomaticRetries()
            .disableCookieManagement()
            .disableAuthCaching()
            .setUserAgent("mailserver")
            .build();
    }

    /** What the server answered: its status, media type and body (at most the bytes asked for). */
    public record Response(int status, String mediaType, byte[] body) {
        public Response {
            Objects.requireNonNull(mediaType, "mediaType");
            body = body.clone();
        }

        @Override
        public byte[] body() {
            return body.clone();
        }
    }

    /** A failed exchange; {@link #certificate()} says whether the server's certificate was the reason. */
    public static final class Failure extends Exception {
        private final boolean certificate;

        Failure(String message, boolean certificate) {
            super(message, null, false, false);
            this.certificate = certificate;
        }

        public boolean certificate() {
            return certificate;
        }
    }

    /** GET; a body longer than {@code maxBytes} fails. */
    public Response get(URI uri, int maxBytes) throws Failure {
        return exchange(new HttpGet(uri), maxBytes);
    }

    /** POST of {@code body}; the answer's body is read up to 64 KiB. */
    public Response post(URI uri, String mediaType, byte[] body) throws Failure {
        HttpPost post = new HttpPost(uri);
        post.setEntity(new ByteArrayEntity(body, ContentType.parse(mediaType)));
        return exchange(post, 64 * 1024);
    }

    private Response exchange(HttpUriRequestBase request, int maxBytes) throws Failure {
        if (!"https".equalsIgnoreCase(request.getScheme())) {
            throw new Failure(request.getRequestUri() + " is not an https URL", false);
        }
        try {
            return client.execute(request, response -> {
                HttpEntity entity = response.getEntity();
                byte[] body = new byte[0];
                if (entity != null) {
                    try (InputStream in = entity.getContent()) {
                        body = in.readNBytes(maxBytes + 1);
                    }
                }
                if (body.length > maxBytes) {
                    throw new IOException("the answer is larger than " + maxBytes + " bytes");
                }
                String mediaType = entity == null || entity.getContentType() == null ? "" : ContentType.parse(entity.getContentType()).getMimeType();
                return new Response(response.getCode(), mediaType, body);
            });
        } catch (SSLException e) {
            throw new Failure("TLS with " + request.getAuthority() + " failed: " + e.getMessage(), true);
        } catch (IOException e) {
            throw new Failure(request.getMethod() + " " + request.getRequestUri() + " at " + request.getAuthority() + " failed within "
                + timeout.toSeconds() + "s: " + e.getMessage(), false);
        }
    }

    private static SSLContext sslContext(Optional<KeyStore> trustStore) {
        try {
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, new TrustManager[] {TrustManagers.webPki(trustStore)}, null);
            return context;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot set up TLS for the HTTPS client", e);
        }
    }

    @Override
    public void close() throws IOException {
        client.close();
    }

    /** Host names through our resolver, never the JVM's. */
    private record OurResolver(DnsResolver dns) implements org.apache.hc.client5.http.DnsResolver {
        @Override
        public InetAddress[] resolve(String host) throws UnknownHostException {
            if (Address.isDottedQuad(host)) {
                return new InetAddress[] {Address.getByAddress(host)};
            }
            DnsAnswer<InetAddress> answer = dns.addresses(host);
            if (answer.status() != DnsAnswer.Status.FOUND) {
                throw new UnknownHostException(host + ": " + answer.status() + (answer.detail().isEmpty() ? "" : " " + answer.detail()));
            }
            return answer.records().toArray(InetAddress[]::new);
        }

        @Override
        public String resolveCanonicalHostname(String host) {
            return host;
        }
    }
}
