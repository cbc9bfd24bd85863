package dev.vxplatform.gateway.proxy;

import io.vertx.core.json.JsonObject;

/**
 * The gateway's rate limits per caller. Keys are those of the gateway's JSON config; the environment variables map
 * onto them. A rate of 0 turns a class's limit off (the benchmarks do, to measure the proxy alone).
 *
 * @param reads  {@code readsPerSecond} / {@code readBurst}, env {@code GATEWAY_RATE_READS_PER_SECOND} (default
 *               {@value #DEFAULT_READS_PER_SECOND}) / {@code GATEWAY_RATE_READ_BURST} (default twice the rate):
 *               GET, HEAD and OPTIONS
 * @param writes {@code writesPerSecond} / {@code writeBurst}, env {@code GATEWAY_RATE_WRITES_PER_SECOND} (default
 *               {@value #DEFAULT_WRITES_PER_SECOND}) / {@code GATEWAY_RATE_WRITE_BURST} (default twice the rate):
 *               every other method
 */
public record RateLimitOptions(Policy reads, Policy writes) {

  public static final double DEFAULT_READS_PER_SECOND = 200;
  public static final double DEFAULT_WRITES_PER_SECOND = 100;

  /** A bucket's refill rate and size, named in the RateLimit headers. */
  public record Policy(String name, double perSecond, int burst) {

    public Policy {
      if (perSecond < 0 || perSecond > 0 && burst < 1) {
        throw new IllegalArgumentException("rate limit " + name + ": the rate must be >= 0 and the burst >= 1");
      }
    }

    /** The window the quota is given for, in whole seconds: the time an empty bucket takes to fill. */
    long windowSeconds() {
      return Math.max(1, (long) Math.ceil(burst / perSecond));
    }

    String describe() {
      return "%s %s/s (bursts of %d)".formatted(name, perSecond % 1 == 0 ? "" + (long) perSecond : "" + perSecond,
          burst);
    }
  }

  public static RateLimitOptions from(JsonObject json) {
    return new RateLimitOptions(policy("reads", json.getDouble("readsPerSecond", DEFAULT_READS_PER_SECOND),
        json.getInteger("readBurst")),
        policy("writes", json.getDouble("writesPerSecond", DEFAULT_WRITES_PER_SECOND), json.getInteger("writeBurst")));
  }

  private static Policy policy(String name, double perSecond, Integer burst) {
    return new Policy(name, perSecond, burst != null ? burst : (int) Math.max(1, Math.ceil(2 * perSecond)));
  }
}
