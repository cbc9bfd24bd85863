package dev.vxplatform.order;

import dev.vxplatform.shared.discovery.RegistryOptions;
import dev.vxplatform.shared.web.HttpConfig;
import java.util.Map;

/**
 * Configuration of the order-service, read once from environment variables.
 *
 * @param http     {@code HTTP_HOST}, {@code HTTP_PORT} (default {@value #DEFAULT_HTTP_PORT}), {@code PUBLIC_HOST}
 * @param registry {@code DISCOVERY_LEASE_MS}, {@code DISCOVERY_REFRESH_MS}, {@code SERVICE_VERSION}
 */
public record OrderConfig(HttpConfig http, RegistryOptions registry) {

  public static final String SERVICE_NAME = "order-service";
  public static final int DEFAULT_HTTP_PORT = 8081;

  public static OrderConfig fromEnv(Map<String, String> env) {
    return new OrderConfig(HttpConfig.fromEnv(env, DEFAULT_HTTP_PORT), RegistryOptions.fromEnv(env));
  }

  /** A free port on loopback and default timings: what tests deploy. */
  public static OrderConfig forTests() {
    return new OrderConfig(HttpConfig.ephemeral(), RegistryOptions.defaults());
  }
}
