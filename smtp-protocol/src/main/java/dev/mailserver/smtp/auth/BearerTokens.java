package dev.mailserver.smtp.auth;

import java.io.IOException;
import java.net.URI;
import java.net.URL;
import java.nio.file.Path;
import java.text.ParseException;
import java.util.Optional;
import java.util.Set;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;

/**
 * OAuth 2.0 bearer tokens for AUTH OAUTHBEARER (RFC 7628) and XOAUTH2, taken as signed JWTs (RFC 7519):
 * the signature must verify with a key of the configured JWKS (a file, or an HTTPS URL fetched and cached
 * by nimbus-jose-jwt), the issuer and audience must be the configured ones, and the token must not have
 * expired (60 s clock skew). The user is the value of the configured claim (e.g. {@code email}).
 *
 * <p>{@link #userOf} may fetch the JWKS: call it away from network threads.
 */
public final class BearerTokens {
    private static final Logger LOGGER = LoggerFactory.getLogger(BearerTokens.class);
    private static final Set<JWSAlgorithm> ALGORITHMS = Set.of(JWSAlgorithm.RS256, JWSAlgorithm.RS384, JWSAlgorithm.RS512,
        JWSAlgorithm.PS256, JWSAlgorithm.PS384, JWSAlgorithm.PS512, JWSAlgorithm.ES256, JWSAlgorithm.ES384, JWSAlgorithm.ES512);

    private final DefaultJWTProcessor<SecurityContext> processor = new DefaultJWTProcessor<>();
    private final String userClaim;

    private BearerTokens(JWKSource<SecurityContext> keys, String issuer, String audience, String userClaim) {
        this.userClaim = userClaim;
        processor.setJWSKeySelector(new JWSVerificationKeySelector<>(ALGORITHMS, keys));
        processor.setJWTClaimsSetVerifier(new DefaultJWTClaimsVerifier<>(audience,
            new JWTClaimsSet.Builder().issuer(issuer).build(), Set.of("exp", userClaim)));
    }

    /**
     * @param jwks a JWKS file path, or an {@code https:} URL
     * @throws IOException when the JWKS file cannot be read or parsed
     */
    public static BearerTokens of(String jwks, String issuer, String audience, String userClaim) throws IOException {
        JWKSource<SecurityContext> keys;
        if (jwks.startsWith("https://") || jwks.startsWith("http://")) {
            URL url = URI.create(jwks).toURL();
            keys = JWKSourceBuilder.create(url).build();
        } else {
            try {
                keys = new ImmutableJWKSet<>(JWKSet.load(Path.of(jwks).toFile()));
            } catch (ParseException e) {
                throw new IOException("not a JWKS: " + jwks + ": " + e.getMessage(), e);
            }
        }
        return new BearerTokens(keys, issuer, audience, userClaim);
    }

    /** The user a valid token names; empty, with the reason logged, when it is not valid. */
    public Optional<String> userOf(String token) {
        try {
            Object user = processor.process(token, null).getClaim(userClaim);
            return user instanceof String name && !name.isBlank() ? Optional.of(name) : Optional.empty();
        } catch (ParseException | BadJOSEException | JOSEException e) {
            LOGGER.info("Bearer token refused: {}", e.getMessage());
            return Optional.empty();
        }
    }
}
