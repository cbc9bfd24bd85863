package dev.vxplatform.shared.web;

import dev.vxplatform.shared.config.Env;
import dev.vxplatform.shared.security.AuthConfig;
import dev.vxplatform.shared.security.LocalKeys;
import dev.vxplatform.shared.security.TlsConfig;
import java.util.Map;

/**
 * Where a service's HTTP servers listen, how others reach it, and how it verifies its callers' tokens.
 *
 * @param bindHost       {@code HTTP_HOST} (default 127.0.0.1): the interface the public server binds
 * @param port           {@code HTTP_PORT}: 0 picks a free port (what tests and the local launcher's joiners use)
 * @param publicHost     {@code PUBLIC_HOST} (default {@code CLUSTER_HOST}, else the bind host): the host put in the
 *                       discovery record, i.e. what callers connect to
 * @param auth           {@code JWT_*}: the keys bearer tokens are verified with ({@link AuthConfig})
 * @param managementHost {@code MANAGEMENT_HOST} (default 127.0.0.1, whatever {@code HTTP_HOST} is): the interface of
 *                       the management server ({@code /metrics}, {@code /health/*}, the gateway's {@code /admin/*})
 * @param managementPort {@code MANAGEMENT_PORT} (default 0: a free port, logged at start)
 * @param tls            {@code TLS_CERT_FILE}, {@code TLS_KEY_FILE}, {@code TLS_CA_FILE} (default: all unset, off):
 *                       the public server speaks HTTPS only ({@link TlsConfig}); the management server stays plain
 *                       HTTP, on loopback unless {@code MANAGEMENT_HOST} says otherwise
 */
public record HttpConfig(String bindHost, int port, String publicHost, AuthConfig auth, String managementHost,
    int managementPort, TlsConfig tls) {

  public static final String DEFAULT_BIND_HOST = "127.0.0.1";

  public HttpConfig {
    if (port < 0 || port > 65535 || managementPort < 0 || managementPort > 65535) {
      throw new IllegalArgumentException("HTTP_PORT or MANAGEMENT_PORT out of range: " + port + ", " + managementPort);
    }
    if (port != 0 && port == managementPort) {
      throw new IllegalArgumentException("MANAGEMENT_PORT must differ from HTTP_PORT (" + port + ")");
    }
    tls = tls == null ? TlsConfig.OFF : tls;
  }

  /** Without TLS. */
  public HttpConfig(String bindHost, int port, String publicHost, AuthConfig auth, String managementHost,
      int managementPort) {
    this(bindHost, port, publicHost, auth, managementHost, managementPort, TlsConfig.OFF);
  }

  public static HttpConfig fromEnv(Map<String, String> vars, int defaultPort) {
    Env env = Env.of(vars);
    String bind = env.string("HTTP_HOST", DEFAULT_BIND_HOST);
    return new HttpConfig(bind, env.integer("HTTP_PORT", defaultPort),
        env.string("PUBLIC_HOST", env.string("CLUSTER_HOST", bind)), AuthConfig.fromEnv(vars),
        env.string("MANAGEMENT_HOST", DEFAULT_BIND_HOST), env.integer("MANAGEMENT_PORT", 0), TlsConfig.fromEnv(vars));
  }

  /** Loopback on free ports, verifying tokens of this JVM's {@link LocalKeys}: what tests deploy with. */
  public static HttpConfig ephemeral() {
    return new HttpConfig(DEFAULT_BIND_HOST, 0, DEFAULT_BIND_HOST, LocalKeys.forThisJvm().authConfig(),
        DEFAULT_BIND_HOST, 0);
  }

  public HttpConfig withTls(TlsConfig tls) {
    return new HttpConfig(bindHost, port, publicHost, auth, managementHost, managementPort, tls);
  }
}
