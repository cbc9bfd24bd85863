package dev.vxplatform.shared.contract.stock;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;

/**
 * The holds table's SQL, for {@link StockRecordStore}: a row per (sku, order). A cold hold (reserved, unchanged since
 * its sku's {@code cold_up_to}) lives here only, so nothing here deletes one that memory has not read back.
 */
final class HoldRows {

  /** A row that may be a cold hold: only a write that read it back into memory may delete it. */
  private static final String COLD = "state = 'RESERVED' AND changed_at <= ?";

  private final String table;

  HoldRows(String table) {
    this.table = table;
  }

  /** Each sku's holds that belong in memory: every row but the cold ones (the stock table says which are). */
  Map<String, Map<String, Hold>> warmOf(Connection connection, Collection<String> skus, String stockTable)
      throws SQLException {
    Map<String, Map<String, Hold>> held = new HashMap<>();
    try (PreparedStatement select = connection.prepareStatement("SELECT h.sku, h.order_id, h.qty, h.state,"
        + " h.attempt, h.changed_at FROM " + table + " h JOIN " + stockTable + " s ON s.sku = h.sku"
        + " WHERE h.sku = ANY(?) AND NOT (h.state = 'RESERVED' AND h.changed_at <= s.cold_up_to)")) {
      select.setArray(1, connection.createArrayOf("text", skus.toArray()));
      try (ResultSet rows = select.executeQuery()) {
        while (rows.next()) {
          held.computeIfAbsent(rows.getString(1), sku -> new HashMap<>()).put(rows.getString(2), read(rows, 3));
        }
      }
    }
    return held;
  }

  /** The order's cold hold on the sku, or null. */
  Hold findCold(Connection connection, String sku, String orderId, long coldUpTo) throws SQLException {
    try (PreparedStatement select = connection.prepareStatement("SELECT qty, state, attempt, changed_at FROM "
        + table + " WHERE sku = ? AND order_id = ? AND " + COLD)) {
      select.setString(1, sku);
      select.setString(2, orderId);
      select.setLong(3, coldUpTo);
      try (ResultSet row = select.executeQuery()) {
        return row.next() ? read(row, 1) : null;
      }
    }
  }

  /** Parameters: sku, order id, qty, state, attempt, changed at ({@link #set}). */
  String upsert() {
    return "INSERT INTO " + table + " (sku, order_id, qty, state, attempt, changed_at) VALUES (?, ?, ?, ?, ?, ?)"
        + " ON CONFLICT (sku, order_id) DO UPDATE SET qty = EXCLUDED.qty, state = EXCLUDED.state,"
        + " attempt = EXCLUDED.attempt, changed_at = EXCLUDED.changed_at";
  }

  /** Parameters: sku, finished up to, the order id to leave alone (or null). */
  String deleteFinished() {
    return "DELETE FROM " + table + " WHERE sku = ? AND state IN ('COMMITTED', 'RELEASED', 'NONE') AND changed_at <= ?"
        + " AND order_id IS DISTINCT FROM ?";
  }

  /**
   * Parameters: sku, order id, and unless {@code warmed} (the write read that very hold back), the sku's cold-up-to:
   * a hold memory lacks may be cold, and stays.
   */
  String deleteOne(boolean warmed) {
    return "DELETE FROM " + table + " WHERE sku = ? AND order_id = ?" + (warmed ? "" : " AND NOT (" + COLD + ")");
  }

  /** Parameters: sku, the order ids memory holds, the sku's cold-up-to. */
  String deleteAllBut() {
    return "DELETE FROM " + table + " WHERE sku = ? AND NOT (order_id = ANY(?)) AND NOT (" + COLD + ")";
  }

  static void set(PreparedStatement statement, int first, String sku, String orderId, Hold hold)
      throws SQLException {
    statement.setString(first, sku);
    statement.setString(first + 1, orderId);
    statement.setLong(first + 2, hold.qty());
    statement.setString(first + 3, hold.state().name());
    statement.setString(first + 4, hold.attempt());
    statement.setLong(first + 5, hold.changedAt());
  }

  private static Hold read(ResultSet row, int first) throws SQLException {
    return new Hold(row.getLong(first), HoldState.valueOf(row.getString(first + 1)), row.getString(first + 2),
        row.getLong(first + 3));
  }
}
