package dev.vxplatform.gateway;

import dev.vxplatform.shared.discovery.RegistryOptions;
import dev.vxplatform.shared.web.HttpConfig;
import java.util.Map;

/**
 * Configuration of the gateway, read once from environment variables.
 *
 * @param http     {@code HTTP_HOST}, {@code GATEWAY_PORT} or {@code HTTP_PORT} (default {@value #DEFAULT_HTTP_PORT}),
 *                 {@code PUBLIC_HOST}
 * @param registry {@code DISCOVERY_LEASE_MS}, {@code DISCOVERY_REFRESH_MS}, {@code SERVICE_VERSION}
 */
public record GatewayConfig(HttpConfig http, RegistryOptions registry) {

  public static final String SERVICE_NAME = "gateway";
  public static final int DEFAULT_HTTP_PORT = 8080;

  public static GatewayConfig fromEnv(Map<String, String> env) {
    int port = Integer.parseInt(env.getOrDefault("GATEWAY_PORT", String.valueOf(DEFAULT_HTTP_PORT)).trim());
    return new GatewayConfig(HttpConfig.fromEnv(env, port), RegistryOptions.fromEnv(env));
  }

  /** A free port on loopback and default timings: what tests deploy. */
  public static GatewayConfig forTests() {
    return new GatewayConfig(HttpConfig.ephemeral(), RegistryOptions.defaults());
  }
}
