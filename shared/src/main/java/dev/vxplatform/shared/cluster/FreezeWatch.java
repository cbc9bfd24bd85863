package dev.vxplatform.shared.cluster;

import io.vertx.core.Vertx;
import io.vertx.core.shareddata.Shareable;
import java.util.concurrent.TimeUnit;
import java.util.function.LongConsumer;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one freeze detector of a JVM: notices that the whole JVM was frozen (SIGSTOP, a suspended VM, a stop-the-world
 * pause) long enough to have been expelled from the cluster, reports it once, and says "suspect" from the moment the
 * JVM resumes until the node has joined the cluster again.
 *
 * <p>Why: by then the other members have removed this one and promoted its backups. When it resumes, its Hazelcast
 * still believes it owns its partitions and runs the operations queued in its sockets against its stale copies, and
 * its services serve the requests queued in theirs; the split-brain merge would then bring those copies back over the
 * cluster's newer entries (seen: a cancelled order's reservation held its units again, a key claimed twice). So a
 * suspect node writes nothing (the order-service's {@code WriteGate}), judges no other member's discovery records
 * ({@code RecordJanitor}), and {@link ServiceLauncher} makes it leave at once and join again empty.
 *
 * <p>How: a daemon thread, not an event loop (a busy event loop is not a frozen JVM, and does not get a member
 * expelled: Hazelcast's heartbeats run on threads of their own), looks every {@link #CHECK_MILLIS} and compares the
 * time that passed with the time it slept. A request served after the resume but before the thread's next look sees
 * the gap itself: {@link #suspect()} measures it too. The threshold is the shortest freeze that can get a member
 * expelled ({@link ServiceLauncher#freezeThresholdMillis()}, 4 s by default): a shorter one changes nothing anyone
 * else sees.
 */
public final class FreezeWatch implements Shareable, AutoCloseable {

  static final long CHECK_MILLIS = 200;
  /** A watch that never fires: what a Vert.x not started by {@link ServiceLauncher} (a test) is given. */
  static final FreezeWatch NEVER = new FreezeWatch(Long.MAX_VALUE / 2_000_000, () -> 0, millis -> { });
  private static final String SHARED_MAP = "platform.freeze-watch";
  private static final Logger LOG = LoggerFactory.getLogger(FreezeWatch.class);

  private final long thresholdNanos;
  private final LongSupplier clock;
  private final LongConsumer onFreeze;
  private volatile long lastCheck;
  volatile boolean watching;
  /** The length of the freeze seen last, from its detection until the node has rejoined; 0 otherwise. */
  private volatile long frozenMillis;
  private volatile boolean closed;

  /** @param onFreeze gets the freeze's length in milliseconds, on the watch's thread */
  FreezeWatch(long thresholdMillis, LongSupplier clock, LongConsumer onFreeze) {
    this.thresholdNanos = TimeUnit.MILLISECONDS.toNanos(thresholdMillis);
    this.clock = clock;
    this.onFreeze = onFreeze;
    this.lastCheck = clock.getAsLong();
  }

  /** A watch on the real clock, not yet watching: {@link #watch()} starts it once the node has started. */
  static FreezeWatch create(long thresholdMillis, LongConsumer onFreeze) {
    return new FreezeWatch(thresholdMillis, System::nanoTime, onFreeze);
  }

  /** Starts looking, on a daemon thread of its own. */
  void watch() {
    lastCheck = clock.getAsLong();
    watching = true;
    Thread thread = new Thread(this::run, "freeze-watch");
    thread.setDaemon(true);
    thread.start();
  }

  /** The watch of this Vert.x's JVM ({@link #register}ed by {@link ServiceLauncher}), or one that never fires. */
  public static FreezeWatch of(Vertx vertx) {
    FreezeWatch watch = vertx.sharedData().<String, FreezeWatch>getLocalMap(SHARED_MAP).get(SHARED_MAP);
    return watch == null ? NEVER : watch;
  }

  /** Makes {@code watch} the one {@link #of} answers for {@code vertx}. */
  public static void register(Vertx vertx, FreezeWatch watch) {
    vertx.sharedData().<String, FreezeWatch>getLocalMap(SHARED_MAP).put(SHARED_MAP, watch);
  }

  private void run() {
    while (!closed) {
      try {
        TimeUnit.MILLISECONDS.sleep(CHECK_MILLIS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
      try {
        check();
      } catch (RuntimeException e) {
        LOG.error("Reacting to a freeze failed: {}", e.toString(), e);
      }
    }
  }

  /** One look: reports a freeze when far more time passed since the last look than was slept. */
  void check() {
    long now = clock.getAsLong();
    long gap = now - lastCheck;
    if (gap >= thresholdNanos) {
      frozenMillis = TimeUnit.NANOSECONDS.toMillis(gap); // before the look is recorded: never a gap in "suspect"
      lastCheck = now;
      onFreeze.accept(frozenMillis);
      return;
    }
    lastCheck = now;
  }

  /**
   * True while this node may be acting on a stale view of the cluster: the JVM has just resumed from a freeze the
   * watch has not looked at yet, or it saw one and the node has not joined the cluster again since. Cheap: two
   * volatile reads and {@link System#nanoTime()}.
   */
  public boolean suspect() {
    return frozenMillis > 0 || watching && clock.getAsLong() - lastCheck >= thresholdNanos;
  }

  /** Why {@link #suspect()} holds, for a problem's detail. */
  public String reason() {
    long frozen = frozenMillis;
    return frozen > 0 ? "this node was frozen for " + frozen + " ms, long enough to have been dropped from the cluster"
        : "this node has just resumed from a freeze of at least "
            + TimeUnit.NANOSECONDS.toMillis(clock.getAsLong() - lastCheck) + " ms";
  }

  /** The node has joined the cluster again: its view can be trusted. */
  void rejoined() {
    frozenMillis = 0;
  }

  @Override
  public void close() {
    closed = true;
  }
}
