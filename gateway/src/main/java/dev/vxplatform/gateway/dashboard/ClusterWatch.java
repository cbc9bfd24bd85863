package dev.vxplatform.gateway.dashboard;

import com.hazelcast.cluster.Member;
import com.hazelcast.cluster.MembershipEvent;
import com.hazelcast.cluster.MembershipListener;
import com.hazelcast.core.HazelcastInstance;
import dev.vxplatform.shared.cluster.ClusterMajority;
import dev.vxplatform.shared.cluster.ClusterMembership;
import dev.vxplatform.shared.cluster.PartitionSafety;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.Map;

/**
 * The cluster as this gateway's member sees it: members (data or lite, address), partition safety and whether the
 * split-brain protection's majority is in sight; members joining and leaving, and changes of safety and majority,
 * go to the timeline. Everything read here is local to the member (the safety check runs on a worker and is read
 * from its last result), so a snapshot costs the event loop no wait.
 */
final class ClusterWatch {

  private final Timeline timeline;
  private final HazelcastInstance hazelcast;
  private final PartitionSafety safety;
  private final ClusterMajority majority;
  private Boolean lastSafe;
  private Boolean lastMajority;

  ClusterWatch(Vertx vertx, Timeline timeline) {
    this.timeline = timeline;
    ClusterMembership membership = ClusterMembership.of(vertx);
    this.hazelcast = membership.isClustered() ? membership.hazelcast() : null;
    this.safety = hazelcast == null ? null : PartitionSafety.of(vertx);
    this.majority = hazelcast == null ? null : ClusterMajority.of(hazelcast, "nothing (shown on the dashboard)");
    if (hazelcast != null) {
      hazelcast.getCluster().addMembershipListener(new MembershipListener() {
        @Override
        public void memberAdded(MembershipEvent event) {
          timeline.add("member-joined", "member " + describe(event.getMember()) + " joined");
        }

        @Override
        public void memberRemoved(MembershipEvent event) {
          timeline.add("member-left", "member " + describe(event.getMember()) + " left");
        }
      });
    }
  }

  /**
   * {@code {members:[{id, address, role, self, services}], safe, majority}}; {@code safe} is null while unknown,
   * {@code majority} null where the protection is off. Changes of the two since the last call go to the timeline.
   *
   * @param servicesByNode the services each node (by Vert.x node id) publishes, to name the members
   */
  JsonObject snapshot(Map<String, JsonArray> servicesByNode) {
    if (hazelcast == null) {
      return new JsonObject().put("members", new JsonArray());
    }
    JsonArray members = new JsonArray();
    for (Member member : hazelcast.getCluster().getMembers()) {
      String id = ClusterMembership.nodeIdOf(member);
      members.add(new JsonObject()
          .put("id", id)
          .put("address", member.getAddress().getHost() + ":" + member.getAddress().getPort())
          .put("role", member.isLiteMember() ? "lite" : "data")
          .put("self", member.localMember())
          .put("services", member.localMember() ? new JsonArray().add("gateway")
              : servicesByNode.getOrDefault(id, new JsonArray())));
    }
    Boolean safe = safety.snapshot().getBoolean("safe");
    Boolean inSight = majority.enforced() ? majority.seen() : null;
    if (safe != null && !safe.equals(lastSafe)) {
      timeline.add(safe ? "cluster-safe" : "cluster-migrating", safe ? "every backup in sync again"
          : "partitions migrating or backups out of sync");
    }
    if (inSight != null && lastMajority != null && !inSight.equals(lastMajority)) {
      timeline.add(inSight ? "majority-regained" : "majority-lost", inSight
          ? "a majority of data members is in sight again: writes taken" : "split-brain protection engaged: this"
          + " side sees fewer data members than CLUSTER_MIN_SIZE");
    }
    if (safe != null) {
      lastSafe = safe;
    }
    lastMajority = inSight;
    return new JsonObject().put("members", members).put("safe", safe).put("majority", inSight);
  }

  private static String describe(Member member) {
    return member.getAddress().getHost() + ":" + member.getAddress().getPort()
        + (member.isLiteMember() ? " (lite)" : " (data)");
  }
}
