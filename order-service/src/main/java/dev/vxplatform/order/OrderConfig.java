package dev.vxplatform.order;

import dev.vxplatform.order.idempotency.IdempotencyOptions;
import dev.vxplatform.order.inventory.InventoryClientOptions;
import dev.vxplatform.order.reconciler.ReconcilerOptions;
import dev.vxplatform.shared.cluster.ClusterConfig;
import dev.vxplatform.shared.cluster.DurableMaps;
import dev.vxplatform.shared.config.Env;
import dev.vxplatform.shared.discovery.RegistryOptions;
import dev.vxplatform.shared.web.HttpConfig;
import java.util.Map;

/**
 * Configuration of the order-service, read once from environment variables (all listed in the module README).
 *
 * @param http        {@code HTTP_HOST}, {@code HTTP_PORT} (default {@value #DEFAULT_HTTP_PORT}), {@code PUBLIC_HOST}
 * @param registry    {@code DISCOVERY_LEASE_MS}, {@code DISCOVERY_REFRESH_MS}, {@code SERVICE_VERSION}
 * @param inventory   {@code INVENTORY_TIMEOUT_MS}, {@code INVENTORY_BREAKER_MAX_FAILURES}, {@code INVENTORY_BREAKER_RESET_MS}
 * @param idempotency {@code IDEMPOTENCY_WAIT_MS}, {@code IDEMPOTENCY_STALE_MS}
 * @param reconciler  {@code RECONCILER_ENABLED}, {@code RECONCILER_INTERVAL_MS}, {@code RECONCILER_PENDING_AFTER_MS},
 *                    {@code RECONCILER_BATCH}
 * @param backupCount {@code ORDERS_BACKUP_COUNT} (default 1): synchronous backups of the order-service's maps
 * @param maxEntriesPerNode {@code ORDERS_MAX_ENTRIES_PER_NODE} (default {@value #DEFAULT_MAX_ENTRIES_PER_NODE}): orders
 *                    each member keeps in memory at most (least recently used evicted first; the database keeps
 *                    them all and they load back when asked for). Sized for the launcher's 192 MB heap: with their
 *                    backups about 10 MB per member.
 */
public record OrderConfig(HttpConfig http, RegistryOptions registry, InventoryClientOptions inventory,
    IdempotencyOptions idempotency, ReconcilerOptions reconciler, int backupCount,
    int maxEntriesPerNode) {

  public static final String SERVICE_NAME = "order-service";
  public static final int DEFAULT_MAX_ENTRIES_PER_NODE = 10_000;

  public OrderConfig {
    if (maxEntriesPerNode < 1) {
      throw new IllegalArgumentException("ORDERS_MAX_ENTRIES_PER_NODE must be at least 1");
    }
  }
  public static final int DEFAULT_HTTP_PORT = 8081;

  public static OrderConfig fromEnv(Map<String, String> vars) {
    Env env = Env.of(vars);
    InventoryClientOptions inventory = new InventoryClientOptions(
        env.number("INVENTORY_TIMEOUT_MS", InventoryClientOptions.DEFAULT_TIMEOUT_MILLIS),
        env.integer("INVENTORY_BREAKER_MAX_FAILURES", InventoryClientOptions.DEFAULT_MAX_FAILURES),
        env.number("INVENTORY_BREAKER_RESET_MS", InventoryClientOptions.DEFAULT_RESET_MILLIS));
    IdempotencyOptions idempotency = new IdempotencyOptions(
        env.number("IDEMPOTENCY_WAIT_MS", IdempotencyOptions.DEFAULT_WAIT_MILLIS),
        env.number("IDEMPOTENCY_STALE_MS", IdempotencyOptions.DEFAULT_STALE_MILLIS),
        IdempotencyOptions.DEFAULT_POLL_MILLIS);
    ReconcilerOptions reconciler = new ReconcilerOptions(
        env.flag("RECONCILER_ENABLED", true),
        env.number("RECONCILER_INTERVAL_MS", ReconcilerOptions.DEFAULT_INTERVAL_MILLIS),
        env.number("RECONCILER_PENDING_AFTER_MS", ReconcilerOptions.DEFAULT_PENDING_AFTER_MILLIS),
        env.integer("RECONCILER_BATCH", ReconcilerOptions.DEFAULT_BATCH_SIZE));
    return new OrderConfig(HttpConfig.fromEnv(vars, DEFAULT_HTTP_PORT), RegistryOptions.fromEnv(vars), inventory,
        idempotency, reconciler, env.integer("ORDERS_BACKUP_COUNT", DurableMaps.DEFAULT_BACKUP_COUNT),
        env.integer("ORDERS_MAX_ENTRIES_PER_NODE", DEFAULT_MAX_ENTRIES_PER_NODE));
  }

  /** A free port on loopback and default timings: what tests deploy. */
  public static OrderConfig forTests() {
    return new OrderConfig(HttpConfig.ephemeral(), RegistryOptions.defaults(), InventoryClientOptions.defaults(),
        IdempotencyOptions.defaults(), ReconcilerOptions.defaults(), DurableMaps.DEFAULT_BACKUP_COUNT,
        DEFAULT_MAX_ENTRIES_PER_NODE);
  }

  public OrderConfig withInventory(InventoryClientOptions options) {
    return new OrderConfig(http, registry, options, idempotency, reconciler, backupCount,
        maxEntriesPerNode);
  }

  public OrderConfig withIdempotency(IdempotencyOptions options) {
    return new OrderConfig(http, registry, inventory, options, reconciler, backupCount,
        maxEntriesPerNode);
  }

  public OrderConfig withReconciler(ReconcilerOptions options) {
    return new OrderConfig(http, registry, inventory, idempotency, options, backupCount,
        maxEntriesPerNode);
  }

  /** Fewer orders in memory per member: tests force eviction with a tiny number. */
  public OrderConfig withMaxEntriesPerNode(int entries) {
    return new OrderConfig(http, registry, inventory, idempotency, reconciler, backupCount, entries);
  }
}
