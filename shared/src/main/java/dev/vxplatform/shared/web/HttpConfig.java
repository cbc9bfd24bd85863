package dev.vxplatform.shared.web;

import java.util.Map;

/**
 * Where a service's HTTP server listens and how others reach it.
 *
 * @param bindHost   {@code HTTP_HOST} (default 127.0.0.1): the interface the server binds
 * @param port       {@code HTTP_PORT}: 0 picks a free port (what tests and the local launcher's joiners use)
 * @param publicHost {@code PUBLIC_HOST} (default {@code CLUSTER_HOST}, else the bind host): the host put in the
 *                   discovery record, i.e. what callers connect to
 */
public record HttpConfig(String bindHost, int port, String publicHost) {

  public static final String DEFAULT_BIND_HOST = "127.0.0.1";

  public HttpConfig {
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("HTTP_PORT out of range: " + port);
    }
  }

  public static HttpConfig fromEnv(Map<String, String> env, int defaultPort) {
    String bind = env.getOrDefault("HTTP_HOST", DEFAULT_BIND_HOST);
    String port = env.getOrDefault("HTTP_PORT", String.valueOf(defaultPort));
    String advertised = env.getOrDefault("PUBLIC_HOST", env.getOrDefault("CLUSTER_HOST", bind));
    try {
      return new HttpConfig(bind, Integer.parseInt(port.trim()), advertised);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("HTTP_PORT must be a whole number, got '" + port + "'");
    }
  }

  /** Loopback on a free port: what tests deploy with. */
  public static HttpConfig ephemeral() {
    return new HttpConfig(DEFAULT_BIND_HOST, 0, DEFAULT_BIND_HOST);
  }
}
