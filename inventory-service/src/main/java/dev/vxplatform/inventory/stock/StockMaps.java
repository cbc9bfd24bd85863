package dev.vxplatform.inventory.stock;

import com.hazelcast.config.Config;
import com.hazelcast.config.EvictionConfig;
import com.hazelcast.config.EvictionPolicy;
import com.hazelcast.config.InMemoryFormat;
import com.hazelcast.config.MapConfig;
import com.hazelcast.config.MaxSizePolicy;
import com.hazelcast.config.MergePolicyConfig;
import com.hazelcast.core.HazelcastInstance;
import dev.vxplatform.shared.cluster.ClusterBootstrap;
import dev.vxplatform.shared.cluster.DurableMaps;
import dev.vxplatform.shared.contract.stock.ReservationRecordMerge;
import dev.vxplatform.shared.contract.stock.ReservationRecordStore;
import dev.vxplatform.shared.contract.stock.StockRecordMerge;
import dev.vxplatform.shared.contract.stock.StockRecordStore;
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
  /** The database schema of the inventory's tables (migrations: {@code db/inventory}). */
  public static final String SCHEMA = "inventory";
  /**
   * Reservation records each member keeps in memory at most (least recently used evicted first; the table keeps
   * every one, and they load back when asked for). Stock records are one per sku and all stay in memory.
   */
  public static final int MAX_RESERVATIONS_PER_NODE = 10_000;

  private StockMaps() {
  }

  /**
   * Sync backups and no reads from backups ({@link DurableMaps}), merged after a split brain record by record, hold by
   * hold ({@link StockRecordMerge}, {@link ReservationRecordMerge}) instead of the newer copy whole, values kept as
   * objects: a processor then
   * changes a record in place on the primary and on each backup, without deserializing and serializing every
   * hold of the sku on each change. Both write through to their tables (a change is acknowledged once the
   * database has it) and load from them.
   *
   * <p>They do not name the split-brain protection {@link ClusterBootstrap#MAJORITY}, as the order maps do: Hazelcast
   * counts the map loader's own puts as writes, so a member that sees no majority when it first touches the stock map
   * (the first member of a cluster started one node at a time) could never load the skus, and every later call on
   * the map waits for that load. The inventory-service refuses stock writes itself instead, before any
   * ({@code MajorityRequired}), and it is the only writer of these maps.
   */
  public static List<MapConfig> configs(int backupCount) {
    Config scratch = new Config();
    int batch = MergePolicyConfig.DEFAULT_BATCH_SIZE;
    DurableMaps.withSyncBackups(backupCount, STOCK, RESERVATIONS).accept(scratch);
    MapConfig stock = new MapConfig(scratch.getMapConfig(STOCK)).setInMemoryFormat(InMemoryFormat.OBJECT)
        .setMapStoreConfig(StockRecordStore.config(SCHEMA + ".stock", SCHEMA + ".holds"))
        .setMergePolicyConfig(new MergePolicyConfig(StockRecordMerge.class.getName(), batch));
    MapConfig reservations = new MapConfig(scratch.getMapConfig(RESERVATIONS)).setInMemoryFormat(InMemoryFormat.OBJECT)
        .setMapStoreConfig(ReservationRecordStore.config(SCHEMA + ".reservations"))
        .setMergePolicyConfig(new MergePolicyConfig(ReservationRecordMerge.class.getName(), batch))
        .setEvictionConfig(new EvictionConfig().setEvictionPolicy(EvictionPolicy.LRU)
            .setMaxSizePolicy(MaxSizePolicy.PER_NODE).setSize(MAX_RESERVATIONS_PER_NODE));
    return List.of(stock, reservations);
  }

  /** Blocking (a cluster-wide call): run it off the event loop, before the maps are first used. */
  static void applyClusterWide(HazelcastInstance hazelcast, int backupCount) {
    for (MapConfig config : configs(backupCount)) {
      hazelcast.getConfig().addMapConfig(config);
    }
  }
}
