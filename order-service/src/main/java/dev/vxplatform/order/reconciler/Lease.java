package dev.vxplatform.order.reconciler;

import com.hazelcast.map.IMap;
import dev.vxplatform.order.cluster.ClusterUnavailableException;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A cluster-wide lease: one entry with a time to live in the IMap {@value #MAP}, so that at most one node runs the
 * reconciler at a time, and another takes over once the holder stops renewing (it died, hung or was cut off).
 *
 * <p>Why it is never held twice: the entry is created with an atomic {@code putIfAbsent}, so a second node can
 * only get it once the first entry has expired at the partition owner. The holder counts its validity from
 * <em>before</em> each successful grant or renewal, and only for {@link ReconcilerOptions#trustedMillis()} (the
 * TTL less Hazelcast's whole-second rounding of expiry, less a safety margin), so its own view always ends before
 * the entry can expire; it stops working when that view ends, whether or not it could talk to the cluster.
 * (The whole-second rounding was found by {@code LeaseIT}: counting on the full TTL let two holders overlap.) Each
 * grant carries a fencing token, strictly increasing across holders. A renewal is get (still mine) → setTtl →
 * get (still mine): values carry the token, so the entry seen after the setTtl is the one it extended.
 *
 * <p>A split brain, where each side keeps a copy of the map, is guarded by split-brain protection when
 * {@code CLUSTER_MIN_SIZE} is set (see {@code OrderMaps}): a minority side's writes to the map fail, which this lease
 * takes as "not the holder". Without it each side may grant its own lease; the reconciler's writes are
 * compare-and-set and idempotent, so two copies running cannot corrupt an order.
 */
final class Lease {

  static final String MAP = "order-reconciler-lease";
  static final String HOLDER_KEY = "reconciler";
  static final String TOKEN_KEY = "reconciler.fencing-token";
  private static final Logger LOG = LoggerFactory.getLogger(Lease.class);

  private final Vertx vertx;
  private final IMap<String, String> map;
  private final String nodeId;
  private final ReconcilerOptions options;
  private final LeaseListener listener;
  private boolean busy;
  /** The value this node put in the map, while it may still be there: what it renews. Owning context only. */
  private String owned;
  // Written on the owning context only; volatile so that isHeld() may be read from anywhere.
  private volatile boolean active;
  private volatile long token;
  private volatile long validUntilNanos;

  Lease(Vertx vertx, IMap<String, String> map, String nodeId, ReconcilerOptions options, LeaseListener listener) {
    this.vertx = vertx;
    this.map = map;
    this.nodeId = nodeId;
    this.options = options;
    this.listener = listener;
  }

  /**
   * Acquires or renews; call it every {@code renewMillis} on the owning context. A grant or renewal that took
   * longer than the lease can be trusted is not used, but the entry is still this node's: the next tick renews
   * it (a renewal proves nobody else got it meanwhile) instead of waiting for it to expire.
   */
  void tick() {
    expireIfDue();
    if (busy) {
      return; // a call still waits on a hung member: do not pile up more
    }
    busy = true;
    long started = System.nanoTime();
    String mine = owned;
    vertx.executeBlocking(() -> mine == null ? acquire() : renew(mine), false).onComplete(ar -> {
      busy = false;
      if (ar.failed()) {
        LOG.debug("Lease call failed on {}: {}", nodeId, ar.cause().toString());
        if (ClusterUnavailableException.isSplitBrainRefusal(ar.cause())) {
          stop(System.nanoTime()); // a minority's copy of the lease is worth nothing; a later renewal may prove it
        }
      } else if (ar.result() == null) {
        owned = null;
        stop(System.nanoTime());
      } else {
        owned = ar.result();
        token = Long.parseLong(owned.substring(owned.lastIndexOf('|') + 1));
        long validUntil = started + TimeUnit.MILLISECONDS.toNanos(options.trustedMillis());
        if (System.nanoTime() - validUntil < 0) {
          validUntilNanos = validUntil;
          if (!active) {
            active = true;
            listener.acquired(nodeId, token, System.nanoTime());
          }
        } else {
          LOG.warn("Reconciler lease call of {} took {} ms, longer than the lease can be trusted: renewing first",
              nodeId, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
        }
      }
      expireIfDue();
    });
  }

  /** Holds the lease and its validity has not run out; safe to call from any thread. */
  boolean isHeld() {
    return active && System.nanoTime() - validUntilNanos < 0;
  }

  /** How long this node may still count on the lease, 0 when it does not hold it. */
  long remainingMillis() {
    return isHeld() ? TimeUnit.NANOSECONDS.toMillis(validUntilNanos - System.nanoTime()) : 0;
  }

  long token() {
    return token;
  }

  /** The {@link System#nanoTime()} at which this node stops counting on the lease (meaningless when not held). */
  long validUntilNanos() {
    return validUntilNanos;
  }

  /**
   * Stops counting on the lease now, without touching the map: for a node that must not write for a while. The
   * entry stays; a later {@link #tick()} renews it if it is still this node's, else it expires for the others.
   */
  void standDown() {
    stop(System.nanoTime());
  }

  /** Gives the lease up now (graceful stop), so that another node takes over at its next tick. */
  Future<Void> release() {
    String mine = owned;
    owned = null;
    stop(System.nanoTime());
    if (mine == null) {
      return Future.succeededFuture();
    }
    return vertx.executeBlocking(() -> map.remove(HOLDER_KEY, mine), false)
        .<Void>mapEmpty()
        .recover(failure -> Future.succeededFuture());
  }

  private void expireIfDue() {
    if (active && System.nanoTime() - validUntilNanos >= 0) {
      LOG.warn("Reconciler lease of {} ran out without a renewal", nodeId);
      stop(validUntilNanos);
    }
  }

  private void stop(long atNanos) {
    if (active) {
      active = false;
      listener.lost(nodeId, token, Math.min(atNanos, validUntilNanos));
    }
  }

  private String acquire() {
    if (map.get(HOLDER_KEY) != null) {
      return null;
    }
    String candidate = nodeId + "|" + nextToken();
    boolean granted = map.putIfAbsent(HOLDER_KEY, candidate, options.leaseMillis(), TimeUnit.MILLISECONDS) == null;
    return granted ? candidate : null;
  }

  private String renew(String held) {
    if (!held.equals(map.get(HOLDER_KEY))) {
      return null;
    }
    map.setTtl(HOLDER_KEY, options.leaseMillis(), TimeUnit.MILLISECONDS);
    return held.equals(map.get(HOLDER_KEY)) ? held : null;
  }

  /** A counter without time to live, advanced by compare-and-set: the fencing token of the next grant. */
  private long nextToken() {
    while (true) {
      String current = map.get(TOKEN_KEY);
      if (current == null) {
        if (map.putIfAbsent(TOKEN_KEY, "1") == null) {
          return 1;
        }
      } else {
        long next = Long.parseLong(current) + 1;
        if (map.replace(TOKEN_KEY, current, Long.toString(next))) {
          return next;
        }
      }
    }
  }
}
