package dev.vxplatform.order.cluster;

import com.hazelcast.config.Config;
import com.hazelcast.config.MapConfig;
import dev.vxplatform.shared.cluster.ClusterBootstrap;
import dev.vxplatform.shared.cluster.ClusterMembership;
import dev.vxplatform.shared.cluster.DurableMaps;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.List;

/**
 * Synchronous backups for the order-service's maps, configured cluster-wide at run time (Hazelcast's dynamic
 * configuration), the way inventory-service configures its stock maps: the partitions of these maps also live
 * on inventory and other data members that never run the order-service, and a partition's backups are decided
 * by the member that owns it. A static config would stay on order-service members (Hazelcast does not broadcast
 * a dynamic config equal to a static one); a member started with another {@code ORDERS_BACKUP_COUNT} fails to
 * start instead of silently disagreeing.
 *
 * <p>Writes to these maps are guarded by the split-brain protection {@link ClusterBootstrap#MAJORITY}: a partition
 * owner that sees fewer data members than {@code CLUSTER_MIN_SIZE} refuses them (a
 * {@code SplitBrainProtectionException}), so a member cut off from the others cannot create orders, claim keys or
 * take the lease in its own copy of the maps, which the split-brain merge would later copy back. Every member
 * declares that protection (see {@code ClusterBootstrap}); it is enforced only where {@code CLUSTER_MIN_SIZE} >= 2.
 */
public final class OrderMaps {

  private OrderMaps() {
  }

  public static List<MapConfig> configs(int backupCount, String... maps) {
    Config scratch = new Config();
    DurableMaps.withSyncBackups(backupCount, maps).accept(scratch);
    scratch.getMapConfigs().values().forEach(map -> map.setSplitBrainProtectionName(ClusterBootstrap.MAJORITY));
    return List.copyOf(scratch.getMapConfigs().values());
  }

  /** A cluster-wide call: on a worker, before the maps are first used. */
  public static Future<Void> applyClusterWide(Vertx vertx, int backupCount, String... maps) {
    return vertx.executeBlocking(() -> {
      Config config = ClusterMembership.of(vertx).hazelcast().getConfig();
      configs(backupCount, maps).forEach(config::addMapConfig);
      return null;
    });
  }
}
