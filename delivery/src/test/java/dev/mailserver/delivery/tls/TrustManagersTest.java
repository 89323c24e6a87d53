package dev.mailserver.delivery.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.cert.CertificateException;
import java.util.Optional;

import javax.net.ssl.X509TrustManager;

import org.junit.jupiter.api.Test;

import dev.mailserver.delivery.testing.TestCa;

/** The trust store alone for {@code verify}; the JDK's certificates and the trust store's for MTA-STS. */
class TrustManagersTest {

    @Test
    void theWebPkiTrustsTheJdksAuthoritiesAndTheTrustStores() throws Exception {
        TestCa ca = TestCa.create("Private CA");
        X509TrustManager storeOnly = TrustManagers.of(Optional.of(ca.trustStore()));
        X509TrustManager webPki = TrustManagers.webPki(Optional.of(ca.trustStore()));
        X509TrustManager jdk = TrustManagers.of(Optional.empty());

        assertThat(storeOnly.getAcceptedIssuers()).containsExactly(ca.certificate());
        assertThat(webPki.getAcceptedIssuers()).contains(ca.certificate()).hasSize(jdk.getAcceptedIssuers().length + 1);
        webPki.checkServerTrusted(ca.issue("mx.example.test").chain(), "ECDHE_ECDSA");
        assertThatThrownBy(() -> webPki.checkServerTrusted(TestCa.selfSigned("mx.example.test").chain(), "ECDHE_ECDSA"))
            .isInstanceOf(CertificateException.class);
    }
}
