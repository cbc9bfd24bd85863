package dev.vxplatform.shared.cluster;

import io.vertx.core.Vertx;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A {@link FreezeWatch} on a clock the test moves, registered for a node as {@link ServiceLauncher} registers the real
 * one: a JVM freeze without freezing the test's JVM. Its reaction (the rejoin) is the test's to play.
 */
public final class FrozenJvm {

  private final AtomicLong nanos = new AtomicLong();
  private final FreezeWatch watch;

  private FrozenJvm(long thresholdMillis) {
    watch = new FreezeWatch(thresholdMillis, nanos::get, frozenMillis -> { });
    watch.watching = true;
  }

  /** The watch {@code node}'s services find, with the default threshold (4 s). */
  public static FrozenJvm on(Vertx node) {
    FrozenJvm frozen = new FrozenJvm(TimeUnit.SECONDS.toMillis(
        ClusterConfig.DEFAULT_MAX_NO_HEARTBEAT_SECONDS - ClusterConfig.DEFAULT_HEARTBEAT_SECONDS));
    FreezeWatch.register(node, frozen.watch);
    return frozen;
  }

  /** The JVM resumes after {@code millis} frozen; the watch has not looked yet. */
  public void resumeAfter(long millis) {
    nanos.addAndGet(TimeUnit.MILLISECONDS.toNanos(millis));
  }

  /** The watch's next look. */
  public void noticed() {
    watch.check();
  }

  /** The node has joined the cluster again. */
  public void rejoined() {
    watch.rejoined();
  }
}
