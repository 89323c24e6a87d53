package dev.mailserver.app.config;

/**
 * AUTH OAUTHBEARER and XOAUTH2 on the submission listeners ({@code mailserver.smtp.auth.oauth}).
 *
 * @param jwks the JWKS with the token signing keys: a file path or an {@code https:} URL
 * @param issuer the {@code iss} a token must have
 * @param audience the {@code aud} a token must include
 * @param userClaim the claim naming the user, e.g. {@code email}
 */
public record OAuthConfig(String jwks, String issuer, String audience, String userClaim) {
}
