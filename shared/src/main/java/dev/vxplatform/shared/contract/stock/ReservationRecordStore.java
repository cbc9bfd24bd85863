package dev.vxplatform.shared.contract.stock;

import com.hazelcast.config.MapStoreConfig;
import com.hazelcast.core.HazelcastInstance;
import dev.vxplatform.shared.db.DatabaseException;
import dev.vxplatform.shared.db.SqlMapStore;
import dev.vxplatform.shared.db.SqlTables;
import io.vertx.core.json.JsonObject;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;

/**
 * Write-through persistence of {@link ReservationRecord}s, one row per order in the table named by the
 * {@value #TABLE} property (inventory-service's migrations create it), items as a JSON object in the record's order.
 * Loaded one by one on demand: there is one per order ever placed.
 */
public final class ReservationRecordStore extends SqlMapStore<ReservationRecord> {

  public static final String TABLE = "table";

  private String table;
  private SqlTables.Source database;

  public static MapStoreConfig config(String table) {
    Properties properties = new Properties();
    properties.setProperty(TABLE, SqlTables.name(table));
    return SqlTables.writeThrough(ReservationRecordStore.class, properties);
  }

  @Override
  public void init(HazelcastInstance hazelcast, Properties properties, String mapName) {
    table = SqlTables.name(properties.getProperty(TABLE));
    database = SqlTables.source(hazelcast, mapName, table);
  }

  @Override
  public Map<String, ReservationRecord> loadAll(Collection<String> orderIds) {
    return database.statement("loading reservations", connection -> {
      Map<String, ReservationRecord> found = new HashMap<>();
      try (PreparedStatement select = connection.prepareStatement("SELECT order_id, state, attempt, since,"
          + " items::text FROM " + table + " WHERE order_id = ANY(?)")) {
        select.setArray(1, connection.createArrayOf("text", orderIds.toArray()));
        try (ResultSet rows = select.executeQuery()) {
          while (rows.next()) {
            Map<String, Long> items = new LinkedHashMap<>();
            new JsonObject(rows.getString(5)).forEach(item -> items.put(item.getKey(),
                ((Number) item.getValue()).longValue()));
            found.put(rows.getString(1), new ReservationRecord(ReservationRecord.State.valueOf(rows.getString(2)),
                items, rows.getString(3), rows.getLong(4)));
          }
        }
      }
      return found;
    });
  }

  @Override
  public void storeAll(Map<String, ReservationRecord> records) {
    database.batch("writing reservations", records.size(), connection -> {
      try (PreparedStatement upsert = connection.prepareStatement("INSERT INTO " + table
          + " (order_id, state, attempt, since, items) VALUES (?, ?, ?, ?, ?::json) ON CONFLICT (order_id) DO UPDATE"
          + " SET state = EXCLUDED.state, attempt = EXCLUDED.attempt, since = EXCLUDED.since,"
          + " items = EXCLUDED.items")) {
        for (Map.Entry<String, ReservationRecord> entry : records.entrySet()) {
          ReservationRecord record = entry.getValue();
          upsert.setString(1, entry.getKey());
          upsert.setString(2, record.state().name());
          upsert.setString(3, record.attempt());
          upsert.setLong(4, record.since());
          upsert.setString(5, new JsonObject(new LinkedHashMap<String, Object>(record.items())).encode());
          upsert.addBatch();
        }
        upsert.executeBatch();
      }
      return null;
    });
  }

  /** Reservations are the record of what each order held; none is ever deleted by the services. */
  @Override
  public void delete(String orderId) {
    throw new DatabaseException("reservation records are never deleted (order " + orderId + ")");
  }

  @Override
  public void deleteAll(Collection<String> orderIds) {
    throw new DatabaseException("reservation records are never deleted");
  }
}
