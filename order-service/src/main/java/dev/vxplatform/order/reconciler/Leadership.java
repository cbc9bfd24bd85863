package dev.vxplatform.order.reconciler;

import com.hazelcast.config.cp.CPSubsystemConfig;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.cp.IAtomicReference;
import com.hazelcast.cp.lock.FencedLock;
import com.hazelcast.cp.lock.exception.LockOwnershipLostException;
import dev.vxplatform.order.orders.Fence;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.sqlclient.Pool;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Who runs the reconciler: the holder of the CP subsystem's {@code FencedLock} {@value #LOCK}. With the CP subsystem
 * on ({@code CP_MEMBER_COUNT} 3) the lock is a Raft state machine: granted once across any partition, and taken from a
 * holder only when its CP session expires ({@code CP_SESSION_TTL_SECONDS} without a heartbeat: the JVM died, froze or
 * was cut off). With it off, the same lock runs on a map partition (Hazelcast's unsafe mode; see {@code CpConfig}).
 *
 * <p>Each grant comes with a fencing token, strictly increasing. The holder claims it in the database once
 * ({@link Fence#claim}) and names it in every table write, which the database refuses once a newer token is claimed;
 * order changes are compare-and-set on the whole order, so a stale holder's change of an order another has changed
 * fails too. On top of that, the holder stops counting on the lock {@link #trustedMillis} after it last confirmed it
 * (asked for its fence), a little before its session could expire, so it rarely has to be fenced off.
 *
 * <p>A lock is owned by a thread: every lock call runs on this holder's own thread, never on the event loop.
 */
final class Leadership {

  static final String LOCK = "order-reconciler";
  /** An atomic reference next to the lock (same CP group): a fresh value whenever the lock's state starts over. */
  static final String INCARNATION = "order-reconciler-incarnation";
  private static final long RELEASE_WAIT_MILLIS = 2_000;
  private static final Logger LOG = LoggerFactory.getLogger(Leadership.class);

  private final Context context;
  private final HazelcastInstance hazelcast;
  private final Pool pool;
  private final String nodeId;
  private final LeadershipListener listener;
  private final long trustedMillis;
  private final ExecutorService lockThread;
  private boolean busy;
  private boolean unlocking;
  /** Counts {@link #standDown} calls: a tick that began before one does not take the lock up again. */
  private long standDowns;
  /** The incarnation of the lock's state when this thread was granted the lock. Lock thread only. */
  private String grantedIncarnation;
  /** The token claimed in the database, so that it is claimed once. Owning context only. */
  private Fence claimed;
  // Written on the owning context only; volatile so that isHeld() may be read from anywhere.
  private volatile boolean active;
  private volatile Fence fence;
  private volatile long validUntilNanos;

  Leadership(Context context, HazelcastInstance hazelcast, Pool pool, String nodeId, LeadershipListener listener) {
    this.context = context;
    this.hazelcast = hazelcast;
    this.pool = pool;
    this.nodeId = nodeId;
    this.listener = listener;
    this.trustedMillis = trustedMillis(hazelcast);
    this.lockThread = Executors.newSingleThreadExecutor(runnable -> {
      Thread thread = new Thread(runnable, "reconciler-leadership");
      thread.setDaemon(true);
      return thread;
    });
  }

  /**
   * How long after a confirmation started the holder counts on the lock: the session lives {@code ttl} after its
   * last heartbeat, which may be one heartbeat interval older than the confirmation; a tenth of the TTL is margin.
   */
  static long trustedMillis(HazelcastInstance hazelcast) {
    return trustedMillis(hazelcast.getConfig().getCPSubsystemConfig());
  }

  static long trustedMillis(CPSubsystemConfig cp) {
    long ttl = TimeUnit.SECONDS.toMillis(cp.getSessionTimeToLiveSeconds());
    return ttl - TimeUnit.SECONDS.toMillis(cp.getSessionHeartbeatIntervalSeconds()) - ttl / 10;
  }

  /** How often to call {@link #tick}: five confirmations per trusted time, so one lost call costs nothing. */
  static long tickMillis(HazelcastInstance hazelcast) {
    return trustedMillis(hazelcast) / 5;
  }

  /**
   * How much validity an inventory call needs left before the holder starts it: the call's timeout and one tick, so
   * it ends before the lock could, even if the next confirmation fails.
   *
   * @throws IllegalArgumentException when even a freshly confirmed lock would not last that long
   */
  static long callBudgetMillis(CPSubsystemConfig cp, long inventoryTimeoutMillis) {
    long tick = trustedMillis(cp) / 5;
    long budget = inventoryTimeoutMillis + tick;
    if (trustedMillis(cp) - tick < budget) {
      throw new IllegalArgumentException("CP_SESSION_TTL_SECONDS " + cp.getSessionTimeToLiveSeconds()
          + " is too short for INVENTORY_TIMEOUT_MS " + inventoryTimeoutMillis);
    }
    return budget;
  }

  /**
   * Acquires, or confirms the lock is still this holder's; call it every {@link #tickMillis} on the owning context.
   * A call that hangs (the CP group is out of reach) is not repeated, and the validity runs out meanwhile.
   */
  void tick() {
    expireIfDue();
    if (busy) {
      return;
    }
    busy = true;
    long started = System.nanoTime();
    long standDownsBefore = standDowns;
    onLockThread(this::acquireOrConfirm)
        .compose(this::claimed)
        .onComplete(ar -> {
          busy = false;
          if (ar.failed()) {
            LOG.debug("Reconciler lock call failed on {}: {}", nodeId, ar.cause().toString());
            if (ar.cause() instanceof LockOwnershipLostException || ar.cause() instanceof IllegalMonitorStateException) {
              stop(System.nanoTime()); // the session expired: another holder may have the lock already
            }
          } else if (ar.result() == null) {
            stop(System.nanoTime());
          } else if (standDowns == standDownsBefore) {
            hold(ar.result(), started);
          }
          expireIfDue();
        });
  }

  private void hold(Fence granted, long startedNanos) {
    long validUntil = startedNanos + TimeUnit.MILLISECONDS.toNanos(trustedMillis);
    if (System.nanoTime() - validUntil >= 0) {
      LOG.warn("Reconciler lock call of {} took {} ms, longer than the lock can be trusted: confirming first", nodeId,
          TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startedNanos));
      return;
    }
    fence = granted;
    validUntilNanos = validUntil;
    if (!active) {
      active = true;
      listener.acquired(nodeId, granted.token(), System.nanoTime());
    }
  }

  /**
   * The lock's fence if this thread holds it (taking it if free), else null. Runs on the lock thread; the incarnation
   * is read once per grant, not at every confirmation.
   */
  private Fence acquireOrConfirm() {
    FencedLock lock = hazelcast.getCPSubsystem().getLock(LOCK);
    if (lock.isLockedByCurrentThread() && grantedIncarnation != null) {
      return new Fence(grantedIncarnation, lock.getFence());
    }
    long token = lock.isLockedByCurrentThread() ? lock.getFence() : lock.tryLockAndGetFence();
    grantedIncarnation = token == FencedLock.INVALID_FENCE ? null : incarnation();
    return grantedIncarnation == null ? null : new Fence(grantedIncarnation, token);
  }

  /** The lock state's incarnation, created with it. Runs on the lock thread. */
  private String incarnation() {
    IAtomicReference<String> reference = hazelcast.getCPSubsystem().getAtomicReference(INCARNATION);
    reference.compareAndSet(null, UUID.randomUUID().toString());
    return reference.get();
  }

  /** A new token is claimed in the database first; one it refuses (a newer one is there) is given back. */
  private Future<Fence> claimed(Fence granted) {
    if (granted == null || granted.equals(claimed)) {
      return Future.succeededFuture(granted);
    }
    return granted.claim(pool).compose(won -> {
      if (won) {
        claimed = granted;
        return Future.succeededFuture(granted);
      }
      LOG.warn("Reconciler lock granted to {} with token {}, but the database has a newer one: giving it back", nodeId,
          granted.token());
      return unlock().map((Fence) null);
    });
  }

  /** Holds the lock and its validity has not run out; safe to call from any thread. */
  boolean isHeld() {
    return active && System.nanoTime() - validUntilNanos < 0;
  }

  /** How long this node may still count on the lock, 0 when it does not hold it. */
  long remainingMillis() {
    return isHeld() ? TimeUnit.NANOSECONDS.toMillis(validUntilNanos - System.nanoTime()) : 0;
  }

  /** The token the holder's writes name (meaningless when not held). */
  Fence fence() {
    return fence;
  }

  /** The {@link System#nanoTime()} at which this node stops counting on the lock (meaningless when not held). */
  long validUntilNanos() {
    return validUntilNanos;
  }

  /**
   * Stops counting on the lock now and gives it back if this node holds it (also one granted but not yet claimed),
   * for a node that must not write for a while; call it every tick meanwhile. One unlock at a time (the CP group may be
   * out of reach), and a grant still on its way when this is called is not used.
   */
  void standDown() {
    stop(System.nanoTime());
    standDowns++;
    if (!unlocking) {
      unlocking = true;
      unlock().onComplete(done -> unlocking = false);
    }
  }

  /**
   * Gives the lock up (graceful stop), so that another node takes over at its next tick; ends the lock thread. Waits
   * at most {@value #RELEASE_WAIT_MILLIS} ms, behind a call that hangs (the CP group out of reach): the session's end
   * frees the lock then.
   */
  Future<Void> release() {
    stop(System.nanoTime());
    return unlock()
        .timeout(RELEASE_WAIT_MILLIS, TimeUnit.MILLISECONDS)
        .recover(failure -> Future.succeededFuture())
        .onComplete(done -> lockThread.shutdown());
  }

  /** Unlocks if this thread holds the lock; a failure is logged only (the session's end frees it anyway). */
  private Future<Void> unlock() {
    return onLockThread(() -> {
      FencedLock lock = hazelcast.getCPSubsystem().getLock(LOCK);
      while (lock.isLockedByCurrentThread()) {
        lock.unlock();
      }
      grantedIncarnation = null;
      return (Void) null;
    }).recover(failure -> {
      LOG.debug("Giving the reconciler lock back failed on {}: {}", nodeId, failure.toString());
      return Future.succeededFuture();
    });
  }

  private void expireIfDue() {
    if (active && System.nanoTime() - validUntilNanos >= 0) {
      LOG.warn("Reconciler lock of {} could not be confirmed in time", nodeId);
      stop(validUntilNanos);
    }
  }

  private void stop(long atNanos) {
    if (active) {
      active = false;
      listener.lost(nodeId, fence.token(), Math.min(atNanos, validUntilNanos));
    }
  }

  /** Runs {@code call} on the lock thread; completes on the owning context. */
  private <T> Future<T> onLockThread(Callable<T> call) {
    Promise<T> promise = Promise.promise();
    try {
      lockThread.execute(() -> {
        try {
          T result = call.call();
          context.runOnContext(v -> promise.complete(result));
        } catch (Exception e) {
          context.runOnContext(v -> promise.fail(e));
        }
      });
    } catch (RuntimeException rejected) {
      promise.fail(rejected); // released: the thread is gone
    }
    return promise.future();
  }
}
