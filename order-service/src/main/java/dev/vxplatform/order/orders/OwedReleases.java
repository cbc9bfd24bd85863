package dev.vxplatform.order.orders;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.List;

/**
 * Releases owed to inventory, in the table {@value #TABLE}: an order about to be ended (REJECTED) while inventory may
 * hold stock for it is written here first and removed once inventory released, so neither a failed release nor a
 * crash between ending the order and releasing leaves its units held. The reconciler pays what is owed
 * ({@code Reconciler}); inventory's release is idempotent, so paying twice is harmless.
 */
public final class OwedReleases {

  public static final String TABLE = "orders.owed_releases";

  private final Pool pool;

  public OwedReleases(Pool pool) {
    this.pool = pool;
  }

  /** Records that order {@code orderId} may hold stock that must be released (once, whoever asks first). */
  public Future<Void> owe(String orderId) {
    return pool.preparedQuery("INSERT INTO " + TABLE + " (order_id, since) VALUES ($1, $2) ON CONFLICT DO NOTHING")
        .execute(Tuple.of(orderId, System.currentTimeMillis())).mapEmpty();
  }

  /** {@link #owe}, unless {@code fence} is no longer the reconciler's current token ({@link Fence}). */
  public Future<Void> owe(String orderId, Fence fence) {
    return fence.write(pool, "WITH fence AS (" + Fence.CHECK + "), debt AS (INSERT INTO " + TABLE
        + " (order_id, since) SELECT $3, $4 FROM fence ON CONFLICT DO NOTHING) SELECT count(*) FROM fence",
        Tuple.of(fence.incarnation(), fence.token(), orderId, System.currentTimeMillis()));
  }

  /** {@link #paid}, unless {@code fence} is no longer the reconciler's current token ({@link Fence}). */
  public Future<Void> paid(String orderId, Fence fence) {
    return fence.write(pool, "WITH fence AS (" + Fence.CHECK + "), debt AS (DELETE FROM " + TABLE
        + " WHERE order_id = $3 AND EXISTS (SELECT 1 FROM fence)) SELECT count(*) FROM fence",
        Tuple.of(fence.incarnation(), fence.token(), orderId));
  }

  /** Inventory released order {@code orderId} (or it holds nothing to release): nothing is owed any more. */
  public Future<Void> paid(String orderId) {
    return pool.preparedQuery("DELETE FROM " + TABLE + " WHERE order_id = $1").execute(Tuple.of(orderId))
        .mapEmpty();
  }

  /** Up to {@code limit} orders owed a release, oldest debt first. */
  public Future<List<String>> due(int limit) {
    return pool.preparedQuery("SELECT order_id FROM " + TABLE + " ORDER BY since LIMIT $1").execute(Tuple.of(limit))
        .map(rows -> {
          List<String> ids = new ArrayList<>(rows.size());
          for (Row row : rows) {
            ids.add(row.getString(0));
          }
          return ids;
        });
  }
}
