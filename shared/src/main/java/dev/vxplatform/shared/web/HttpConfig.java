package dev.vxplatform.shared.web;

import dev.vxplatform.shared.config.Env;
import dev.vxplatform.shared.security.AuthConfig;
import dev.vxplatform.shared.security.LocalKeys;
import java.util.Map;

/**
 * Where a service's HTTP server listens, how others reach it, and how it verifies its callers' tokens.
 *
 * @param bindHost   {@code HTTP_HOST} (default 127.0.0.1): the interface the server binds
 * @param port       {@code HTTP_PORT}: 0 picks a free port (what tests and the local launcher's joiners use)
 * @param publicHost {@code PUBLIC_HOST} (default {@code CLUSTER_HOST}, else the bind host): the host put in the
 *                   discovery record, i.e. what callers connect to
 * @param auth       {@code JWT_*}: the keys bearer tokens are verified with ({@link AuthConfig})
 */
public record HttpConfig(String bindHost, int port, String publicHost, AuthConfig auth) {

  public static final String DEFAULT_BIND_HOST = "127.0.0.1";

  public HttpConfig {
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("HTTP_PORT out of range: " + port);
    }
  }

  public static HttpConfig fromEnv(Map<String, String> vars, int defaultPort) {
    Env env = Env.of(vars);
    String bind = env.string("HTTP_HOST", DEFAULT_BIND_HOST);
    return new HttpConfig(bind, env.integer("HTTP_PORT", defaultPort),
        env.string("PUBLIC_HOST", env.string("CLUSTER_HOST", bind)), AuthConfig.fromEnv(vars));
  }

  /** Loopback on a free port, verifying tokens of this JVM's {@link LocalKeys}: what tests deploy with. */
  public static HttpConfig ephemeral() {
    return new HttpConfig(DEFAULT_BIND_HOST, 0, DEFAULT_BIND_HOST, LocalKeys.forThisJvm().authConfig());
  }
}
