package dev.vxplatform.shared.discovery;

import dev.vxplatform.shared.config.Env;
import java.util.Map;

/**
 * Timing of the self-healing registry.
 *
 * @param leaseMillis   {@code DISCOVERY_LEASE_MS} (default 5000): records whose publisher has not refreshed its
 *                      lease for this long are removed by the surviving nodes
 * @param refreshMillis {@code DISCOVERY_REFRESH_MS} (default 1000): how often a publisher refreshes its lease
 *                      and checks its records, and how often the view and the janitor re-read discovery
 * @param version       {@code SERVICE_VERSION} (default 1.0.0): stored in each record's metadata
 */
public record RegistryOptions(long leaseMillis, long refreshMillis, String version) {

  public static final long DEFAULT_LEASE_MILLIS = 5000;
  public static final long DEFAULT_REFRESH_MILLIS = 1000;
  public static final String DEFAULT_VERSION = "1.0.0";

  public RegistryOptions {
    if (refreshMillis < 10 || leaseMillis <= refreshMillis) {
      throw new IllegalArgumentException("the lease must be longer than the refresh interval");
    }
  }

  public static RegistryOptions defaults() {
    return new RegistryOptions(DEFAULT_LEASE_MILLIS, DEFAULT_REFRESH_MILLIS, DEFAULT_VERSION);
  }

  public static RegistryOptions fromEnv(Map<String, String> vars) {
    Env env = Env.of(vars);
    return new RegistryOptions(
        env.number("DISCOVERY_LEASE_MS", DEFAULT_LEASE_MILLIS),
        env.number("DISCOVERY_REFRESH_MS", DEFAULT_REFRESH_MILLIS),
        env.string("SERVICE_VERSION", DEFAULT_VERSION));
  }
}
