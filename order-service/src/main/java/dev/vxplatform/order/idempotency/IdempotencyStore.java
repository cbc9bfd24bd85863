package dev.vxplatform.order.idempotency;

import com.hazelcast.core.HazelcastJsonValue;
import com.hazelcast.map.IMap;
import dev.vxplatform.shared.cluster.HazelcastCalls;
import dev.vxplatform.shared.cluster.JsonSwap;
import dev.vxplatform.shared.cluster.PutIfAbsent;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;

/**
 * Keys in the IMap {@value IdempotentRequests#MAP} as JSON, each with the map's time to live (every write renews
 * it). Claiming a key is one atomic put-if-absent ({@link PutIfAbsent}; or a compare-and-set over a retryable or
 * dead attempt, {@link JsonSwap}) on the key's partition owner, so exactly one request in the whole cluster runs the work for a
 * key at a time.
 */
final class IdempotencyStore {

  /** What a claim found. */
  enum Kind { CLAIMED, MISMATCH, DONE, BUSY }

  /** {@code raw} is the stored text of {@code record}: the expected value of the next compare-and-set. */
  record Claim(Kind kind, KeyRecord record, HazelcastJsonValue raw) {
  }

  private final IMap<String, HazelcastJsonValue> map;
  private final IdempotencyOptions options;
  private final HazelcastCalls calls;

  IdempotencyStore(Vertx vertx, Context context, IMap<String, HazelcastJsonValue> map, IdempotencyOptions options) {
    this.map = map;
    this.options = options;
    this.calls = new HazelcastCalls(vertx, context, (what, cause, idempotent) -> cause);
  }

  /**
   * Claims {@code key} for a new attempt. A RETRYABLE key is taken over only when {@code takeOverRetryable}
   * (a fresh retry); a duplicate that has been waiting replays it instead. An attempt IN_PROGRESS for longer than
   * the stale bound is presumed dead and taken over: the work is idempotent per order id, so even a slow but
   * living first attempt does no harm.
   */
  Future<Claim> claim(String key, String fingerprint, String freshId, String owner, boolean takeOverRetryable) {
    long now = System.currentTimeMillis();
    KeyRecord fresh = KeyRecord.started(fingerprint, freshId, owner, now);
    HazelcastJsonValue mine = new HazelcastJsonValue(fresh.encode());
    return put(key, mine).compose(raw -> {
      if (mine.equals(raw)) { // ours, also when a retry finds its own first attempt applied
        return Future.succeededFuture(new Claim(Kind.CLAIMED, fresh, mine));
      }
      KeyRecord found = KeyRecord.decode(raw.toString());
      if (!found.fingerprint().equals(fingerprint)) {
        return Future.succeededFuture(new Claim(Kind.MISMATCH, found, raw));
      }
      boolean dead = found.state() == KeyRecord.State.IN_PROGRESS && now - found.since() > options.staleMillis();
      boolean retry = found.state() == KeyRecord.State.RETRYABLE && takeOverRetryable;
      if (dead || retry) {
        KeyRecord next = found.takenOverBy(owner, now);
        HazelcastJsonValue nextRaw = new HazelcastJsonValue(next.encode());
        return swap("take-over of key " + key, key, JsonSwap.ifEqual(raw, nextRaw))
            .map(stored -> nextRaw.equals(stored) ? new Claim(Kind.CLAIMED, next, nextRaw)
                : new Claim(Kind.BUSY, found, raw));
      }
      return Future.succeededFuture(
          new Claim(found.state() == KeyRecord.State.IN_PROGRESS ? Kind.BUSY : Kind.DONE, found, raw));
    });
  }

  /** Records the answer unless another attempt took the key over meanwhile (then it records its own). */
  Future<Boolean> finish(String key, Claim claim, Outcome outcome) {
    HazelcastJsonValue done = new HazelcastJsonValue(claim.record().finished(outcome).encode());
    return swap("answer of key " + key, key, JsonSwap.ifEqual(claim.raw(), done)).map(done::equals);
  }

  /** The document stored after the put: {@code value}, or the one that was there. */
  private Future<HazelcastJsonValue> put(String key, HazelcastJsonValue value) {
    return calls.idempotent("claim of key " + key, () -> PutIfAbsent.putIfAbsent(map, key, value))
        .map(found -> found == null ? value : found);
  }

  /** The document stored after the swap, or null if there is none (the key expired since it was read). */
  private Future<HazelcastJsonValue> swap(String what, String key, JsonSwap swap) {
    return calls.idempotent(what, () -> map.submitToKey(key, swap));
  }
}
