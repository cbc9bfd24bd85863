package dev.vxplatform.order.cluster;

import com.hazelcast.config.Config;
import com.hazelcast.config.EvictionConfig;
import com.hazelcast.config.EvictionPolicy;
import com.hazelcast.config.MapConfig;
import com.hazelcast.config.MapStoreConfig;
import com.hazelcast.config.MaxSizePolicy;
import com.hazelcast.config.MetadataPolicy;
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
 * {@code SplitBrainProtectionException}), so a member cut off from the others cannot create or change orders in
 * its own copy of the maps, which the split-brain merge would later copy back. Every member
 * declares that protection (see {@code ClusterBootstrap}); it is enforced only where {@code CLUSTER_MIN_SIZE} >= 2.
 */
public final class OrderMaps {

  private OrderMaps() {
  }

  /** Synchronous backups ({@link DurableMaps}) and the split-brain protection {@link ClusterBootstrap#MAJORITY}. */
  public static MapConfig durable(String map, int backupCount) {
    Config scratch = new Config();
    DurableMaps.withSyncBackups(backupCount, map).accept(scratch);
    return scratch.getMapConfig(map).setSplitBrainProtectionName(ClusterBootstrap.MAJORITY);
  }

  /**
   * As {@link #durable}, kept in the database by {@code store} (write-through: a write is acknowledged once the
   * database has it) and in memory only up to {@code maxPerNode} entries per member, least recently used evicted
   * first; an evicted entry is loaded back from the table when it is next asked for.
   */
  public static MapConfig persistent(String map, int backupCount, int maxPerNode, MapStoreConfig store) {
    // No JSON metadata: Hazelcast builds it for each JSON value so that queries can read it (a third of the heap per
    // order, measured), and nothing queries these maps: questions about many orders go to the table.
    return durable(map, backupCount)
        .setMetadataPolicy(MetadataPolicy.OFF)
        .setMapStoreConfig(store)
        .setEvictionConfig(new EvictionConfig().setEvictionPolicy(EvictionPolicy.LRU)
            .setMaxSizePolicy(MaxSizePolicy.PER_NODE).setSize(maxPerNode));
  }

  /** A cluster-wide call: on a worker, before the maps are first used. */
  public static Future<Void> applyClusterWide(Vertx vertx, List<MapConfig> maps) {
    return vertx.executeBlocking(() -> {
      Config config = ClusterMembership.of(vertx).hazelcast().getConfig();
      maps.forEach(config::addMapConfig);
      return null;
    });
  }
}
