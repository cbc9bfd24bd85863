package dev.vxplatform.shared.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** A node never starts without a way to verify tokens, and never with two. */
class AuthConfigTest {

  @Test
  void refusesToStartWithoutAKey() {
    assertThatThrownBy(() -> AuthConfig.fromEnv(Map.of())).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("JWT_PUBLIC_KEY_FILE or JWT_JWKS_URL");
  }

  @Test
  void refusesTwoKeySources() {
    assertThatThrownBy(() -> AuthConfig.fromEnv(Map.of("JWT_PUBLIC_KEY_FILE", "/k.pem", "JWT_JWKS_URL", "http://idp")))
        .hasMessageContaining("only one");
  }

  @Test
  void readsEveryVariable() {
    AuthConfig config = AuthConfig.fromEnv(Map.of("JWT_JWKS_URL", "https://idp.example/certs", "JWT_ISSUER",
        "https://idp.example/realms/shop", "JWT_AUDIENCE", "shop-api", "JWT_JWKS_REFRESH_MS", "60000",
        "JWT_JWKS_MIN_REFRESH_MS", "1000", "JWT_LEEWAY_SECONDS", "2"));

    assertThat(config).isEqualTo(new AuthConfig(null, null, "https://idp.example/certs",
        "https://idp.example/realms/shop", "shop-api", 60_000, 1_000, 2));
  }

  @Test
  void tellsTheAlgorithmFromTheKey() {
    assertThat(PemKeys.algorithmOf(LocalKeys.generate().publicPem())).isEqualTo("RS256");
    assertThatThrownBy(() -> PemKeys.algorithmOf("-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----"))
        .hasMessageContaining("neither RSA nor EC");
  }
}
