package dev.vxplatform.inventory.stock;

import dev.vxplatform.shared.web.ProblemException;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.Tuple;

/**
 * A sku's counters read from the stock table, with the reactive client: how a member in a minority reads stock. The
 * table, written through by every acknowledged change, has what the majority wrote since the split; the minority's
 * copy in memory does not.
 */
final class StockTable {

  static final String TABLE = StockMaps.SCHEMA + ".stock";

  private final Pool pool;

  StockTable(Pool pool) {
    this.pool = pool;
  }

  /**
   * {@code {sku, available, reserved, sold}}; a 404 problem when the table has no such sku, a 503 when the database
   * does not answer.
   */
  Future<JsonObject> counters(String sku) {
    return pool.preparedQuery("SELECT available, reserved, sold FROM " + TABLE + " WHERE sku = $1")
        .execute(Tuple.of(sku))
        .recover(failure -> Future.failedFuture(new ProblemException(503, "Stock unavailable",
            "this member is in a minority and reads stock from the database, which did not answer: "
                + failure.getMessage())))
        .map(rows -> counters(sku, rows));
  }

  private static JsonObject counters(String sku, RowSet<Row> rows) {
    if (rows.size() == 0) {
      throw new ProblemException(404, "Unknown sku", "no stock for sku " + sku);
    }
    Row row = rows.iterator().next();
    return new JsonObject()
        .put("sku", sku)
        .put("available", row.getLong("available"))
        .put("reserved", row.getLong("reserved"))
        .put("sold", row.getLong("sold"));
  }
}
