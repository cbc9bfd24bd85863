package dev.vxplatform.gateway.proxy;

import io.vertx.core.http.HttpMethod;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * Token buckets per caller and route class (reads: GET, HEAD, OPTIONS; writes: the rest), shared by this gateway
 * node's event loops. A caller is a token's subject, or the client's IP address for an anonymous public read.
 * Per node, not cluster-wide: a shared bucket would cost a Hazelcast round trip on every request, and a gateway
 * node's limit times the number of nodes bounds the cluster (behind a balancer, set each node's to its share).
 */
public final class RateLimits {

  /** Buckets idle this long are full again and are dropped, so memory follows the active callers. */
  private static final long SWEEP_NANOS = 60_000_000_000L;

  private final RateLimitOptions options;
  private final LongSupplier nanos;
  private final ConcurrentHashMap<String, Bucket> buckets = new ConcurrentHashMap<>();
  private volatile long sweptAt;

  public RateLimits(RateLimitOptions options) {
    this(options, System::nanoTime);
  }

  RateLimits(RateLimitOptions options, LongSupplier nanos) {
    this.options = options;
    this.nanos = nanos;
    this.sweptAt = nanos.getAsLong();
  }

  /** Takes one request from the caller's bucket of the method's class; null when allowed, else the refusal. */
  RateLimited take(String caller, HttpMethod method) {
    boolean read = method == HttpMethod.GET || method == HttpMethod.HEAD || method == HttpMethod.OPTIONS;
    RateLimitOptions.Policy policy = read ? options.reads() : options.writes();
    if (policy.perSecond() <= 0) {
      return null;
    }
    long now = nanos.getAsLong();
    sweep(now);
    Bucket bucket = buckets.computeIfAbsent(policy.name() + ' ' + caller, key -> new Bucket(policy, now));
    long waitNanos = bucket.take(now);
    return waitNanos == 0 ? null : new RateLimited(policy, waitNanos);
  }

  int callers() {
    return buckets.size();
  }

  private void sweep(long now) {
    if (now - sweptAt < SWEEP_NANOS) {
      return;
    }
    sweptAt = now;
    buckets.values().removeIf(bucket -> bucket.fullAt(now));
  }

  /** Refills continuously at the policy's rate up to its burst. */
  private static final class Bucket {

    private final RateLimitOptions.Policy policy;
    private double tokens;
    private long updatedAt;

    Bucket(RateLimitOptions.Policy policy, long now) {
      this.policy = policy;
      this.tokens = policy.burst();
      this.updatedAt = now;
    }

    /** @return 0 when a token was taken, else how long until one is there */
    synchronized long take(long now) {
      refill(now);
      if (tokens >= 1) {
        tokens -= 1;
        return 0;
      }
      return Math.max(1, (long) Math.ceil((1 - tokens) / policy.perSecond() * 1e9));
    }

    synchronized boolean fullAt(long now) {
      refill(now);
      return tokens >= policy.burst();
    }

    /**
     * Event loops read the clock before they wait for this lock, so a caller's {@code now} may be older than the last
     * one seen: time never runs backwards here (it would take tokens away and stretch the wait).
     */
    private void refill(long now) {
      if (now <= updatedAt) {
        return;
      }
      tokens = Math.min(policy.burst(), tokens + (now - updatedAt) / 1e9 * policy.perSecond());
      updatedAt = now;
    }
  }
}
