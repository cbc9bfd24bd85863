package dev.vxplatform.shared.db;

import com.hazelcast.config.Config;
import com.hazelcast.core.HazelcastInstance;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.vxplatform.shared.cluster.ClusterMembership;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgBuilder;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This JVM's connection to the database of record: one JDBC pool, shared by the map stores of every map this
 * member owns partitions of (they run on Hazelcast's partition threads, where blocking is the contract) and by the
 * migrations at start-up. Services' own queries, which run on event loops, use a reactive {@link #pool(Vertx)}.
 *
 * <p>Stores find it in their Hazelcast member's user context ({@link #attach}): a map store is created by Hazelcast
 * from a class name, on whichever member owns a partition, so that is the one place every store can reach.
 */
public final class Database implements AutoCloseable {

  private static final String USER_CONTEXT_KEY = Database.class.getName();
  private static final Logger LOG = LoggerFactory.getLogger(Database.class);

  private final DatabaseConfig config;
  private final HikariDataSource dataSource;

  private Database(DatabaseConfig config, HikariDataSource dataSource) {
    this.config = config;
    this.dataSource = dataSource;
  }

  /** Creates the pool; connections are opened on first use, so this never blocks on the network. */
  public static Database open(DatabaseConfig config) {
    HikariConfig hikari = new HikariConfig();
    hikari.setPoolName("database");
    hikari.setJdbcUrl(config.url());
    hikari.setUsername(config.user());
    hikari.setPassword(config.password());
    hikari.setMaximumPoolSize(config.poolSize());
    hikari.setMinimumIdle(1);
    hikari.setConnectionTimeout(config.timeoutMillis());
    hikari.setValidationTimeout(Math.min(config.timeoutMillis(), 1000));
    hikari.setInitializationFailTimeout(-1);
    // A statement waiting on a database that hangs fails after the timeout instead of holding its thread.
    hikari.addDataSourceProperty("socketTimeout", String.valueOf(Math.max(1, config.timeoutMillis() / 1000)));
    hikari.addDataSourceProperty("connectTimeout", String.valueOf(Math.max(1, config.timeoutMillis() / 1000)));
    hikari.addDataSourceProperty("tcpKeepAlive", "true");
    return new Database(config, new HikariDataSource(hikari));
  }

  /** The database a data service cannot run without: from {@code DATABASE_URL} and friends, or a clear failure. */
  public static Database required(Map<String, String> env, String service) {
    return open(DatabaseConfig.fromEnv(env).orElseThrow(() -> new IllegalStateException("DATABASE_URL is not set: "
        + service + " keeps its data in PostgreSQL (infra/local-cluster.sh up starts one when DATABASE_URL is unset)")));
  }

  public DatabaseConfig config() {
    return config;
  }

  public DataSource dataSource() {
    return dataSource;
  }

  /**
   * Applies the migrations under {@code classpath:db/<schema>} to the schema of that name, creating it if needed;
   * its history table lives in the same schema, so each service migrates its own tables on its own. Blocking (run
   * it on a worker, at start-up); concurrent starts of several nodes are serialized by Flyway's database lock.
   */
  public void migrate(String schema) {
    long started = System.nanoTime();
    Flyway flyway = Flyway.configure(Database.class.getClassLoader())
        .dataSource(dataSource)
        .schemas(schema)
        .createSchemas(true)
        .locations("classpath:db/" + schema)
        .load();
    int applied = flyway.migrate().migrationsExecuted;
    LOG.info("Schema '{}' at version {} ({} migration(s) applied) in {} ms", schema,
        flyway.info().current().getVersion(), applied, (System.nanoTime() - started) / 1_000_000);
  }

  /** A reactive client for queries made on an event loop; the caller closes it. */
  public Pool pool(Vertx vertx) {
    return PgBuilder.pool()
        .with(new PoolOptions().setMaxSize(Math.max(2, config.poolSize() / 4))
            .setConnectionTimeout((int) config.timeoutMillis()).setConnectionTimeoutUnit(TimeUnit.MILLISECONDS))
        .connectingTo(config.pgConnectOptions())
        .using(vertx)
        .build();
  }

  /** A Hazelcast customizer that makes this database reachable from the member's map stores. */
  public Consumer<Config> attach() {
    return hazelcast -> hazelcast.getUserContext().put(USER_CONTEXT_KEY, this);
  }

  /** The database of a member, if it has one. */
  public static Optional<Database> of(HazelcastInstance hazelcast) {
    return Optional.ofNullable((Database) hazelcast.getUserContext().get(USER_CONTEXT_KEY));
  }

  /** The database of the member this Vert.x runs in; a service backed by the database fails to start without it. */
  public static Database of(Vertx vertx) {
    return of(ClusterMembership.of(vertx).hazelcast()).orElseThrow(() -> new IllegalStateException(
        "no database configured: set DATABASE_URL (infra/local-cluster.sh starts one for you)"));
  }

  @Override
  public void close() {
    dataSource.close();
  }
}
