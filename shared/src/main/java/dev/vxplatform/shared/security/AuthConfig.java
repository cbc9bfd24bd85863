package dev.vxplatform.shared.security;

import dev.vxplatform.shared.config.Env;
import java.util.Map;

/**
 * Where a node gets the keys that bearer tokens are verified with, and what a token must claim. Exactly one key
 * source is set: a PEM public key (inline or a file) or a JWKS URL.
 *
 * @param publicKeyPem         a PEM public key given inline (tests, and {@link LocalKeys#authConfig()})
 * @param publicKeyFile        {@code JWT_PUBLIC_KEY_FILE}: a PEM public key, RSA (RS256) or EC P-256 (ES256)
 * @param jwksUrl              {@code JWT_JWKS_URL}: an identity provider's key set, e.g. Keycloak's
 *                             {@code .../realms/shop/protocol/openid-connect/certs}
 * @param issuer               {@code JWT_ISSUER} (default {@value #DEFAULT_ISSUER}): every token's {@code iss}
 * @param audience             {@code JWT_AUDIENCE} (default {@value #DEFAULT_AUDIENCE}): one of the token's {@code aud}
 * @param jwksRefreshMillis    {@code JWT_JWKS_REFRESH_MS} (default 5 minutes): how often the key set is fetched again
 * @param jwksMinRefreshMillis {@code JWT_JWKS_MIN_REFRESH_MS} (default 30 s): a token naming an unknown {@code kid}
 *                             fetches the key set at once, but at most once in this interval, so forged kids cannot
 *                             make a node hammer the identity provider
 * @param leewaySeconds        {@code JWT_LEEWAY_SECONDS} (default 5): clock skew allowed on {@code exp} and {@code nbf}
 */
public record AuthConfig(String publicKeyPem, String publicKeyFile, String jwksUrl, String issuer, String audience,
    long jwksRefreshMillis, long jwksMinRefreshMillis, int leewaySeconds) {

  public static final String DEFAULT_ISSUER = "vx-platform-local";
  public static final String DEFAULT_AUDIENCE = "vx-platform";
  public static final long DEFAULT_JWKS_REFRESH_MILLIS = 300_000;
  public static final long DEFAULT_JWKS_MIN_REFRESH_MILLIS = 30_000;
  public static final int DEFAULT_LEEWAY_SECONDS = 5;

  public AuthConfig {
    int sources = (publicKeyPem == null ? 0 : 1) + (publicKeyFile == null ? 0 : 1) + (jwksUrl == null ? 0 : 1);
    if (sources != 1) {
      throw new IllegalArgumentException(sources == 0
          ? "no key to verify tokens with: set JWT_PUBLIC_KEY_FILE or JWT_JWKS_URL"
              + " (infra/local-cluster.sh up makes a local key pair)"
          : "set only one of JWT_PUBLIC_KEY_FILE and JWT_JWKS_URL");
    }
    if (issuer == null || issuer.isBlank() || audience == null || audience.isBlank()) {
      throw new IllegalArgumentException("JWT_ISSUER and JWT_AUDIENCE must not be blank");
    }
    if (jwksRefreshMillis < 1_000 || jwksMinRefreshMillis < 0 || leewaySeconds < 0) {
      throw new IllegalArgumentException("JWT_JWKS_REFRESH_MS must be at least 1000, and the other JWT_ values >= 0");
    }
  }

  public static AuthConfig fromEnv(Map<String, String> vars) {
    Env env = Env.of(vars);
    return new AuthConfig(null, env.string("JWT_PUBLIC_KEY_FILE", null), env.string("JWT_JWKS_URL", null),
        env.string("JWT_ISSUER", DEFAULT_ISSUER), env.string("JWT_AUDIENCE", DEFAULT_AUDIENCE),
        env.number("JWT_JWKS_REFRESH_MS", DEFAULT_JWKS_REFRESH_MILLIS),
        env.number("JWT_JWKS_MIN_REFRESH_MS", DEFAULT_JWKS_MIN_REFRESH_MILLIS),
        env.integer("JWT_LEEWAY_SECONDS", DEFAULT_LEEWAY_SECONDS));
  }

  /** Verifies with this PEM public key, default issuer and audience. */
  public static AuthConfig ofPublicKey(String pem) {
    return new AuthConfig(pem, null, null, DEFAULT_ISSUER, DEFAULT_AUDIENCE, DEFAULT_JWKS_REFRESH_MILLIS,
        DEFAULT_JWKS_MIN_REFRESH_MILLIS, DEFAULT_LEEWAY_SECONDS);
  }

  /** Verifies with the key set at this URL, default issuer and audience. */
  public static AuthConfig ofJwks(String url, long refreshMillis, long minRefreshMillis) {
    return new AuthConfig(null, null, url, DEFAULT_ISSUER, DEFAULT_AUDIENCE, refreshMillis, minRefreshMillis,
        DEFAULT_LEEWAY_SECONDS);
  }
}
