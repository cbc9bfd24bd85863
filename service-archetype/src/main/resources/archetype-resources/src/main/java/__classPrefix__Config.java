package ${package};

import dev.vxplatform.shared.cluster.DurableMaps;
import dev.vxplatform.shared.config.Env;
import dev.vxplatform.shared.discovery.RegistryOptions;
import dev.vxplatform.shared.web.HttpConfig;
import java.util.Map;

/**
 * Configuration of the ${serviceName}, read once from environment variables (see the README). The database
 * ({@code DATABASE_URL} and friends) is not part of it: {@code Main} hands it to the Hazelcast member, whose map
 * stores use it whichever service's partitions they hold.
 *
 * @param http              {@code HTTP_HOST}, {@code HTTP_PORT} (default {@value #DEFAULT_HTTP_PORT}),
 *                          {@code PUBLIC_HOST}
 * @param registry          {@code DISCOVERY_LEASE_MS}, {@code DISCOVERY_REFRESH_MS}, {@code SERVICE_VERSION}
 * @param greeting          {@code GREETING} (default {@value #DEFAULT_GREETING}): the salutation stored when a
 *                          request names none; at most {@value #MAX_GREETING_LENGTH} characters
 * @param backupCount       {@code GREETINGS_BACKUP_COUNT} (default 1): synchronous backups of the greetings map, so
 *                          that one member may die without a read going to the database
 * @param maxEntriesPerNode {@code GREETINGS_MAX_ENTRIES_PER_NODE} (default {@value #DEFAULT_MAX_ENTRIES_PER_NODE}):
 *                          greetings each member keeps in memory at most (least recently used evicted first; the
 *                          table keeps them all and they load back when asked for)
 */
public record ${classPrefix}Config(HttpConfig http, RegistryOptions registry, String greeting, int backupCount,
    int maxEntriesPerNode) {

  public static final String SERVICE_NAME = "${serviceName}";
  /** Every resource of this service lives under this path. */
  public static final String BASE_PATH = "/${routeSegment}";
  /**
   * The gateway prefix announced in this service's discovery metadata: the gateway routes
   * {@code /api/${routeSegment}/...} here and strips {@code /api}, so requests arrive under {@link #BASE_PATH}.
   */
  public static final String ROUTE_PREFIX = "/api" + BASE_PATH;
  /** The PostgreSQL schema of this service's tables; its Flyway migrations are in {@code db/${schema}}. */
  public static final String SCHEMA = "${schema}";
  /** The port when run alone; the local launcher and containers set {@code HTTP_PORT}. */
  public static final int DEFAULT_HTTP_PORT = 8090;
  public static final String DEFAULT_GREETING = "Hello";
  public static final int MAX_GREETING_LENGTH = 40;
  /** A few MB per member with backups: small next to the 192 MB heap the local launcher gives a JVM. */
  public static final int DEFAULT_MAX_ENTRIES_PER_NODE = 10_000;

  public ${classPrefix}Config {
    if (greeting == null || greeting.isBlank() || greeting.length() > MAX_GREETING_LENGTH) {
      throw new IllegalArgumentException("GREETING must be 1-" + MAX_GREETING_LENGTH + " characters, got '"
          + greeting + "'");
    }
    if (backupCount < 0 || backupCount > 6) {
      throw new IllegalArgumentException("GREETINGS_BACKUP_COUNT must be 0-6, got " + backupCount);
    }
    if (maxEntriesPerNode < 1) {
      throw new IllegalArgumentException("GREETINGS_MAX_ENTRIES_PER_NODE must be at least 1, got "
          + maxEntriesPerNode);
    }
  }

  public static ${classPrefix}Config fromEnv(Map<String, String> vars) {
    Env env = Env.of(vars);
    return new ${classPrefix}Config(
        HttpConfig.fromEnv(vars, DEFAULT_HTTP_PORT),
        RegistryOptions.fromEnv(vars),
        // Not env.string: a blank GREETING is a mistake to report, not a request for the default.
        vars.getOrDefault("GREETING", DEFAULT_GREETING).trim(),
        env.integer("GREETINGS_BACKUP_COUNT", DurableMaps.DEFAULT_BACKUP_COUNT),
        env.integer("GREETINGS_MAX_ENTRIES_PER_NODE", DEFAULT_MAX_ENTRIES_PER_NODE));
  }

  /** A free port on loopback and default settings: what tests deploy. */
  public static ${classPrefix}Config forTests() {
    return new ${classPrefix}Config(HttpConfig.ephemeral(), RegistryOptions.defaults(), DEFAULT_GREETING,
        DurableMaps.DEFAULT_BACKUP_COUNT, DEFAULT_MAX_ENTRIES_PER_NODE);
  }
}
