package dev.vxplatform.inventory;

import dev.vxplatform.shared.cluster.DurableMaps;
import dev.vxplatform.shared.config.Env;
import dev.vxplatform.shared.discovery.RegistryOptions;
import dev.vxplatform.shared.web.HttpConfig;
import java.util.Map;

/**
 * Configuration of the inventory-service, read once from environment variables (see the module README).
 *
 * @param http                   {@code HTTP_HOST}, {@code HTTP_PORT} (default {@value #DEFAULT_HTTP_PORT}),
 *                               {@code PUBLIC_HOST}
 * @param registry               {@code DISCOVERY_LEASE_MS}, {@code DISCOVERY_REFRESH_MS}, {@code SERVICE_VERSION}
 * @param stockBackupCount       {@code STOCK_BACKUP_COUNT} (default 1): synchronous backups of the stock and
 *                               reservation maps; every inventory member must use the same value
 * @param maxQtyPerLine          {@code MAX_QTY_PER_LINE} (default {@value #DEFAULT_MAX_QTY_PER_LINE}): the
 *                               largest quantity of one sku in one reservation
 * @param maxLines               {@code MAX_LINES_PER_RESERVATION} (default {@value #DEFAULT_MAX_LINES}): the
 *                               most skus in one reservation
 * @param reservationLeaseMillis {@code RESERVATION_LEASE_MS} (default {@value #DEFAULT_RESERVATION_LEASE_MILLIS}):
 *                               how long a reservation attempt owns its order before a duplicate may take it
 *                               over (an attempt normally takes milliseconds; this covers a crashed coordinator)
 * @param catalogSeed            {@code CATALOG_SEED}: a JSON file of {@code [{sku, name, priceCents, stock}]}
 *                               to seed from; empty (default) means the bundled {@code catalog-seed.json}
 * @param catalogSyncMillis      {@code CATALOG_SYNC_TIMEOUT_MS} (default {@value #DEFAULT_CATALOG_SYNC_MILLIS}):
 *                               how long a starting node waits for its catalog copy to catch up before it
 *                               publishes itself anyway (with a WARN)
 */
public record InventoryConfig(
    HttpConfig http,
    RegistryOptions registry,
    int stockBackupCount,
    int maxQtyPerLine,
    int maxLines,
    long reservationLeaseMillis,
    String catalogSeed,
    long catalogSyncMillis) {

  public static final String SERVICE_NAME = "inventory-service";
  public static final int DEFAULT_HTTP_PORT = 8082;
  public static final int DEFAULT_MAX_QTY_PER_LINE = 100;
  public static final int DEFAULT_MAX_LINES = 50;
  public static final long DEFAULT_RESERVATION_LEASE_MILLIS = 10_000;
  public static final long DEFAULT_CATALOG_SYNC_MILLIS = 15_000;

  public InventoryConfig {
    if (stockBackupCount < 0 || stockBackupCount > 6) {
      throw new IllegalArgumentException("STOCK_BACKUP_COUNT must be 0..6, got " + stockBackupCount);
    }
    if (maxQtyPerLine < 1 || maxLines < 1 || reservationLeaseMillis < 100) {
      throw new IllegalArgumentException("MAX_QTY_PER_LINE and MAX_LINES_PER_RESERVATION must be positive,"
          + " RESERVATION_LEASE_MS at least 100");
    }
    if (catalogSyncMillis < 0) {
      throw new IllegalArgumentException("CATALOG_SYNC_TIMEOUT_MS must not be negative");
    }
  }

  public static InventoryConfig fromEnv(Map<String, String> vars) {
    Env env = Env.of(vars);
    return new InventoryConfig(
        HttpConfig.fromEnv(vars, DEFAULT_HTTP_PORT),
        RegistryOptions.fromEnv(vars),
        env.integer("STOCK_BACKUP_COUNT", DurableMaps.DEFAULT_BACKUP_COUNT),
        env.integer("MAX_QTY_PER_LINE", DEFAULT_MAX_QTY_PER_LINE),
        env.integer("MAX_LINES_PER_RESERVATION", DEFAULT_MAX_LINES),
        env.number("RESERVATION_LEASE_MS", DEFAULT_RESERVATION_LEASE_MILLIS),
        env.string("CATALOG_SEED", ""),
        env.number("CATALOG_SYNC_TIMEOUT_MS", DEFAULT_CATALOG_SYNC_MILLIS));
  }

  /** A free port on loopback and default limits: what tests deploy. */
  public static InventoryConfig forTests() {
    return new InventoryConfig(HttpConfig.ephemeral(), RegistryOptions.defaults(), DurableMaps.DEFAULT_BACKUP_COUNT,
        DEFAULT_MAX_QTY_PER_LINE, DEFAULT_MAX_LINES, DEFAULT_RESERVATION_LEASE_MILLIS, "",
        DEFAULT_CATALOG_SYNC_MILLIS);
  }

  public InventoryConfig withReservationLease(long millis) {
    return new InventoryConfig(http, registry, stockBackupCount, maxQtyPerLine, maxLines, millis, catalogSeed,
        catalogSyncMillis);
  }

  public InventoryConfig withStockBackupCount(int count) {
    return new InventoryConfig(http, registry, count, maxQtyPerLine, maxLines, reservationLeaseMillis, catalogSeed,
        catalogSyncMillis);
  }

  public InventoryConfig withCatalogSync(long syncMillis) {
    return new InventoryConfig(http, registry, stockBackupCount, maxQtyPerLine, maxLines, reservationLeaseMillis,
        catalogSeed, syncMillis);
  }
}
