package ${package};

import dev.vxplatform.shared.discovery.RegistryOptions;
import dev.vxplatform.shared.web.HttpConfig;
import java.util.Map;

/**
 * Configuration of the ${serviceName}, read once from environment variables (see the README).
 *
 * @param http     {@code HTTP_HOST}, {@code HTTP_PORT} (default {@value #DEFAULT_HTTP_PORT}), {@code PUBLIC_HOST}
 * @param registry {@code DISCOVERY_LEASE_MS}, {@code DISCOVERY_REFRESH_MS}, {@code SERVICE_VERSION}
 * @param greeting {@code GREETING} (default {@value #DEFAULT_GREETING}): the word the example resource greets
 *                 with when a request names none; at most {@value #MAX_GREETING_LENGTH} characters
 */
public record ${classPrefix}Config(HttpConfig http, RegistryOptions registry, String greeting) {

  public static final String SERVICE_NAME = "${serviceName}";
  /** Every resource of this service lives under this path. */
  public static final String BASE_PATH = "/${routeSegment}";
  /**
   * The gateway prefix announced in this service's discovery metadata: the gateway routes
   * {@code /api/${routeSegment}/...} here and strips {@code /api}, so requests arrive under {@link #BASE_PATH}.
   */
  public static final String ROUTE_PREFIX = "/api" + BASE_PATH;
  /** The port when run alone; the local launcher and containers set {@code HTTP_PORT}. */
  public static final int DEFAULT_HTTP_PORT = 8090;
  public static final String DEFAULT_GREETING = "Hello";
  public static final int MAX_GREETING_LENGTH = 40;

  public ${classPrefix}Config {
    if (greeting == null || greeting.isBlank() || greeting.length() > MAX_GREETING_LENGTH) {
      throw new IllegalArgumentException("GREETING must be 1-" + MAX_GREETING_LENGTH + " characters, got '"
          + greeting + "'");
    }
  }

  public static ${classPrefix}Config fromEnv(Map<String, String> env) {
    return new ${classPrefix}Config(
        HttpConfig.fromEnv(env, DEFAULT_HTTP_PORT),
        RegistryOptions.fromEnv(env),
        env.getOrDefault("GREETING", DEFAULT_GREETING).trim());
  }

  /** A free port on loopback and default settings: what tests deploy. */
  public static ${classPrefix}Config forTests() {
    return new ${classPrefix}Config(HttpConfig.ephemeral(), RegistryOptions.defaults(), DEFAULT_GREETING);
  }
}
