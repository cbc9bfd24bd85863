package dev.vxplatform.shared.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vxplatform.shared.cluster.ClusterConfig;
import dev.vxplatform.shared.web.HttpConfig;
import io.vertx.core.eventbus.EventBusOptions;
import io.vertx.core.http.ClientAuth;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.net.PemKeyCertOptions;
import io.vertx.core.net.PemTrustOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TlsConfigTest {

  /** What HttpConfig needs besides TLS: a way to verify tokens. */
  private static final String JWKS = "JWT_JWKS_URL";
  private static final String JWKS_URL = "https://idp.example/jwks";

  @TempDir
  Path dir;

  @Test
  void isOffWhenNoFileIsGivenAndChangesNoOptions() {
    TlsConfig tls = TlsConfig.fromEnv(Map.of("TLS_CERT_FILE", " "));

    assertThat(tls.enabled()).isFalse();
    assertThat(tls.server(new HttpServerOptions()).isSsl()).isFalse();
    assertThat(tls.client(new HttpClientOptions()).isSsl()).isFalse();
    assertThat(tls.eventBus(new EventBusOptions()).isSsl()).isFalse();
    assertThat(HttpConfig.fromEnv(Map.of(JWKS, JWKS_URL), 8080).tls().enabled()).isFalse();
    assertThat(ClusterConfig.fromEnv(Map.of()).tls().enabled()).isFalse();
    assertThat(HttpConfig.ephemeral().tls()).isEqualTo(TlsConfig.OFF);
  }

  @Test
  void refusesSomeFilesWithoutTheOthersNamingWhatIsMissing() throws IOException {
    Map<String, String> env = Map.of("TLS_CERT_FILE", file("cert.pem"), JWKS, JWKS_URL);

    assertThatThrownBy(() -> TlsConfig.fromEnv(env))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("missing: TLS_KEY_FILE, TLS_CA_FILE");
    assertThatThrownBy(() -> HttpConfig.fromEnv(env, 8080)).hasMessageContaining("TLS_KEY_FILE");
  }

  @Test
  void refusesAFileThatCannotBeRead() throws IOException {
    Map<String, String> env = Map.of("TLS_CERT_FILE", file("cert.pem"), "TLS_KEY_FILE", file("key.pem"),
        "TLS_CA_FILE", dir.resolve("absent.pem").toString());

    assertThatThrownBy(() -> TlsConfig.fromEnv(env))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("TLS_CA_FILE is not a readable file");
  }

  @Test
  void withAllThreeFilesServesHttpsVerifiesPeersAndRequiresCertificatesOnTheEventBus() throws IOException {
    Map<String, String> env = Map.of("TLS_CERT_FILE", file("cert.pem"), "TLS_KEY_FILE", file("key.pem"),
        "TLS_CA_FILE", file("ca.pem"), JWKS, JWKS_URL);
    TlsConfig tls = TlsConfig.fromEnv(env);

    HttpServerOptions server = tls.server(new HttpServerOptions());
    assertThat(server.isSsl()).isTrue();
    assertThat(((PemKeyCertOptions) server.getKeyCertOptions()).getCertPaths()).containsExactly(tls.certFile());
    HttpClientOptions client = tls.client(new HttpClientOptions());
    assertThat(client.isSsl()).isTrue();
    assertThat(client.isVerifyHost()).isTrue();
    assertThat(client.isTrustAll()).isFalse();
    assertThat(((PemTrustOptions) client.getTrustOptions()).getCertPaths()).containsExactly(tls.caFile());
    EventBusOptions eventBus = tls.eventBus(new EventBusOptions());
    assertThat(eventBus.isSsl()).isTrue();
    assertThat(eventBus.getClientAuth()).isEqualTo(ClientAuth.REQUIRED);
    assertThat(eventBus.isTrustAll()).as("Vert.x's event bus trusts all by default").isFalse();
    assertThat(ClusterConfig.fromEnv(env).tls()).isEqualTo(tls);
    assertThat(HttpConfig.fromEnv(env, 8080).tls()).isEqualTo(tls);
  }

  private String file(String name) throws IOException {
    return Files.writeString(dir.resolve(name), "not parsed before start").toString();
  }
}
