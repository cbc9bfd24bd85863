package dev.vxplatform.order.orders;

import com.hazelcast.core.HazelcastJsonValue;
import com.hazelcast.map.IMap;
import com.hazelcast.query.PagingPredicate;
import com.hazelcast.query.Predicate;
import com.hazelcast.query.Predicates;
import dev.vxplatform.order.cluster.Retry;
import dev.vxplatform.shared.cluster.ClusterMembership;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * Orders in the Hazelcast IMap {@value #MAP} (synchronous backups, see {@code DurableMaps}), stored as
 * {@link HazelcastJsonValue}: the partitions of this map also live on inventory and other members, which do not
 * have the order-service's classes, and JSON needs none — neither to store nor to query.
 *
 * <p>No indexes: an index in the map config makes every member's proxy creation add it on all partitions, which
 * fails the start when one backup acknowledgement is late (fail-on-indeterminate-state). The customer page and
 * the reconciler's query scan the map in parallel on the members; add HASH indexes on {@code status} and
 * {@code customerId} to every data member's static config when the map grows large.
 *
 * <p>Every change is a compare-and-set of the whole stored text ({@code IMap.replace(key, old, new)}, atomic on
 * the partition owner), so concurrent writers (a request, a cancel, the reconciler) never lose each other's
 * updates. Blocking Hazelcast calls run on the worker pool, unordered, never on the event loop.
 */
public final class OrderStore {

  public static final String MAP = "orders";
  private static final String KEY = "__key";

  private final Vertx vertx;
  private final IMap<String, HazelcastJsonValue> map;

  private OrderStore(Vertx vertx, IMap<String, HazelcastJsonValue> map) {
    this.vertx = vertx;
    this.map = map;
  }

  /** Getting a map proxy may talk to the cluster: done on a worker, never on the event loop. */
  public static Future<OrderStore> open(Vertx vertx) {
    return vertx.executeBlocking(() -> new OrderStore(vertx, ClusterMembership.of(vertx).hazelcast().getMap(MAP)));
  }


  /** The order, or {@code null} when there is none. */
  public Future<Order> get(String id) {
    return Future.fromCompletionStage(map.getAsync(id), vertx.getOrCreateContext()).map(OrderStore::decode);
  }

  /** Stores a new order unless one with its id exists; answers whichever is stored. */
  public Future<Order> insert(Order order) {
    return blocking(() -> {
      HazelcastJsonValue existing = map.putIfAbsent(order.id(), json(order));
      return existing == null ? order : decode(existing);
    });
  }

  /** Replaces {@code current} with {@code next} only if the stored order is still exactly {@code current}. */
  public Future<Boolean> replace(Order current, Order next) {
    return blocking(() -> map.replace(current.id(), json(current), json(next)));
  }

  /** Up to {@code limit} orders of a customer with ids after {@code after} (exclusive, may be null), oldest first. */
  public Future<List<Order>> byCustomer(String customerId, String after, int limit) {
    Predicate<String, HazelcastJsonValue> match = Predicates.equal("customerId", customerId);
    if (after != null) {
      match = Predicates.and(match, Predicates.greaterThan(KEY, after));
    }
    return page(match, limit);
  }

  /** Up to {@code limit} orders that are PENDING and were last changed before {@code cutoffMillis}. */
  public Future<List<Order>> pendingSince(long cutoffMillis, int limit) {
    return page(Predicates.and(Predicates.equal("status", OrderStatus.PENDING.name()),
        Predicates.lessThan("updatedAt", cutoffMillis)), limit);
  }

  /** A paging predicate without comparator sorts entries by key: ids sort by creation time. */
  private Future<List<Order>> page(Predicate<String, HazelcastJsonValue> match, int limit) {
    PagingPredicate<String, HazelcastJsonValue> paging = Predicates.pagingPredicate(match, limit);
    return blocking(() -> map.entrySet(paging).stream()
        .map(entry -> decode(entry.getValue()))
        .sorted(Comparator.comparing(Order::id))
        .toList());
  }

  private <T> Future<T> blocking(Callable<T> work) {
    return vertx.executeBlocking(() -> Retry.indeterminate(work), false);
  }

  private static HazelcastJsonValue json(Order order) {
    return new HazelcastJsonValue(order.encode());
  }

  private static Order decode(HazelcastJsonValue value) {
    return value == null ? null : Order.decode(value.toString());
  }
}
