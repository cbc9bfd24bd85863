package dev.vxplatform.order.cluster;

import io.vertx.core.Vertx;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Notices that this JVM (or the order-service's event loop) was stalled, and says so for a while after.
 *
 * <p>Why: a node paused longer than Hazelcast's failure detection (kill -STOP, a long GC) has been expelled, but
 * when it resumes it serves the requests queued in its sockets <em>before</em> its Hazelcast notices: its member
 * list is still the old one, it still believes it owns partitions the others have taken over, and an
 * Idempotency-Key claimed there is not seen by the node a gateway retry went to. The split-brain merge later copies
 * both orders into one cluster. So after a stall the node takes no writes until Hazelcast has caught up.
 *
 * <p>How: a timer on the event loop records each tick. {@link #suspect()} holds while the last tick is older than
 * the threshold (the requests Netty reads on resume run before any timer), and for the quarantine after a tick that
 * came that late. Cheap on the request path: two volatile reads and {@link System#nanoTime()}.
 */
public final class PauseFence {

  private static final Logger LOG = LoggerFactory.getLogger(PauseFence.class);

  private final PauseFenceOptions options;
  private final LongSupplier clock;
  private final long thresholdNanos;
  private final long quarantineNanos;
  // Written by the ticking event loop only; read by any request thread.
  private volatile long lastTickNanos;
  private volatile long quarantineEndNanos;
  private volatile long lastStallMillis;
  private boolean quarantined;

  PauseFence(PauseFenceOptions options, LongSupplier clock) {
    this.options = options;
    this.clock = clock;
    this.thresholdNanos = TimeUnit.MILLISECONDS.toNanos(options.thresholdMillis());
    this.quarantineNanos = TimeUnit.MILLISECONDS.toNanos(options.quarantineMillis());
    this.lastTickNanos = clock.getAsLong();
    this.quarantineEndNanos = lastTickNanos;
  }

  /** Starts ticking on the calling context: call it from the verticle whose event loop serves the requests. */
  public static PauseFence start(Vertx vertx, PauseFenceOptions options) {
    PauseFence fence = new PauseFence(options, System::nanoTime);
    if (options.enabled()) {
      vertx.setPeriodic(options.tickMillis(), id -> fence.tick());
    }
    return fence;
  }

  void tick() {
    long now = clock.getAsLong();
    long gap = now - lastTickNanos;
    if (gap > thresholdNanos) {
      // The quarantine first: a request reading between the two writes still sees the fence up.
      quarantineEndNanos = now + quarantineNanos;
      lastTickNanos = now;
      lastStallMillis = TimeUnit.NANOSECONDS.toMillis(gap);
      quarantined = true;
      LOG.warn("The event loop stalled for {} ms (GC, SIGSTOP, a starved host): this node may have been dropped "
          + "from the cluster meanwhile, so it refuses order writes for {} ms", lastStallMillis,
          options.quarantineMillis());
      return;
    }
    lastTickNanos = now;
    if (quarantined && now - quarantineEndNanos >= 0) {
      quarantined = false;
      LOG.info("Pause fence lifted: taking order writes again");
    }
  }

  /** True while this node may be acting on a stale view of the cluster: it must not write. */
  public boolean suspect() {
    if (!options.enabled()) {
      return false;
    }
    long now = clock.getAsLong();
    return now - lastTickNanos > thresholdNanos || now - quarantineEndNanos < 0;
  }

  /** Why {@link #suspect()} holds, for the problem detail. */
  String reason() {
    long now = clock.getAsLong();
    long silentMillis = TimeUnit.NANOSECONDS.toMillis(now - lastTickNanos);
    if (now - lastTickNanos > thresholdNanos) {
      return "this node has just resumed from a stall of at least " + silentMillis + " ms";
    }
    return "this node stalled for " + lastStallMillis + " ms and refuses writes for "
        + TimeUnit.NANOSECONDS.toMillis(Math.max(0, quarantineEndNanos - now)) + " ms more";
  }
}
