package dev.vxplatform.inventory.stock;

import com.hazelcast.config.Config;
import com.hazelcast.config.InMemoryFormat;
import com.hazelcast.config.MapConfig;
import com.hazelcast.core.HazelcastInstance;
import dev.vxplatform.shared.cluster.DurableMaps;
import java.util.List;

/**
 * The inventory's Hazelcast maps and their configuration.
 *
 * <p>The configuration is added at run time (Hazelcast's dynamic configuration), not in the member's static
 * config: stock partitions also live on members that never run the inventory-service (order-service JVMs are
 * data members), and the backup count of a partition is decided by the member that owns it. A dynamic config
 * reaches every current member and every member that joins later; a static one would stay on inventory members
 * (Hazelcast does not broadcast a dynamic config equal to a static one). An inventory member started with a
 * different {@code STOCK_BACKUP_COUNT} fails to start instead of silently disagreeing.
 */
public final class StockMaps {

  /** sku → {@code StockRecord}: counters and holds. */
  public static final String STOCK = "inventory.stock";
  /** order id → {@code ReservationRecord}: the order-level decisions. */
  public static final String RESERVATIONS = "inventory.reservations";
  /** sku → product JSON, in a ReplicatedMap (every member reads locally). */
  public static final String CATALOG = "inventory.catalog";

  private StockMaps() {
  }

  /**
   * Sync backups and no reads from backups ({@link DurableMaps}), values kept as objects: a processor then
   * changes a record in place on the primary and on each backup, without deserializing and serializing every
   * hold of the sku on each change.
   */
  public static List<MapConfig> configs(int backupCount) {
    Config scratch = new Config();
    DurableMaps.withSyncBackups(backupCount, STOCK, RESERVATIONS).accept(scratch);
    return scratch.getMapConfigs().values().stream()
        .map(config -> new MapConfig(config).setInMemoryFormat(InMemoryFormat.OBJECT))
        .toList();
  }

  /** Blocking (a cluster-wide call): run it off the event loop, before the maps are first used. */
  static void applyClusterWide(HazelcastInstance hazelcast, int backupCount) {
    for (MapConfig config : configs(backupCount)) {
      hazelcast.getConfig().addMapConfig(config);
    }
  }
}
