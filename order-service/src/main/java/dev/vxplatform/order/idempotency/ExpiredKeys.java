package dev.vxplatform.order.idempotency;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Deletes expired idempotency keys from their table. In memory a key expires by itself (its TTL), but the map
 * store is not told, so without this the table would keep every key ever used. Every order-service node runs it:
 * each pass is an indexed delete of at most {@value #BATCH} rows, and two nodes deleting the same rows is harmless.
 */
public final class ExpiredKeys {

  static final int BATCH = 1000;
  private static final Logger LOG = LoggerFactory.getLogger(ExpiredKeys.class);

  private final Pool pool;

  private ExpiredKeys(Pool pool) {
    this.pool = pool;
  }

  /** Sweeps every {@code intervalMillis}; the timer dies with the caller's deployment. */
  public static void sweepEvery(Vertx vertx, Pool pool, long intervalMillis) {
    ExpiredKeys sweeper = new ExpiredKeys(pool);
    vertx.setPeriodic(intervalMillis, id -> sweeper.sweep(System.currentTimeMillis())
        .onFailure(failure -> LOG.warn("Deleting expired idempotency keys failed, next pass retries: {}",
            failure.getMessage())));
  }

  /** Deletes keys expired before {@code nowMillis}, batch after batch; answers how many. */
  Future<Integer> sweep(long nowMillis) {
    return pool.preparedQuery("DELETE FROM " + IdempotentRequests.TABLE + " WHERE id IN (SELECT id FROM "
            + IdempotentRequests.TABLE + " WHERE expires_at < $1 LIMIT " + BATCH + ")")
        .execute(Tuple.of(nowMillis))
        .compose(rows -> rows.rowCount() == BATCH
            ? sweep(nowMillis).map(more -> BATCH + more)
            : Future.succeededFuture(rows.rowCount()));
  }
}
