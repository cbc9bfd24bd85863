package dev.vxplatform.gateway.proxy;

import io.vertx.core.json.JsonObject;
import java.util.Locale;

/**
 * The adaptive concurrency limit in front of each service ({@link ConcurrencyLimit}). Keys are those of the
 * gateway's JSON config; the environment variables map onto them. Every number is per service and per event loop
 * of the gateway (a gateway on 2 event loops lets twice as many requests through).
 *
 * @param enabled      {@code concurrencyLimit}, env {@code GATEWAY_CONCURRENCY_LIMIT}: {@code adaptive} or
 *                     {@code off} (the default: every request goes on, and waits as long as its timeouts allow). Off
 *                     by default because a client that does not wait out {@code Retry-After} turns every refusal
 *                     into another request at once: the soak's 16 closed-loop workers met the limit on a saturated
 *                     2-core machine and sent 432,406 refused requests in 2 minutes, placing 20,267 orders instead
 *                     of 53,393
 * @param initial      {@code limitInitial}, env {@code GATEWAY_LIMIT_INITIAL} (default {@value #DEFAULT_INITIAL}):
 *                     the limit before anything was measured, and the one light traffic climbs back to after an
 *                     overload sank it: high enough for the bursts a busy machine's stalls make (a 50 ms pause of an
 *                     instance at 800 requests/s per event loop puts 40 in flight)
 * @param min          {@code limitMin}, env {@code GATEWAY_LIMIT_MIN} (default {@value #DEFAULT_MIN}): it never
 *                     sinks below this, so a service always gets some traffic to show it recovered
 * @param max          {@code limitMax}, env {@code GATEWAY_LIMIT_MAX} (default {@value #DEFAULT_MAX})
 * @param backoffRatio {@code limitBackoffRatio} (default {@value #DEFAULT_BACKOFF_RATIO}): the limit is multiplied
 *                     by this on every failed or timed-out request
 * @param queue        {@code limitQueue}, env {@code GATEWAY_LIMIT_QUEUE} (default {@value #DEFAULT_QUEUE}): how many
 *                     requests may wait in the service's queue (as the latency shows it) before the limit stops
 *                     growing; at twice that it shrinks. Smaller keeps latency closer to the unloaded one, larger
 *                     keeps a service busy through noisy latencies
 * @param probeSamples {@code limitProbeSamples} (default {@value #DEFAULT_PROBE_SAMPLES}): after this many times
 *                     the limit in answered requests, the lowest latency seen is measured afresh
 */
public record LimitOptions(boolean enabled, int initial, int min, int max, double backoffRatio, double queue,
    int probeSamples) {

  public static final String ADAPTIVE = "adaptive";
  public static final String OFF = "off";
  public static final int DEFAULT_INITIAL = 50;
  public static final int DEFAULT_MIN = 4;
  public static final int DEFAULT_MAX = 1_000;
  public static final double DEFAULT_BACKOFF_RATIO = 0.9;
  public static final double DEFAULT_QUEUE = 2;
  public static final int DEFAULT_PROBE_SAMPLES = 50;

  public LimitOptions {
    if (min < 1 || initial < min || max < initial || backoffRatio <= 0 || backoffRatio >= 1 || queue <= 0 || probeSamples < 1) {
      throw new IllegalArgumentException("concurrency limit options out of range: need 1 <= limitMin <= "
          + "limitInitial <= limitMax and 0 < limitBackoffRatio < 1, got " + min + " / " + initial + " / " + max
          + " / " + backoffRatio);
    }
  }

  public static LimitOptions defaults() {
    return from(new JsonObject());
  }

  public static LimitOptions from(JsonObject json) {
    String mode = json.getString("concurrencyLimit", OFF).trim().toLowerCase(Locale.ROOT);
    if (!mode.equals(ADAPTIVE) && !mode.equals(OFF)) {
      throw new IllegalArgumentException("GATEWAY_CONCURRENCY_LIMIT must be '" + ADAPTIVE + "' or '" + OFF
          + "', got '" + mode + "'");
    }
    return new LimitOptions(mode.equals(ADAPTIVE),
        json.getInteger("limitInitial", DEFAULT_INITIAL),
        json.getInteger("limitMin", DEFAULT_MIN),
        json.getInteger("limitMax", DEFAULT_MAX),
        json.getDouble("limitBackoffRatio", DEFAULT_BACKOFF_RATIO),
        json.getDouble("limitQueue", DEFAULT_QUEUE),
        json.getInteger("limitProbeSamples", DEFAULT_PROBE_SAMPLES));
  }
}
