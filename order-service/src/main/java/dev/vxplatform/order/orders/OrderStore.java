package dev.vxplatform.order.orders;

import com.hazelcast.config.MapConfig;
import com.hazelcast.core.HazelcastJsonValue;
import com.hazelcast.map.IMap;
import dev.vxplatform.order.cluster.OrderMaps;
import dev.vxplatform.shared.cluster.ClusterMembership;
import dev.vxplatform.shared.cluster.HazelcastCalls;
import dev.vxplatform.shared.cluster.JsonSwap;
import dev.vxplatform.shared.cluster.PutIfAbsent;
import dev.vxplatform.shared.db.DatabaseException;
import dev.vxplatform.shared.db.JsonDocumentStore;
import dev.vxplatform.shared.tracing.Spans;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Orders: the Hazelcast IMap {@value #MAP} in front (synchronous backups, see {@code DurableMaps}), the table
 * {@value #TABLE} behind it as the record. Every write goes through to the table before it is acknowledged
 * (write-through); the map keeps the recently used orders in memory and loads any other from the table when it is
 * asked for, so an order evicted from memory, or from before a restart of the whole cluster, reads and changes as
 * any other.
 *
 * <p>Values are {@link HazelcastJsonValue}: the partitions of this map also live on inventory and other members,
 * which do not have the order-service's classes, and JSON needs none. Every change is a compare-and-set of the
 * whole stored text ({@link JsonSwap}, one entry processor on the partition owner), so concurrent writers (a
 * request, a cancel, the reconciler) never lose each other's updates. Every call is asynchronous
 * ({@link HazelcastCalls}): nothing waits, on the event loop or on a worker.
 *
 * <p>Questions about many orders (a customer's page, the reconciler's PENDING orders) go to the table, through
 * indexes, with the reactive client: a query of the map would only see the orders that happen to be in memory.
 */
public final class OrderStore {

  public static final String MAP = "orders";
  public static final String TABLE = "orders.orders";
  /**
   * How long a read waits for the map before asking the table: far above a map read's milliseconds, far below the
   * seconds a read waits when its partition owner was just cut off (until the owner is removed), and below a
   * gateway's attempt, so the caller gets an answer instead of a timeout.
   */
  static final long MAP_PATIENCE_MILLIS = 1_000;
  /**
   * How long the table then has: a paused database holds both (the map loads a missing order from it), and the read
   * must end as a 503 within a gateway's attempt (2 s), not as its timeout.
   */
  static final long TABLE_PATIENCE_MILLIS = 700;
  /** How long any query of the table may take (a customer's page, PENDING orders): below a gateway's attempt. */
  static final long QUERY_PATIENCE_MILLIS = 1_500;

  private final Vertx vertx;
  private final IMap<String, HazelcastJsonValue> map;
  private final Pool pool;
  private final HazelcastCalls calls;
  private final Spans spans;

  private OrderStore(Vertx vertx, Context context, IMap<String, HazelcastJsonValue> map, Pool pool) {
    this.vertx = vertx;
    this.map = map;
    this.pool = pool;
    // Failures stay Hazelcast's (or the map store's): the routes turn them into answers.
    this.calls = new HazelcastCalls(vertx, context, (what, cause, idempotent) -> cause);
    this.spans = Spans.of(vertx);
  }

  /** The map's configuration: kept in {@value #TABLE}, at most {@code maxPerNode} orders in memory per member. */
  public static MapConfig mapConfig(int backupCount, int maxPerNode) {
    return OrderMaps.persistent(MAP, backupCount, maxPerNode, JsonDocumentStore.config(TABLE));
  }

  /**
   * Getting a map proxy may talk to the cluster: done on a worker, never on the event loop.
   *
   * @param pool the reactive client of the database for the queries; the caller closes it
   */
  public static Future<OrderStore> open(Vertx vertx, Pool pool) {
    Context context = vertx.getOrCreateContext();
    return vertx.executeBlocking(() -> new OrderStore(vertx, context,
        ClusterMembership.of(vertx).hazelcast().getMap(MAP), pool));
  }

  /** The order, or {@code null} when there is none. */
  public Future<Order> get(String id) {
    return spans.call(MAP, "get", id, id, () -> calls.idempotent("read of order " + id, () -> map.getAsync(id)))
        .map(OrderStore::decode);
  }

  /**
   * The order from the map or, when the map has not answered within {@value #MAP_PATIENCE_MILLIS} ms, from the table,
   * whichever answers first: every acknowledged write is in both. A table that cannot be reached or does not answer
   * within {@value #TABLE_PATIENCE_MILLIS} ms either ends the read as a {@link DatabaseException}; one that refuses
   * the query leaves the answer to the map. Call on the store's context.
   */
  public Future<Order> getPatiently(String id) {
    Promise<Order> answer = Promise.promise();
    long fallback = vertx.setTimer(MAP_PATIENCE_MILLIS, timer -> read(id, TABLE_PATIENCE_MILLIS)
        .onSuccess(answer::tryComplete)
        .onFailure(failure -> {
          if (DatabaseException.in(failure)) {
            answer.tryFail(new DatabaseException("reading order " + id + ": neither the map nor the table answered"
                + " in time (" + failure.getMessage() + ")"));
          }
        }));
    get(id).onComplete(fromMap -> {
      vertx.cancelTimer(fallback);
      if (fromMap.succeeded()) {
        answer.tryComplete(fromMap.result());
      } else {
        answer.tryFail(fromMap.cause());
      }
    });
    return answer.future();
  }

  /**
   * The order as the table holds it, or {@code null}: what a node that cannot trust its own view of the cluster (a
   * minority, just after a stall) reads. Every acknowledged write is in the table, so this is never stale; the map
   * may be, and on a minority member it may not even answer (it cannot finish loading its new partitions there).
   */
  public Future<Order> read(String id) {
    return read(id, QUERY_PATIENCE_MILLIS);
  }

  private Future<Order> read(String id, long patienceMillis) {
    return query("SELECT doc::text FROM " + TABLE + " WHERE id = $1", Tuple.of(id), patienceMillis)
        .map(found -> found.isEmpty() ? null : found.get(0));
  }

  /** Stores a new order unless one with its id exists; answers whichever is stored. */
  public Future<Order> insert(Order order) {
    HazelcastJsonValue mine = json(order);
    return spans.call(MAP, "insert", order.id(), order.id(), () -> calls.idempotent("insert of order " + order.id(),
            () -> PutIfAbsent.putIfAbsent(map, order.id(), mine)))
        .map(found -> found == null || mine.equals(found) ? order : decode(found));
  }

  /** Replaces {@code current} with {@code next} only if the stored order is still exactly {@code current}. */
  public Future<Boolean> replace(Order current, Order next) {
    HazelcastJsonValue mine = json(next);
    return spans.call(MAP, "replace", current.id(), current.id(), () -> calls.idempotent("change of order "
            + current.id(), () -> map.submitToKey(current.id(), JsonSwap.ifEqual(json(current), mine))))
        .map(mine::equals);
  }

  /**
   * Up to {@code limit} orders of a customer, oldest first: those after the order {@code after} (exclusive; null for
   * the first page; an id that is not the customer's gives an empty page).
   */
  public Future<List<Order>> byCustomer(String customerId, String after, int limit) {
    if (after == null) {
      return query("SELECT doc::text FROM " + TABLE + " WHERE customer_id = $1 ORDER BY created_at, id LIMIT $2",
          Tuple.of(customerId, limit));
    }
    return query("SELECT doc::text FROM " + TABLE + " WHERE customer_id = $1 AND (created_at, id) > (SELECT created_at,"
        + " id FROM " + TABLE + " WHERE id = $2 AND customer_id = $1) ORDER BY created_at, id LIMIT $3",
        Tuple.of(customerId, after, limit));
  }

  /** Up to {@code limit} orders that are PENDING and were last changed before {@code cutoffMillis}, oldest first. */
  public Future<List<Order>> pendingSince(long cutoffMillis, int limit) {
    return query("SELECT doc::text FROM " + TABLE + " WHERE status = 'PENDING' AND updated_at < $1 ORDER BY id"
        + " LIMIT $2", Tuple.of(cutoffMillis, limit));
  }

  private Future<List<Order>> query(String sql, Tuple arguments) {
    return query(sql, arguments, QUERY_PATIENCE_MILLIS);
  }

  /**
   * A query that has not answered within {@code patienceMillis}, or cannot reach the database, fails as a
   * {@link DatabaseException} (the routes answer 503): a paused database answers nothing, and the caller must hear
   * that within a gateway's attempt, not as its timeout.
   */
  private Future<List<Order>> query(String sql, Tuple arguments, long patienceMillis) {
    return pool.preparedQuery(sql).execute(arguments).map(OrderStore::orders)
        .timeout(patienceMillis, TimeUnit.MILLISECONDS)
        .recover(failure -> Future.failedFuture(failure instanceof TimeoutException
            ? new DatabaseException("reading orders: no answer within " + patienceMillis + " ms")
            : DatabaseException.fromPool("reading orders", failure)));
  }

  private static List<Order> orders(RowSet<Row> rows) {
    List<Order> orders = new ArrayList<>(rows.size());
    for (Row row : rows) {
      orders.add(Order.decode(row.getString(0)));
    }
    return orders;
  }

  private static HazelcastJsonValue json(Order order) {
    return new HazelcastJsonValue(order.encode());
  }

  private static Order decode(HazelcastJsonValue value) {
    return value == null ? null : Order.decode(value.toString());
  }
}
