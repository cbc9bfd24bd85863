package dev.vxplatform.shared.db;

import dev.vxplatform.shared.config.Env;
import io.vertx.pgclient.PgConnectOptions;
import java.net.URI;
import java.util.Map;
import java.util.Optional;

/**
 * Where the database of record is. Read once from environment variables; without {@code DATABASE_URL} a service
 * runs without one (its maps live in memory only), which only tests of other parts do.
 *
 * @param url                 {@code DATABASE_URL}: a PostgreSQL JDBC URL, {@code jdbc:postgresql://host[:port]/db}
 * @param user                {@code DATABASE_USER} (default {@value #DEFAULT_USER})
 * @param password            {@code DATABASE_PASSWORD} (default empty); never logged
 * @param poolSize            {@code DATABASE_POOL_SIZE} (default {@value #DEFAULT_POOL_SIZE}): JDBC connections
 *                            of this JVM's map stores (Hazelcast runs store calls on several threads at once, and
 *                            one waiting for a connection holds back the backups of its write), and a quarter of
 *                            that for each reactive client of the services' own queries
 * @param timeoutMillis       {@code DATABASE_TIMEOUT_MS} (default {@value #DEFAULT_TIMEOUT_MILLIS}): longest wait for
 *                            a connection and for one statement's answer; past it a write fails (the caller gets
 *                            a 503) instead of holding a Hazelcast partition thread while the database is away
 */
public record DatabaseConfig(String url, String user, String password, int poolSize, long timeoutMillis) {

  public static final String DEFAULT_USER = "postgres";
  public static final int DEFAULT_POOL_SIZE = 16;
  public static final long DEFAULT_TIMEOUT_MILLIS = 5000;
  private static final String PREFIX = "jdbc:postgresql://";

  public DatabaseConfig {
    if (url == null || !url.startsWith(PREFIX)) {
      throw new IllegalArgumentException("DATABASE_URL must be a PostgreSQL JDBC URL (" + PREFIX
          + "host:port/database), not " + url);
    }
    if (poolSize < 1 || timeoutMillis < 250) {
      throw new IllegalArgumentException("DATABASE_POOL_SIZE must be >= 1 and DATABASE_TIMEOUT_MS >= 250");
    }
  }

  /** Empty when {@code DATABASE_URL} is not set. */
  public static Optional<DatabaseConfig> fromEnv(Map<String, String> vars) {
    Env env = Env.of(vars);
    if (!env.has("DATABASE_URL")) {
      return Optional.empty();
    }
    return Optional.of(new DatabaseConfig(env.string("DATABASE_URL", ""), env.string("DATABASE_USER", DEFAULT_USER),
        env.string("DATABASE_PASSWORD", ""), env.integer("DATABASE_POOL_SIZE", DEFAULT_POOL_SIZE),
        env.number("DATABASE_TIMEOUT_MS", DEFAULT_TIMEOUT_MILLIS)));
  }

  /** The same server and credentials for the reactive client (its own protocol implementation, not JDBC). */
  public PgConnectOptions pgConnectOptions() {
    URI uri = URI.create(url.substring("jdbc:".length()));
    String path = uri.getPath() == null ? "" : uri.getPath().replaceFirst("^/", "");
    return new PgConnectOptions()
        .setHost(uri.getHost())
        .setPort(uri.getPort() > 0 ? uri.getPort() : PgConnectOptions.DEFAULT_PORT)
        .setDatabase(path.isEmpty() ? PgConnectOptions.DEFAULT_DATABASE : path)
        .setUser(user)
        .setPassword(password);
  }

  /** The URL without credentials, for log lines. */
  @Override
  public String toString() {
    return "DatabaseConfig[" + url + ", user " + user + ", pool " + poolSize + "]";
  }
}
