package dev.mailserver.smtp.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Date;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;

/** An OAuth issuer for tests: an RSA key, its public JWKS file, and the JWTs it signs. Shared through smtp-protocol's test-jar. */
public final class TestTokens {
    private final RSAKey key;
    private final String issuer;

    public TestTokens(String issuer) throws JOSEException {
        this.key = new RSAKeyGenerator(2048).keyID("test-key").generate();
        this.issuer = issuer;
    }

    /** Writes the public JWKS (the key the server checks signatures with). */
    public Path writeJwks(Path file) throws IOException {
        return Files.writeString(file, new JWKSet(key.toPublicJWK()).toString());
    }

    /** A token of this issuer for {@code audience}, naming {@code email}, valid until {@code expiry}. */
    public String token(String audience, String email, Instant expiry) throws JOSEException {
        return sign(new JWTClaimsSet.Builder().issuer(issuer).audience(audience).subject("test-subject").claim("email", email)
            .expirationTime(Date.from(expiry)).build(), key);
    }

    /** The same claims signed by another key with the same key id: a forgery. */
    public String forged(String audience, String email, Instant expiry) throws JOSEException {
        return sign(new JWTClaimsSet.Builder().issuer(issuer).audience(audience).claim("email", email).expirationTime(Date.from(expiry)).build(),
            new RSAKeyGenerator(2048).keyID("test-key").generate());
    }

    private static String sign(JWTClaimsSet claims, RSAKey signingKey) throws JOSEException {
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(signingKey.getKeyID()).build(), claims);
        jwt.sign(new RSASSASigner(signingKey));
        return jwt.serialize();
    }
}
