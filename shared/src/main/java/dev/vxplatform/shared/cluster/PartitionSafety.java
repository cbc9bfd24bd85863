package dev.vxplatform.shared.cluster;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.core.shareddata.Shareable;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Whether the cluster's data is redundant again: Hazelcast's "cluster safe" (every partition's backups in sync
 * with its primary, no migration running). After a member dies or rejoins, this takes seconds to a minute; a
 * second failure before it is back can lose data, so rolling operations wait for it.
 *
 * <p>The check talks to every member, so it runs on a worker, at most one at a time and at most once per
 * {@link #REFRESH_MILLIS}; readers get the last result at once, with its age, and never wait on it.
 */
public final class PartitionSafety implements Shareable {

  public static final long REFRESH_MILLIS = 1_000;
  /** Older than this, a result says nothing about now: {@code safe} is reported unknown until the next check. */
  static final long STALE_MILLIS = 5_000;
  private static final Logger LOG = LoggerFactory.getLogger(PartitionSafety.class);
  private static final String SHARED_MAP = "platform.partition-safety";

  private final Vertx vertx;
  private final ClusterMembership membership;
  private final AtomicBoolean checking = new AtomicBoolean();
  private volatile Boolean safe;
  private volatile long checkedAt;

  private PartitionSafety(Vertx vertx) {
    this.vertx = vertx;
    this.membership = ClusterMembership.of(vertx);
  }

  /**
   * The node's one instance, kept in its Vert.x's local shared data (so it ends with that Vert.x): its readers
   * (health, the gateway's dashboard) share its checks.
   */
  public static PartitionSafety of(Vertx vertx) {
    return vertx.sharedData().<String, PartitionSafety>getLocalMap(SHARED_MAP)
        .computeIfAbsent(SHARED_MAP, key -> new PartitionSafety(vertx));
  }

  /**
   * {@code {"safe": true|false, "checkedMsAgo": n}}, or {@code {"safe": null}} while unknown (no check ended in
   * the last {@link #STALE_MILLIS}, or this node is not an active member); starts a new check when due.
   */
  public JsonObject snapshot() {
    long now = System.currentTimeMillis();
    if (membership.isActive() && now - checkedAt >= REFRESH_MILLIS) {
      refresh();
    }
    Boolean last = membership.isActive() && now - checkedAt < STALE_MILLIS ? safe : null;
    JsonObject state = new JsonObject().put("safe", last);
    return last == null ? state : state.put("checkedMsAgo", now - checkedAt);
  }

  private void refresh() {
    if (!checking.compareAndSet(false, true)) {
      return;
    }
    vertx.executeBlocking(() -> membership.hazelcast().getPartitionService().isClusterSafe(), false)
        .onSuccess(result -> {
          safe = result;
          checkedAt = System.currentTimeMillis();
        })
        .onFailure(err -> LOG.debug("Cluster safety check failed: {}", err.toString()))
        .onComplete(done -> checking.set(false));
  }
}
