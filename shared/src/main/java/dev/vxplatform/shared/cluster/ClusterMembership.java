package dev.vxplatform.shared.cluster;

import com.hazelcast.cluster.Member;
import com.hazelcast.cluster.MembershipEvent;
import com.hazelcast.cluster.MembershipListener;
import com.hazelcast.core.HazelcastInstance;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.internal.VertxInternal;
import io.vertx.core.spi.cluster.ClusterManager;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;
import java.util.Set;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.stream.Collectors;

/**
 * This node's view of the cluster: its node id, who else is a member, and who leaves.
 *
 * <p>Vert.x's own {@code ClusterManager.nodeListener} holds a single listener that Vert.x core already uses,
 * so departures are observed through Hazelcast's membership listeners instead. The Vert.x node id is not the
 * Hazelcast member UUID: vertx-hazelcast stores it as the member attribute {@value #NODE_ID_ATTRIBUTE}.
 */
public final class ClusterMembership {

  static final String NODE_ID_ATTRIBUTE = "__vertx.nodeId";

  private final Vertx vertx;
  private final HazelcastClusterManager manager;
  private final String localId;

  private ClusterMembership(Vertx vertx, HazelcastClusterManager manager) {
    this.vertx = vertx;
    this.manager = manager;
    this.localId = manager == null ? "local-" + UUID.randomUUID() : null;
  }

  /** Works on any Vert.x: a non-clustered one is a cluster of one that never joined. */
  public static ClusterMembership of(Vertx vertx) {
    ClusterManager manager = ((VertxInternal) vertx).clusterManager();
    return new ClusterMembership(vertx, manager instanceof HazelcastClusterManager hz ? hz : null);
  }

  public boolean isClustered() {
    return manager != null;
  }

  /** True while this node is a running member of the cluster. */
  public boolean isActive() {
    return manager != null && manager.isActive() && hazelcast().getLifecycleService().isRunning();
  }

  public String nodeId() {
    return manager == null ? localId : manager.getNodeId();
  }

  public Set<String> memberIds() {
    if (!isActive()) {
      return Set.of(nodeId());
    }
    return hazelcast().getCluster().getMembers().stream()
        .map(ClusterMembership::nodeIdOf).collect(Collectors.toUnmodifiableSet());
  }

  /** Runs {@code onLeft} with the node id of each member that leaves or crashes, on a Vert.x context. */
  public void onMemberRemoved(Consumer<String> onLeft) {
    listen(id -> { }, onLeft);
  }

  /** Runs {@code onJoined} with the node id of each member that joins (or comes back with a merge), on a context. */
  public void onMemberAdded(Consumer<String> onJoined) {
    listen(onJoined, id -> { });
  }

  private void listen(Consumer<String> onJoined, Consumer<String> onLeft) {
    if (manager == null) {
      return;
    }
    Context context = vertx.getOrCreateContext();
    hazelcast().getCluster().addMembershipListener(new MembershipListener() {
      @Override
      public void memberAdded(MembershipEvent event) {
        String nodeId = nodeIdOf(event.getMember());
        context.runOnContext(v -> onJoined.accept(nodeId));
      }

      @Override
      public void memberRemoved(MembershipEvent event) {
        String nodeId = nodeIdOf(event.getMember());
        context.runOnContext(v -> onLeft.accept(nodeId));
      }
    });
  }

  /** The Vert.x node id of a member (what discovery records name as their node). */
  public static String nodeIdOf(Member member) {
    String nodeId = member.getAttribute(NODE_ID_ATTRIBUTE);
    return nodeId != null ? nodeId : member.getUuid().toString();
  }

  /** For tests: the Hazelcast member behind this node, to crash it without a graceful leave. */
  public HazelcastInstance hazelcast() {
    if (manager == null) {
      throw new IllegalStateException("not a clustered Vert.x");
    }
    return manager.getHazelcastInstance();
  }
}
