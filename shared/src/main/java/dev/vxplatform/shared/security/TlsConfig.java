package dev.vxplatform.shared.security;

import dev.vxplatform.shared.config.Env;
import io.vertx.core.eventbus.EventBusOptions;
import io.vertx.core.http.ClientAuth;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.net.PemKeyCertOptions;
import io.vertx.core.net.PemTrustOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * TLS of a node, off unless all three files are given. One switch for the whole node: with it on, the public HTTP
 * server speaks HTTPS only, the gateway calls instances over HTTPS (verified against the CA, host name included), and
 * the clustered event bus speaks mutual TLS (a peer without a certificate signed by the CA cannot connect).
 *
 * @param certFile {@code TLS_CERT_FILE}: PEM certificate chain of this node, its own certificate first. Its subject
 *                 alternative names must cover the host others connect to: the discovery record's host
 *                 ({@code PUBLIC_HOST}, else {@code CLUSTER_HOST}) for services, the public name for the gateway
 * @param keyFile  {@code TLS_KEY_FILE}: PEM private key of that certificate (PKCS#8 {@code BEGIN PRIVATE KEY}, or
 *                 PKCS#1 {@code BEGIN RSA PRIVATE KEY}), unencrypted
 * @param caFile   {@code TLS_CA_FILE}: PEM certificate(s) of the CA that peers' certificates are verified against;
 *                 give the cluster a CA of its own: any certificate it signed is let onto the event bus
 */
public record TlsConfig(String certFile, String keyFile, String caFile) {

  public static final String CERT_FILE = "TLS_CERT_FILE";
  public static final String KEY_FILE = "TLS_KEY_FILE";
  public static final String CA_FILE = "TLS_CA_FILE";
  /** No TLS anywhere: what an unset environment gives. */
  public static final TlsConfig OFF = new TlsConfig(null, null, null);

  public TlsConfig {
    Map<String, String> files = new LinkedHashMap<>();
    files.put(CERT_FILE, certFile);
    files.put(KEY_FILE, keyFile);
    files.put(CA_FILE, caFile);
    long given = files.values().stream().filter(file -> file != null).count();
    if (given != 0 && given != files.size()) {
      throw new IllegalArgumentException("TLS needs " + CERT_FILE + ", " + KEY_FILE + " and " + CA_FILE
          + " together; missing: " + String.join(", ", files.entrySet().stream()
          .filter(entry -> entry.getValue() == null).map(Map.Entry::getKey).toList()));
    }
    files.forEach((variable, file) -> {
      if (file != null && !Files.isReadable(Path.of(file))) {
        throw new IllegalArgumentException(variable + " is not a readable file: " + file);
      }
    });
  }

  public static TlsConfig fromEnv(Map<String, String> vars) {
    Env env = Env.of(vars);
    return new TlsConfig(env.string(CERT_FILE, null), env.string(KEY_FILE, null), env.string(CA_FILE, null));
  }

  public boolean enabled() {
    return certFile != null;
  }

  /** HTTPS only with TLS on (a plaintext request gets its connection closed); callers need no certificate. */
  public HttpServerOptions server(HttpServerOptions options) {
    return enabled() ? options.setSsl(true).setKeyCertOptions(keyCert()) : options;
  }

  /**
   * With TLS on, requests go over HTTPS, the server's certificate must chain to the CA and name the host connected to
   * (Vert.x's host verification), and this node's certificate is offered should the server ask for one.
   */
  public HttpClientOptions client(HttpClientOptions options) {
    return enabled()
        ? options.setSsl(true).setTrustAll(false).setTrustOptions(trust()).setVerifyHost(true)
            .setKeyCertOptions(keyCert())
        : options;
  }

  /**
   * Mutual TLS between event-bus peers with TLS on. Vert.x does not verify peers' host names on the event bus, so a
   * peer is trusted for holding a certificate of the CA; and Vert.x's event-bus default is to trust all, hence the
   * explicit {@code setTrustAll(false)}.
   */
  public EventBusOptions eventBus(EventBusOptions options) {
    return enabled()
        ? options.setSsl(true).setKeyCertOptions(keyCert()).setTrustAll(false).setTrustOptions(trust())
            .setClientAuth(ClientAuth.REQUIRED)
        : options;
  }

  private PemKeyCertOptions keyCert() {
    return new PemKeyCertOptions().setCertPath(certFile).setKeyPath(keyFile);
  }

  private PemTrustOptions trust() {
    return new PemTrustOptions().addCertPath(caFile);
  }

  @Override
  public String toString() {
    return enabled() ? "TLS(cert " + certFile + ", CA " + caFile + ")" : "TLS off";
  }
}
