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
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Write-through persistence of {@link StockRecord}s: a row of counters per sku ({@value #STOCK_TABLE} property) and a
 * row per hold ({@value #HOLDS_TABLE}, {@link HoldRows}), both created by inventory-service's migrations. A write
 * stores the counters and only what the mutation changed: the one hold it touched (or its removal) and the finished
 * holds it pruned, in one statement, so its cost does not grow with the sku's history. A record whose changes are
 * unknown is written whole. Cold holds (in the table only) are read back one by one ({@link ColdHolds}), and no
 * write deletes one that memory has not read back.
 *
 * <p>A write that fails may still have committed (the answer was lost: a timeout, a dropped connection), and the
 * record in memory then stays as it was, behind the table by that write. A later changes-only write would bring the
 * counters back to memory's but leave the row of the hold the failed write touched, so the tables would no longer
 * add up, and a restart would load that hold against counters that do not hold it. So after a failed write this
 * member writes that sku whole, once, which makes the tables exactly the record in memory again. A cold hold the
 * failed write had read back is remembered as the table had it, read back as that, and written back so.
 * A member that did not write a record itself (it took the sku over from a member that died or left) writes it
 * whole first, since the previous owner may have failed that way.
 *
 * <p>Records are loaded one by one when asked for; the inventory asks for every sku it knows when it starts, so
 * that the audit, which visits the entries in memory, sees them all after a restart.
 */
public final class StockRecordStore extends SqlMapStore<StockRecord> implements ColdHolds {

  public static final String STOCK_TABLE = "stock-table";
  public static final String HOLDS_TABLE = "holds-table";
  private static final String COUNTERS = "initial, restocked, available, reserved, sold, pruned_sold, last_prune_at,"
      + " cold_up_to, cold_holds, cold_reserved";
  private static final int COUNTER_COUNT = 10;

  private String stock;
  private HoldRows holds;
  private SqlTables.Source database;
  /**
   * Skus whose last write here failed, so the table may be ahead of memory: written whole next time. With each, the
   * cold holds those writes had read back, by order id, as the table had them before.
   */
  private final Map<String, Map<String, Hold>> unsure = new ConcurrentHashMap<>();

  public static MapStoreConfig config(String stockTable, String holdsTable) {
    Properties properties = new Properties();
    properties.setProperty(STOCK_TABLE, SqlTables.name(stockTable));
    properties.setProperty(HOLDS_TABLE, SqlTables.name(holdsTable));
    return SqlTables.writeThrough(StockRecordStore.class, properties);
  }

  @Override
  public void init(HazelcastInstance hazelcast, Properties properties, String mapName) {
    stock = SqlTables.name(properties.getProperty(STOCK_TABLE));
    holds = new HoldRows(SqlTables.name(properties.getProperty(HOLDS_TABLE)));
    database = SqlTables.source(hazelcast, mapName, stock);
    hazelcast.getUserContext().put(USER_CONTEXT_KEY, this);
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
            long[] values = new long[COUNTER_COUNT];
            for (int i = 0; i < values.length; i++) {
              values[i] = rows.getLong(i + 2);
            }
            counters.put(rows.getString(1), values);
          }
        }
      }
      Map<String, Map<String, Hold>> held = holds.warmOf(connection, counters.keySet(), stock);
      Map<String, StockRecord> records = new HashMap<>();
      counters.forEach((sku, values) -> records.put(sku, StockRecord.restored(values, held.getOrDefault(sku,
          Map.of()))));
      return records;
    });
  }

  @Override
  public Hold find(String sku, String orderId, long coldUpTo) {
    Map<String, Hold> readBefore = unsure.get(sku);
    Hold before = readBefore == null ? null : readBefore.get(orderId);
    return before != null ? before : database.statement("reading a cold hold of " + sku,
        connection -> holds.findCold(connection, sku, orderId, coldUpTo));
  }

  /** A mutation's changes are one statement, in autocommit: a single round trip on the partition thread. */
  @Override
  public void store(String sku, StockRecord record) {
    write(Map.of(sku, record), () -> {
      if (wholeWriteNeeded(sku, record)) {
        database.transaction("writing stock of " + sku, connection -> writeWhole(connection, sku, record));
      } else {
        database.statement("writing stock of " + sku, connection -> writeChanges(connection, sku, record));
      }
    });
  }

  @Override
  public void storeAll(Map<String, StockRecord> records) {
    write(records, () -> database.transaction("writing stock", connection -> {
      for (Map.Entry<String, StockRecord> entry : records.entrySet()) {
        if (wholeWriteNeeded(entry.getKey(), entry.getValue())) {
          writeWhole(connection, entry.getKey(), entry.getValue());
        } else {
          writeChanges(connection, entry.getKey(), entry.getValue());
        }
      }
      return null;
    }));
  }

  private boolean wholeWriteNeeded(String sku, StockRecord record) {
    return !record.changesKnown() || !record.writtenHere() || unsure.containsKey(sku);
  }

  /** Runs {@code write}; the skus are unsure after it fails, and sure again after it succeeds. */
  private void write(Map<String, StockRecord> records, Runnable write) {
    try {
      write.run();
    } catch (RuntimeException e) {
      records.forEach((sku, record) -> {
        Map<String, Hold> readBefore = unsure.computeIfAbsent(sku, failed -> new ConcurrentHashMap<>());
        if (record.warmedFrom() != null) {
          readBefore.putIfAbsent(record.changedHold(), record.warmedFrom());
        }
      });
      throw e;
    }
    records.keySet().forEach(unsure::remove);
    records.values().forEach(StockRecord::written);
  }

  /**
   * The counters, the pruned finished holds and the one hold the mutation touched, as one statement: every part
   * but the last is a data-modifying {@code WITH} part, which PostgreSQL runs exactly once, all or nothing. The
   * prune leaves the touched hold to its own part, so no row is changed twice.
   */
  private Void writeChanges(Connection connection, String sku, StockRecord record) throws SQLException {
    String orderId = record.changedHold();
    Hold hold = orderId == null ? null : record.holds().get(orderId);
    boolean warmed = record.warmedFrom() != null;
    List<String> parts = new ArrayList<>(List.of(upsertCounters()));
    if (record.prunedUpTo() > 0) {
      parts.add(holds.deleteFinished());
    }
    if (orderId != null) {
      parts.add(hold == null ? holds.deleteOne(warmed) : holds.upsert());
    }
    StringBuilder sql = new StringBuilder();
    for (int i = 0; i < parts.size() - 1; i++) {
      sql.append(i == 0 ? "WITH " : ", ").append("part").append(i).append(" AS (").append(parts.get(i)).append(')');
    }
    sql.append(parts.size() > 1 ? " " : "").append(parts.get(parts.size() - 1));
    try (PreparedStatement statement = connection.prepareStatement(sql.toString())) {
      int next = setCounters(statement, 1, sku, record);
      if (record.prunedUpTo() > 0) {
        statement.setString(next++, sku);
        statement.setLong(next++, record.prunedUpTo());
        statement.setString(next++, orderId);
      }
      if (orderId != null && hold == null) {
        statement.setString(next++, sku);
        statement.setString(next++, orderId);
        if (!warmed) {
          statement.setLong(next, record.holds().coldUpTo());
        }
      } else if (orderId != null) {
        HoldRows.set(statement, next, sku, orderId, hold);
      }
      statement.executeUpdate();
    }
    return null;
  }

  /**
   * A record whose changes are unknown (a copy, a merge) or that failed to write: its counters, exactly its holds in
   * memory, its cold holds left as they are, and the cold holds a failed write had read back as they were before.
   */
  private Void writeWhole(Connection connection, String sku, StockRecord record) throws SQLException {
    try (PreparedStatement upsert = connection.prepareStatement(upsertCounters())) {
      setCounters(upsert, 1, sku, record);
      upsert.executeUpdate();
    }
    Map<String, Hold> all = new HashMap<>(unsure.getOrDefault(sku, Map.of()));
    if (record.warmedFrom() != null) {
      all.remove(record.changedHold()); // read back by this very write: memory has it again, or removed it
    }
    all.putAll(record.holds().toMap());
    try (PreparedStatement delete = connection.prepareStatement(holds.deleteAllBut())) {
      delete.setString(1, sku);
      delete.setArray(2, connection.createArrayOf("text", all.keySet().toArray()));
      delete.setLong(3, record.holds().coldUpTo());
      delete.executeUpdate();
    }
    if (!all.isEmpty()) {
      try (PreparedStatement upsert = connection.prepareStatement(holds.upsert())) {
        for (Map.Entry<String, Hold> entry : all.entrySet()) {
          HoldRows.set(upsert, 1, sku, entry.getKey(), entry.getValue());
          upsert.addBatch();
        }
        upsert.executeBatch();
      }
    }
    return null;
  }

  private String upsertCounters() {
    return "INSERT INTO " + stock + " (sku, " + COUNTERS + ") VALUES (?" + ", ?".repeat(COUNTER_COUNT) + ")"
        + " ON CONFLICT (sku) DO UPDATE SET initial = EXCLUDED.initial, restocked = EXCLUDED.restocked,"
        + " available = EXCLUDED.available, reserved = EXCLUDED.reserved, sold = EXCLUDED.sold,"
        + " pruned_sold = EXCLUDED.pruned_sold, last_prune_at = EXCLUDED.last_prune_at,"
        + " cold_up_to = EXCLUDED.cold_up_to, cold_holds = EXCLUDED.cold_holds, cold_reserved = EXCLUDED.cold_reserved";
  }

  /** @return the next parameter index */
  private static int setCounters(PreparedStatement statement, int first, String sku, StockRecord record)
      throws SQLException {
    statement.setString(first, sku);
    long[] values = record.counters();
    for (int i = 0; i < values.length; i++) {
      statement.setLong(first + 1 + i, values[i]);
    }
    return first + 1 + values.length;
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
