package dev.vxplatform.inventory.durability;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vxplatform.inventory.stock.StockMaps;
import dev.vxplatform.shared.db.Database;
import dev.vxplatform.shared.testing.TestDatabase;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;

/** A database written before V2 (products stored as JSON string values) is readable after the migrations. */
class ProductsMigrationIT {

  @Test
  void productsWrittenAsJsonStringsBecomeJsonObjects() throws SQLException {
    Database database = Database.open(TestDatabase.create());
    try {
      Flyway.configure(Database.class.getClassLoader()).dataSource(database.dataSource())
          .schemas(StockMaps.SCHEMA).createSchemas(true).locations("classpath:db/" + StockMaps.SCHEMA)
          .target("1").load().migrate();
      try (Connection connection = database.dataSource().getConnection();
          Statement statement = connection.createStatement()) {
        statement.execute("INSERT INTO inventory.products (sku, doc) VALUES"
            + " ('OLD-1', to_json('{\"sku\":\"OLD-1\",\"name\":\"Kettle\"}'::text)),"
            + " ('NEW-1', '{\"sku\":\"NEW-1\",\"name\":\"Mug\"}'::json)");
      }

      database.migrate(StockMaps.SCHEMA);

      try (Connection connection = database.dataSource().getConnection();
          Statement statement = connection.createStatement();
          ResultSet rows = statement.executeQuery("SELECT sku, json_typeof(doc), doc->>'name'"
              + " FROM inventory.products ORDER BY sku")) {
        assertThat(rows.next()).isTrue();
        assertThat(rows.getString(1) + " " + rows.getString(2) + " " + rows.getString(3))
            .isEqualTo("NEW-1 object Mug");
        assertThat(rows.next()).isTrue();
        assertThat(rows.getString(1) + " " + rows.getString(2) + " " + rows.getString(3))
            .isEqualTo("OLD-1 object Kettle");
        assertThat(rows.next()).isFalse();
      }
    } finally {
      database.close();
    }
  }
}
