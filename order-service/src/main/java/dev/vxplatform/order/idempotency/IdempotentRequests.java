package dev.vxplatform.order.idempotency;

import com.hazelcast.config.MapConfig;
import dev.vxplatform.order.cluster.ClusterUnavailableException;
import dev.vxplatform.order.cluster.OrderMaps;
import dev.vxplatform.shared.cluster.ClusterMembership;
import dev.vxplatform.shared.db.ExpiringJsonDocumentStore;
import dev.vxplatform.shared.web.ProblemException;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a request at most once per {@code Idempotency-Key} across the cluster and answers repeats with the first
 * answer (same resource id, same status and body).
 *
 * <ul>
 *   <li>New key: claimed atomically, the work runs with a fresh resource id, the answer is stored.</li>
 *   <li>Same key, different request (fingerprint): 422.</li>
 *   <li>Same key while the first attempt runs (on any node): wait, polling, for its answer; 503 if it takes
 *       longer than the wait bound.</li>
 *   <li>Same key after a 5xx answer: the retry drives the same resource again (the saga resumes the PENDING
 *       order); duplicates that were waiting on that attempt replay its 5xx.</li>
 * </ul>
 */
public final class IdempotentRequests {

  public static final String MAP = "order-idempotency";
  /** The keys' table: they expire there too ({@link ExpiredKeys}). */
  public static final String TABLE = "orders.idempotency_keys";
  public static final int MAX_KEY_LENGTH = 255;
  private static final Logger LOG = LoggerFactory.getLogger(IdempotentRequests.class);

  private final Vertx vertx;
  private final IdempotencyOptions options;
  private final IdempotencyStore store;
  private final String nodeId;

  private IdempotentRequests(Vertx vertx, IdempotencyOptions options, IdempotencyStore store, String nodeId) {
    this.vertx = vertx;
    this.options = options;
    this.store = store;
    this.nodeId = nodeId;
  }

  /**
   * The keys' map: kept in {@value #TABLE} with the expiry of each key's time to live, at most {@code maxPerNode} in
   * memory per member. The time to live is the map's own, so every write of a key (claim, take-over, answer) sets
   * it, in the table too, without a second call.
   */
  public static MapConfig mapConfig(int backupCount, int maxPerNode, long ttlSeconds) {
    return OrderMaps.persistent(MAP, backupCount, maxPerNode, ExpiringJsonDocumentStore.config(TABLE))
        .setTimeToLiveSeconds(Math.toIntExact(ttlSeconds));
  }

  /** Getting a map proxy may talk to the cluster: done on a worker, never on the event loop. */
  public static Future<IdempotentRequests> open(Vertx vertx, IdempotencyOptions options) {
    ClusterMembership membership = ClusterMembership.of(vertx);
    Context context = vertx.getOrCreateContext();
    return vertx.executeBlocking(() -> new IdempotentRequests(vertx, options,
        new IdempotencyStore(vertx, context, membership.hazelcast().getMap(MAP), options), membership.nodeId()));
  }

  /** 400 unless the key is 1 to {@value #MAX_KEY_LENGTH} printable ASCII characters. */
  public static String validKey(String key) {
    if (key.isEmpty() || key.length() > MAX_KEY_LENGTH || !key.chars().allMatch(c -> c >= 0x20 && c < 0x7f)) {
      throw ProblemException.badRequest("Idempotency-Key must be 1 to " + MAX_KEY_LENGTH
          + " printable ASCII characters");
    }
    return key;
  }

  /**
   * A client's key as stored: scoped to its customer, so two customers using the same key place two orders. The
   * unit separator can be in neither part (customer ids and keys hold no control characters).
   */
  public static String scopedKey(String customerId, String key) {
    return customerId + '\u001f' + validKey(key);
  }

  /**
   * @param newId a fresh resource id, used only if this request is the first with the key
   * @param work  the request itself, given the resource id to create or resume; its failures become answers
   */
  public Future<Outcome> execute(String key, String fingerprint, Supplier<String> newId,
      Function<String, Future<Outcome>> work) {
    long deadline = System.nanoTime() + options.waitMillis() * 1_000_000;
    return attempt(key, fingerprint, newId, work, deadline, false);
  }

  private Future<Outcome> attempt(String key, String fingerprint, Supplier<String> newId,
      Function<String, Future<Outcome>> work, long deadline, boolean waited) {
    return store.claim(key, fingerprint, newId.get(), nodeId, !waited).compose(claim -> switch (claim.kind()) {
      case CLAIMED -> run(key, claim, work);
      case MISMATCH -> Future.succeededFuture(Outcome.problem(422, "Idempotency-Key reused",
          "this Idempotency-Key was first used with a different request body"));
      case DONE -> Future.succeededFuture(claim.record().outcome());
      case BUSY -> System.nanoTime() > deadline
          ? Future.succeededFuture(Outcome.problem(503, "Request in progress",
              "a request with this Idempotency-Key is still in progress; retry later").withHeader(Outcome.RETRY_AFTER, 1))
          : pause().compose(v -> attempt(key, fingerprint, newId, work, deadline, true));
    });
  }

  private Future<Outcome> run(String key, IdempotencyStore.Claim claim, Function<String, Future<Outcome>> work) {
    String resourceId = claim.record().resourceId();
    return work.apply(resourceId)
        .recover(failure -> Future.succeededFuture(asOutcome(resourceId, failure)))
        .compose(outcome -> store.finish(key, claim, outcome)
            .recover(failure -> {
              LOG.warn("Could not record the answer for order {}: {}", resourceId, failure.toString());
              return Future.succeededFuture(false);
            })
            .map(outcome));
  }

  private static Outcome asOutcome(String resourceId, Throwable raw) {
    Throwable failure = ClusterUnavailableException.translate(raw);
    if (failure instanceof ProblemException problem) {
      return Outcome.problem(problem);
    }
    LOG.error("Request for order {} failed", resourceId, failure);
    return Outcome.problem(500, "Internal error", "the server failed to handle the request; see its log");
  }

  private Future<Void> pause() {
    Promise<Void> promise = Promise.promise();
    vertx.setTimer(options.pollMillis(), id -> promise.complete());
    return promise.future();
  }
}
