package dev.vxplatform.order.reconciler;

import com.hazelcast.core.HazelcastInstance;
import dev.vxplatform.order.inventory.InventoryClient;
import dev.vxplatform.order.inventory.InventoryClientOptions;
import dev.vxplatform.order.orders.OrderStore;
import dev.vxplatform.order.orders.OwedReleases;
import dev.vxplatform.shared.cluster.ClusterMembership;
import dev.vxplatform.shared.discovery.InstanceView;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.sqlclient.Pool;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Deployed on every order-service node; only the holder of the cluster-wide lock ({@link Leadership}) reconciles.
 * The others try to take it every tick, so a dead holder is replaced once its CP session has expired, within a tick.
 * While this node must not write (it has just stalled, or it is in a minority: see {@code WriteGate}) it neither
 * reconciles nor competes for the lock, and a holder gives it back at once.
 */
public final class ReconcilerVerticle extends VerticleBase {

  private static final Logger LOG = LoggerFactory.getLogger(ReconcilerVerticle.class);

  private final ReconcilerOptions options;
  private final InventoryClientOptions inventoryOptions;
  private final InstanceView view;
  private final LeadershipListener listener;
  private final BooleanSupplier writable;
  private final Pool pool;
  private InventoryClient inventory;
  private Leadership leadership;
  private Reconciler reconciler;
  private boolean running;
  private boolean lastPassFailed;

  /**
   * @param writable false while this node must not write: no passes, no lock
   * @param pool     the database client the order queries use (owned by the caller)
   */
  public ReconcilerVerticle(ReconcilerOptions options, InventoryClientOptions inventoryOptions, InstanceView view,
      LeadershipListener listener, BooleanSupplier writable, Pool pool) {
    this.options = options;
    this.inventoryOptions = inventoryOptions;
    this.view = view;
    this.listener = listener;
    this.writable = writable;
    this.pool = pool;
  }

  @Override
  public Future<?> start() {
    ClusterMembership membership = ClusterMembership.of(vertx);
    HazelcastInstance hazelcast = membership.hazelcast();
    long tickMillis = Leadership.tickMillis(hazelcast);
    long callBudgetMillis;
    try {
      callBudgetMillis = Leadership.callBudgetMillis(hazelcast.getConfig().getCPSubsystemConfig(),
          inventoryOptions.timeoutMillis());
    } catch (IllegalArgumentException misconfigured) {
      return Future.failedFuture(misconfigured);
    }
    inventory = new InventoryClient(vertx, view, inventoryOptions, "inventory-reconciler");
    return OrderStore.open(vertx, pool).onSuccess(store -> {
      leadership = new Leadership(context, hazelcast, pool, membership.nodeId(), listener);
      reconciler = new Reconciler(store, new OwedReleases(pool), inventory, leadership, options, callBudgetMillis);
      vertx.setPeriodic(tickMillis, id -> tickLeadership());
      vertx.setPeriodic(options.intervalMillis(), id -> pass());
      tickLeadership();
    });
  }

  private void tickLeadership() {
    if (writable.getAsBoolean()) {
      leadership.tick();
    } else {
      leadership.standDown();
    }
  }

  /** True while this node holds the lock, i.e. runs the reconciler. */
  public boolean isActive() {
    return leadership != null && leadership.isHeld();
  }

  private void pass() {
    if (running || !leadership.isHeld() || !writable.getAsBoolean()) {
      return;
    }
    running = true;
    reconciler.pass()
        .onSuccess(resolved -> {
          if (resolved > 0) {
            LOG.info("Reconciler pass resolved {} order(s)", resolved);
          }
        })
        .onComplete(ar -> {
          running = false;
          if (ar.failed() && !lastPassFailed) {
            LOG.warn("Reconciler passes fail, retrying every {} ms: {}", options.intervalMillis(),
                ar.cause().getMessage());
          } else if (ar.succeeded() && lastPassFailed) {
            LOG.info("Reconciler passes succeed again");
          }
          lastPassFailed = ar.failed();
        });
  }

  /** Timers die with the deployment; the lock is handed back so another node takes over at once. */
  @Override
  public Future<?> stop() {
    if (inventory != null) {
      inventory.close();
    }
    return leadership == null ? Future.succeededFuture() : leadership.release();
  }
}
