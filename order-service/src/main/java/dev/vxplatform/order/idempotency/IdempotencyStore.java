package dev.vxplatform.order.idempotency;

import com.hazelcast.core.HazelcastJsonValue;
import com.hazelcast.map.IMap;
import dev.vxplatform.order.cluster.Retry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.concurrent.TimeUnit;

/**
 * Keys in the IMap {@value IdempotentRequests#MAP} as JSON, each with a time to live. Claiming a key is one
 * atomic {@code putIfAbsent} (or a compare-and-set over a retryable or dead attempt) on the key's partition
 * owner, so exactly one request in the whole cluster runs the work for a key at a time.
 */
final class IdempotencyStore {

  /** What a claim found. */
  enum Kind { CLAIMED, MISMATCH, DONE, BUSY }

  /** {@code raw} is the stored text of {@code record}: the expected value of the next compare-and-set. */
  record Claim(Kind kind, KeyRecord record, HazelcastJsonValue raw) {
  }

  private final Vertx vertx;
  private final IMap<String, HazelcastJsonValue> map;
  private final IdempotencyOptions options;

  IdempotencyStore(Vertx vertx, IMap<String, HazelcastJsonValue> map, IdempotencyOptions options) {
    this.vertx = vertx;
    this.map = map;
    this.options = options;
  }

  /**
   * Claims {@code key} for a new attempt. A RETRYABLE key is taken over only when {@code takeOverRetryable}
   * (a fresh retry); a duplicate that has been waiting replays it instead. An attempt IN_PROGRESS for longer than
   * the stale bound is presumed dead and taken over: the work is idempotent per order id, so even a slow but
   * living first attempt does no harm.
   */
  Future<Claim> claim(String key, String fingerprint, String freshId, String owner, boolean takeOverRetryable) {
    return vertx.executeBlocking(() -> Retry.indeterminate(() -> {
      long now = System.currentTimeMillis();
      KeyRecord fresh = KeyRecord.started(fingerprint, freshId, owner, now);
      HazelcastJsonValue mine = new HazelcastJsonValue(fresh.encode());
      HazelcastJsonValue raw = map.putIfAbsent(key, mine, options.ttlSeconds(), TimeUnit.SECONDS);
      if (raw == null || raw.equals(mine)) { // equal: our own put, applied before a retry
        return new Claim(Kind.CLAIMED, fresh, mine);
      }
      KeyRecord found = KeyRecord.decode(raw.toString());
      if (!found.fingerprint().equals(fingerprint)) {
        return new Claim(Kind.MISMATCH, found, raw);
      }
      boolean dead = found.state() == KeyRecord.State.IN_PROGRESS && now - found.since() > options.staleMillis();
      boolean retry = found.state() == KeyRecord.State.RETRYABLE && takeOverRetryable;
      if (dead || retry) {
        KeyRecord next = found.takenOverBy(owner, now);
        HazelcastJsonValue nextRaw = new HazelcastJsonValue(next.encode());
        if (map.replace(key, raw, nextRaw)) {
          map.setTtl(key, options.ttlSeconds(), TimeUnit.SECONDS);
          return new Claim(Kind.CLAIMED, next, nextRaw);
        }
        return new Claim(Kind.BUSY, found, raw);
      }
      return new Claim(found.state() == KeyRecord.State.IN_PROGRESS ? Kind.BUSY : Kind.DONE, found, raw);
    }), false);
  }

  /** Records the answer unless another attempt took the key over meanwhile (then it records its own). */
  Future<Boolean> finish(String key, Claim claim, Outcome outcome) {
    HazelcastJsonValue done = new HazelcastJsonValue(claim.record().finished(outcome).encode());
    return vertx.executeBlocking(() -> Retry.indeterminate(() -> {
      boolean replaced = map.replace(key, claim.raw(), done);
      if (replaced) {
        map.setTtl(key, options.ttlSeconds(), TimeUnit.SECONDS);
      }
      return replaced;
    }), false);
  }
}
