package dev.vxplatform.shared.cluster;

import com.hazelcast.config.Config;
import dev.vxplatform.shared.tracing.Tracing;
import io.vertx.core.Deployable;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What every service's {@code Main} does: join the cluster, deploy the verticle, close gracefully on SIGTERM, and
 * leave at once and join again empty after a freeze the cluster has outlasted (see {@link FreezeWatch}) or when
 * left behind by a split-brain merge (see {@link StuckMergeWatch}), and keep the CP subsystem at its size (see
 * {@link CpMembershipKeeper}).
 */
public final class ServiceLauncher {

  private static final Logger LOG = LoggerFactory.getLogger(ServiceLauncher.class);
  private static final long CLOSE_TIMEOUT_SECONDS = 20;

  private final String service;
  private final ClusterConfig cluster;
  private final Consumer<Config> hazelcast;
  private final Supplier<? extends Deployable> verticle;
  private final long stuckMergeMillis;
  private final AtomicBoolean rejoining = new AtomicBoolean();
  private volatile Vertx current;
  private volatile FreezeWatch freezeWatch = FreezeWatch.NEVER;

  ServiceLauncher(String service, ClusterConfig cluster, Consumer<Config> hazelcast,
      Supplier<? extends Deployable> verticle) {
    this(service, cluster, hazelcast, verticle, StuckMergeWatch.DEFAULT_THRESHOLD_MILLIS);
  }

  ServiceLauncher(String service, ClusterConfig cluster, Consumer<Config> hazelcast,
      Supplier<? extends Deployable> verticle, long stuckMergeMillis) {
    this.service = service;
    this.cluster = cluster;
    this.hazelcast = hazelcast;
    this.verticle = verticle;
    this.stuckMergeMillis = stuckMergeMillis;
  }

  /** Exits the JVM with status 1 when joining or deploying fails, so launchers see the failure. */
  public static void launch(String service, ClusterConfig cluster, Consumer<Config> hazelcast,
      Supplier<? extends Deployable> verticle) {
    ServiceLauncher launcher = new ServiceLauncher(service, cluster, hazelcast, verticle);
    ClusterBootstrap.closeOnShutdown(launcher::current);
    launcher.freezeWatch = FreezeWatch.create(launcher.freezeThresholdMillis(), launcher::rejoinAfterFreeze);
    launcher.start()
        .onSuccess(vertx -> launcher.freezeWatch.watch())
        .onFailure(err -> exit(service, err));
  }

  Future<Vertx> start() {
    long started = System.nanoTime();
    return ClusterBootstrap.start(cluster, hazelcast, Tracing.forService(service))
        .compose(vertx -> {
          current = vertx;
          FreezeWatch.register(vertx, freezeWatch);
          StuckMergeWatch.watch(vertx, stuckMergeMillis, this::rejoinAfterStuckMerge);
          CpMembershipKeeper.start(vertx, cluster.cp());
          return vertx.deployVerticle(verticle.get()).map(vertx);
        })
        .onSuccess(vertx -> LOG.info("{} ready in {} ms", service, (System.nanoTime() - started) / 1_000_000));
  }

  /**
   * The shortest freeze the others may have taken for a death: their last heartbeat from us can be one interval
   * older than the freeze. Leaving after a freeze they did not punish costs a rejoin, like a crash would.
   */
  long freezeThresholdMillis() {
    return TimeUnit.SECONDS.toMillis(cluster.maxNoHeartbeatSeconds() - cluster.heartbeatSeconds());
  }

  Vertx current() {
    return current;
  }

  /** A rejoin has begun and not yet ended (its new node may already be {@link #current()}, still deploying). */
  boolean rejoining() {
    return rejoining.get();
  }

  /**
   * How long a rejoin waits between leaving and joining again: until the others have surely removed the old
   * member, whose last heartbeat came at most one interval before the freeze began, and at least one interval, in
   * which they find its connections closed. A new member on the same address while a peer still listed the old one
   * made that peer reset its connections, and the join hung for a minute (ServiceLauncherIT, 3 runs of 17).
   */
  long rejoinDelayMillis(long frozenMillis) {
    long heartbeat = TimeUnit.SECONDS.toMillis(cluster.heartbeatSeconds());
    long detection = TimeUnit.SECONDS.toMillis(cluster.maxNoHeartbeatSeconds());
    return Math.max(heartbeat, detection + heartbeat - frozenMillis);
  }

  Future<Vertx> rejoinAfterFreeze(long frozenMillis) {
    return rejoin(frozenMillis, "the freeze", () -> LOG.warn("This JVM was frozen for {} ms, long enough for the"
        + " others to drop it (failure detection: {} s). Leaving now without merging its stale data back, then"
        + " joining again empty (Vert.x logs errors closing the old node: expected)", frozenMillis,
        cluster.maxNoHeartbeatSeconds()));
  }

  /** Called on the node's event loop: the leave blocks, so it runs on a thread of its own. */
  void rejoinAfterStuckMerge(long stuckMillis) {
    Thread leave = new Thread(() -> rejoin(stuckMillis, "the stuck merge", () -> LOG.warn("This member has been"
        + " alone in a cluster frozen for a split-brain merge for {} ms: the merge left it behind. Leaving, then"
        + " joining again empty", stuckMillis)), "stuck-merge-rejoin");
    leave.setDaemon(false);
    leave.start();
  }

  /**
   * Leaves without a word to the others (they already count this member gone, and anything said from its stale
   * view would be wrong), dropping its copies of the data, then joins again as a new, empty member.
   *
   * @param silentMillis how long the others have not heard from this member, for {@link #rejoinDelayMillis}
   * @param after        what it rejoins after, for the last log line ("rejoined the cluster after the freeze":
   *                     scripts and tests look for it)
   */
  Future<Vertx> rejoin(long silentMillis, String after, Runnable why) {
    if (!rejoining.compareAndSet(false, true)) {
      return Future.failedFuture("already rejoining");
    }
    Vertx stale = current;
    why.run();
    ClusterMembership.of(stale).hazelcast().getLifecycleService().terminate();
    return stale.close()
        .timeout(CLOSE_TIMEOUT_SECONDS, TimeUnit.SECONDS)
        .recover(err -> {
          LOG.warn("Closing the stale Vert.x did not finish cleanly: {}", err.toString());
          return Future.succeededFuture();
        })
        .compose(v -> after(rejoinDelayMillis(silentMillis)))
        .compose(v -> start())
        .onSuccess(vertx -> {
          freezeWatch.rejoined();
          LOG.info("{} rejoined the cluster after {}", service, after);
        })
        .onFailure(err -> exit(service, err))
        .onComplete(ar -> rejoining.set(false));
  }

  /**
   * A timer on a thread of its own, not a daemon: the old Vert.x is closed and the new one does not exist yet, so
   * without it no thread would keep the JVM alive and it would exit in the middle of the rejoin (a daemon timer did
   * exactly that in the failover check: the node ran its shutdown hook and was gone).
   */
  static Future<Void> after(long millis) {
    Promise<Void> elapsed = Promise.promise();
    Thread timer = new Thread(() -> {
      try {
        TimeUnit.MILLISECONDS.sleep(millis);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      elapsed.complete(); // the rejoin goes on here, so its new Vert.x threads exist before this one ends
    }, "rejoin-delay");
    timer.setDaemon(false);
    timer.start();
    return elapsed.future();
  }

  private static void exit(String service, Throwable err) {
    LOG.error("{} failed to start: {}", service, err.toString(), err);
    System.exit(1);
  }
}
