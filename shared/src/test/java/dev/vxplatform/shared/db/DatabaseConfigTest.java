package dev.vxplatform.shared.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.pgclient.PgConnectOptions;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DatabaseConfigTest {

  @Test
  void withoutAUrlThereIsNoDatabase() {
    assertThat(DatabaseConfig.fromEnv(Map.of("DATABASE_USER", "someone"))).isEmpty();
  }

  @Test
  void readsEveryVariableAndGivesTheReactiveClientTheSameServer() {
    DatabaseConfig config = DatabaseConfig.fromEnv(Map.of("DATABASE_URL", "jdbc:postgresql://db.internal:6543/shop",
        "DATABASE_USER", "app", "DATABASE_PASSWORD", "s3cret", "DATABASE_POOL_SIZE", "4",
        "DATABASE_TIMEOUT_MS", "750")).orElseThrow();

    assertThat(config.poolSize()).isEqualTo(4);
    assertThat(config.timeoutMillis()).isEqualTo(750);
    PgConnectOptions options = config.pgConnectOptions();
    assertThat(options.getHost()).isEqualTo("db.internal");
    assertThat(options.getPort()).isEqualTo(6543);
    assertThat(options.getDatabase()).isEqualTo("shop");
    assertThat(options.getUser()).isEqualTo("app");
    assertThat(options.getPassword()).isEqualTo("s3cret");
  }

  @Test
  void defaultsThePortAndUser() {
    DatabaseConfig config = DatabaseConfig.fromEnv(Map.of("DATABASE_URL", "jdbc:postgresql://localhost/orders"))
        .orElseThrow();

    assertThat(config.user()).isEqualTo(DatabaseConfig.DEFAULT_USER);
    assertThat(config.pgConnectOptions().getPort()).isEqualTo(PgConnectOptions.DEFAULT_PORT);
    assertThat(config.poolSize()).isEqualTo(DatabaseConfig.DEFAULT_POOL_SIZE);
  }

  @Test
  void neverShowsThePassword() {
    DatabaseConfig config = new DatabaseConfig("jdbc:postgresql://localhost:5432/x", "app", "s3cret", 2, 1000);

    assertThat(config.toString()).doesNotContain("s3cret").contains("jdbc:postgresql://localhost:5432/x");
  }

  @Test
  void refusesWhatIsNotAPostgresJdbcUrlOrAUsablePool() {
    assertThatThrownBy(() -> new DatabaseConfig("postgres://localhost/x", "a", "", 2, 1000))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("DATABASE_URL");
    assertThatThrownBy(() -> new DatabaseConfig("jdbc:postgresql://localhost/x", "a", "", 0, 1000))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new DatabaseConfig("jdbc:postgresql://localhost/x", "a", "", 2, 10))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void tableNamesSplicedIntoSqlMustBeSchemaQualifiedIdentifiers() {
    assertThat(SqlTables.name("orders.orders")).isEqualTo("orders.orders");
    assertThatThrownBy(() -> SqlTables.name("orders")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> SqlTables.name("orders.orders; drop table x"))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
