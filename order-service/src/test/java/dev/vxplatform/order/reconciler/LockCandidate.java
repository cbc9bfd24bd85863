package dev.vxplatform.order.reconciler;

import com.hazelcast.core.HazelcastInstance;
import dev.vxplatform.shared.cluster.ClusterMembership;
import dev.vxplatform.shared.db.Database;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import java.util.concurrent.atomic.AtomicLong;

/** A {@link Leadership} ticking on its own context, as on its own order-service node; records when it was granted. */
final class LockCandidate implements LeadershipListener {

  final Vertx node;
  final Context context;
  final Leadership leadership;
  final AtomicLong grantedAt = new AtomicLong();
  final AtomicLong grantedToken = new AtomicLong();
  private volatile long timer = -1;

  LockCandidate(Vertx node, String name) {
    HazelcastInstance hazelcast = ClusterMembership.of(node).hazelcast();
    this.node = node;
    this.context = node.getOrCreateContext();
    this.leadership = new Leadership(context, hazelcast, Database.of(node).pool(node), name, this);
    long tick = Leadership.tickMillis(hazelcast);
    context.runOnContext(v -> timer = node.setPeriodic(0, tick, id -> leadership.tick()));
  }

  /** A paused node: no more ticks, nothing given back. */
  void pause() {
    context.runOnContext(v -> node.cancelTimer(timer));
  }

  /** What a node that must not write does: no more ticks, and the lock given back. */
  void standDown() {
    context.runOnContext(v -> {
      node.cancelTimer(timer);
      leadership.standDown();
    });
  }

  @Override
  public void acquired(String nodeId, long token, long atNanos) {
    grantedToken.set(token);
    grantedAt.set(atNanos);
  }

  @Override
  public void lost(String nodeId, long token, long atNanos) {
  }
}
