package dev.vxplatform.shared.contract.stock;

import com.hazelcast.config.MapStoreConfig;
import com.hazelcast.core.HazelcastInstance;
import dev.vxplatform.shared.db.DatabaseException;
import dev.vxplatform.shared.db.SqlMapStore;
import dev.vxplatform.shared.db.SqlTables;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;

/**
 * Write-through persistence of {@link StockRecord}s: a row of counters per sku ({@value #STOCK_TABLE} property) and a
 * row per hold ({@value #HOLDS_TABLE}), both created by inventory-service's migrations. A write stores the counters
 * and only what the mutation changed: the one hold it touched (or its removal) and the finished holds it pruned, so
 * its cost does not grow with the sku's history. A record whose changes are unknown is written whole.
 *
 * <p>Records are loaded one by one when asked for; the inventory asks for every sku it knows when it starts, so
 * that the audit, which visits the entries in memory, sees them all after a restart.
 */
public final class StockRecordStore extends SqlMapStore<StockRecord> {

  public static final String STOCK_TABLE = "stock-table";
  public static final String HOLDS_TABLE = "holds-table";
  private static final String COUNTERS = "initial, restocked, available, reserved, sold, pruned_sold, last_prune_at";

  private String stock;
  private String holds;
  private SqlTables.Source database;

  public static MapStoreConfig config(String stockTable, String holdsTable) {
    Properties properties = new Properties();
    properties.setProperty(STOCK_TABLE, SqlTables.name(stockTable));
    properties.setProperty(HOLDS_TABLE, SqlTables.name(holdsTable));
    return SqlTables.writeThrough(StockRecordStore.class, properties);
  }

  @Override
  public void init(HazelcastInstance hazelcast, Properties properties, String mapName) {
    stock = SqlTables.name(properties.getProperty(STOCK_TABLE));
    holds = SqlTables.name(properties.getProperty(HOLDS_TABLE));
    database = SqlTables.source(hazelcast, mapName, stock);
  }

  @Override
  public Map<String, StockRecord> loadAll(Collection<String> skus) {
    return database.transaction("loading stock", connection -> {
      Map<String, long[]> counters = new HashMap<>();
      try (PreparedStatement select = connection.prepareStatement("SELECT sku, " + COUNTERS + " FROM " + stock
          + " WHERE sku = ANY(?)")) {
        select.setArray(1, connection.createArrayOf("text", skus.toArray()));
        try (ResultSet rows = select.executeQuery()) {
          while (rows.next()) {
            long[] values = new long[7];
            for (int i = 0; i < values.length; i++) {
              values[i] = rows.getLong(i + 2);
            }
            counters.put(rows.getString(1), values);
          }
        }
      }
      Map<String, Map<String, Hold>> held = new HashMap<>();
      try (PreparedStatement select = connection.prepareStatement("SELECT sku, order_id, qty, state, attempt,"
          + " finished_at FROM " + holds + " WHERE sku = ANY(?)")) {
        select.setArray(1, connection.createArrayOf("text", counters.keySet().toArray()));
        try (ResultSet rows = select.executeQuery()) {
          while (rows.next()) {
            held.computeIfAbsent(rows.getString(1), sku -> new HashMap<>()).put(rows.getString(2),
                new Hold(rows.getLong(3), HoldState.valueOf(rows.getString(4)), rows.getString(5), rows.getLong(6)));
          }
        }
      }
      Map<String, StockRecord> records = new HashMap<>();
      counters.forEach((sku, values) -> records.put(sku, StockRecord.restored(values, held.getOrDefault(sku,
          Map.of()))));
      return records;
    });
  }

  @Override
  public void store(String sku, StockRecord record) {
    database.transaction("writing stock of " + sku, connection -> write(connection, sku, record));
  }

  @Override
  public void storeAll(Map<String, StockRecord> records) {
    database.transaction("writing stock", connection -> {
      for (Map.Entry<String, StockRecord> entry : records.entrySet()) {
        write(connection, entry.getKey(), entry.getValue());
      }
      return null;
    });
  }

  private Void write(Connection connection, String sku, StockRecord record) throws SQLException {
    try (PreparedStatement upsert = connection.prepareStatement("INSERT INTO " + stock + " (sku, " + COUNTERS
        + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (sku) DO UPDATE SET initial = EXCLUDED.initial,"
        + " restocked = EXCLUDED.restocked, available = EXCLUDED.available, reserved = EXCLUDED.reserved,"
        + " sold = EXCLUDED.sold, pruned_sold = EXCLUDED.pruned_sold, last_prune_at = EXCLUDED.last_prune_at")) {
      upsert.setString(1, sku);
      long[] values = record.counters();
      for (int i = 0; i < values.length; i++) {
        upsert.setLong(i + 2, values[i]);
      }
      upsert.executeUpdate();
    }
    if (!record.changesKnown()) {
      Map<String, Hold> all = record.holds().toMap();
      deleteHolds(connection, "sku = ? AND NOT (order_id = ANY(?))", sku, all.keySet().toArray());
      upsertHolds(connection, sku, all);
      return null;
    }
    if (record.prunedUpTo() > 0) {
      deleteHolds(connection, "sku = ? AND state IN ('COMMITTED', 'RELEASED') AND finished_at <= ?", sku,
          record.prunedUpTo());
    }
    String orderId = record.changedHold();
    if (orderId != null) {
      Hold hold = record.holds().get(orderId);
      if (hold == null) {
        deleteHolds(connection, "sku = ? AND order_id = ?", sku, orderId);
      } else {
        upsertHolds(connection, sku, Map.of(orderId, hold));
      }
    }
    return null;
  }

  private void upsertHolds(Connection connection, String sku, Map<String, Hold> changed) throws SQLException {
    if (changed.isEmpty()) {
      return;
    }
    try (PreparedStatement upsert = connection.prepareStatement("INSERT INTO " + holds
        + " (sku, order_id, qty, state, attempt, finished_at) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (sku, order_id)"
        + " DO UPDATE SET qty = EXCLUDED.qty, state = EXCLUDED.state, attempt = EXCLUDED.attempt,"
        + " finished_at = EXCLUDED.finished_at")) {
      for (Map.Entry<String, Hold> entry : changed.entrySet()) {
        Hold hold = entry.getValue();
        upsert.setString(1, sku);
        upsert.setString(2, entry.getKey());
        upsert.setLong(3, hold.qty());
        upsert.setString(4, hold.state().name());
        upsert.setString(5, hold.attempt());
        upsert.setLong(6, hold.finishedAt());
        upsert.addBatch();
      }
      upsert.executeBatch();
    }
  }

  private void deleteHolds(Connection connection, String where, String sku, Object argument) throws SQLException {
    try (PreparedStatement delete = connection.prepareStatement("DELETE FROM " + holds + " WHERE " + where)) {
      delete.setString(1, sku);
      if (argument instanceof Object[] array) {
        delete.setArray(2, connection.createArrayOf("text", array));
      } else {
        delete.setObject(2, argument);
      }
      delete.executeUpdate();
    }
  }

  /** Stock is never deleted by the services; a delete here would be an operator's, so it is refused loudly. */
  @Override
  public void delete(String sku) {
    throw new DatabaseException("stock records are never deleted (sku " + sku + ")");
  }

  @Override
  public void deleteAll(Collection<String> skus) {
    throw new DatabaseException("stock records are never deleted");
  }
}
