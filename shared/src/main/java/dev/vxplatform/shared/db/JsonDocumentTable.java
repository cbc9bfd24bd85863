package dev.vxplatform.shared.db;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.HazelcastJsonValue;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Types;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;

/**
 * The SQL of a table of JSON documents by string key, {@code (id text primary key, doc json, expires_at bigint)},
 * for {@link JsonDocumentStore}; a row past its {@code expires_at} is not loaded. The owning service's migration creates
 * the table and may add generated columns and indexes over {@code doc} for its queries.
 *
 * <p>{@code json}, not {@code jsonb}: it keeps the text exactly as written, so a document loaded back is the same
 * string the map held, and compare-and-set against it still matches.
 */
final class JsonDocumentTable {

  /** A stored document and its expiry (epoch ms), or {@link #NEVER}. */
  record Row(HazelcastJsonValue doc, long expiresAt) {
  }

  static final String TABLE = "table";
  static final long NEVER = Long.MAX_VALUE;

  private final String table;
  private final SqlTables.Source database;

  private JsonDocumentTable(String table, SqlTables.Source database) {
    this.table = table;
    this.database = database;
  }

  static Properties properties(String table) {
    Properties properties = new Properties();
    properties.setProperty(TABLE, SqlTables.name(table));
    return properties;
  }

  static JsonDocumentTable of(HazelcastInstance hazelcast, Properties properties, String mapName) {
    String table = SqlTables.name(properties.getProperty(TABLE));
    return new JsonDocumentTable(table, SqlTables.source(hazelcast, mapName, table));
  }

  /** The rows of {@code keys} that have not expired. */
  Map<String, Row> load(Collection<String> keys) {
    return database.statement("loading from " + table, connection -> {
      Map<String, Row> found = new HashMap<>();
      try (PreparedStatement select = connection.prepareStatement("SELECT id, doc::text, expires_at FROM " + table
          + " WHERE id = ANY(?) AND (expires_at IS NULL OR expires_at > ?)")) {
        select.setArray(1, connection.createArrayOf("text", keys.toArray()));
        select.setLong(2, System.currentTimeMillis());
        try (ResultSet rows = select.executeQuery()) {
          while (rows.next()) {
            long expiresAt = rows.getLong(3);
            found.put(rows.getString(1), new Row(new HazelcastJsonValue(rows.getString(2)),
                rows.wasNull() ? NEVER : expiresAt));
          }
        }
      }
      return found;
    });
  }

  void store(Map<String, Row> rows) {
    database.batch("writing to " + table, rows.size(), connection -> {
      try (PreparedStatement upsert = connection.prepareStatement("INSERT INTO " + table
          + " (id, doc, expires_at) VALUES (?, ?::json, ?) ON CONFLICT (id) DO UPDATE"
          + " SET doc = EXCLUDED.doc, expires_at = EXCLUDED.expires_at")) {
        for (Map.Entry<String, Row> entry : rows.entrySet()) {
          upsert.setString(1, entry.getKey());
          upsert.setString(2, entry.getValue().doc().toString());
          if (entry.getValue().expiresAt() == NEVER) {
            upsert.setNull(3, Types.BIGINT);
          } else {
            upsert.setLong(3, entry.getValue().expiresAt());
          }
          upsert.addBatch();
        }
        upsert.executeBatch();
      }
      return null;
    });
  }

  void delete(Collection<String> keys) {
    database.statement("deleting from " + table, connection -> {
      try (PreparedStatement delete = connection.prepareStatement("DELETE FROM " + table + " WHERE id = ANY(?)")) {
        delete.setArray(1, connection.createArrayOf("text", keys.toArray()));
        delete.executeUpdate();
      }
      return null;
    });
  }
}
