package dev.vxplatform.order.orders;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;

/**
 * The reconciler's fencing token as the database checks it ({@value #TABLE}): a holder {@link #claim}s its token
 * once, then every write it makes to the tables names the token and is refused (a {@link StaleFenceException}) once
 * a newer holder has claimed a newer one. So a holder paused or cut off while another took over cannot write after
 * it, whatever its clock says.
 *
 * @param incarnation names the lock's state: tokens start again when that state is lost
 * @param token       the lock's fencing token, strictly increasing within an incarnation
 */
public record Fence(String incarnation, long token) {

  public static final String TABLE = "orders.reconciler_fence";
  /**
   * Locks the fence row against a claim until the write's statement has committed: a newer holder's claim comes
   * after the write, or the write sees the newer token and does nothing. Its one parameter pair is $1, $2.
   */
  static final String CHECK = "SELECT 1 FROM " + TABLE + " WHERE id = 1 AND incarnation = $1 AND token = $2 FOR SHARE";

  /** A holder with a newer token has claimed the fence: this one must stop writing. */
  public static final class StaleFenceException extends RuntimeException {
    StaleFenceException(Fence fence) {
      super("fencing token " + fence.token() + " is stale: a newer reconciler holder has claimed the fence", null,
          false, false);
    }
  }

  /**
   * Makes this token the current one, unless the fence already holds this incarnation's token or a newer one;
   * answers whether it did. Claim each token once: a second claim of the same token is refused like a stale one.
   */
  public Future<Boolean> claim(Pool pool) {
    return pool.preparedQuery("INSERT INTO " + TABLE + " AS f (id, incarnation, token) VALUES (1, $1, $2)"
            + " ON CONFLICT (id) DO UPDATE SET incarnation = $1, token = $2"
            + " WHERE f.incarnation <> $1 OR f.token < $2 RETURNING token")
        .execute(Tuple.of(incarnation, token))
        .map(rows -> rows.rowCount() == 1);
  }

  /** Runs {@code sql}, whose CTE {@code fence} is {@link #CHECK}, and fails if the fence was not this token. */
  Future<Void> write(Pool pool, String sql, Tuple arguments) {
    return pool.preparedQuery(sql).execute(arguments).compose(rows -> rows.iterator().next().getLong(0) == 1
        ? Future.succeededFuture()
        : Future.failedFuture(new StaleFenceException(this)));
  }
}
