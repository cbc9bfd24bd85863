package dev.vxplatform.order.reconciler;

import com.hazelcast.map.IMap;
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
 * Deployed on every order-service node; only the holder of the cluster-wide {@link Lease} reconciles. The others
 * try to acquire it every renewal period, so a dead holder is replaced within a lease time and a renewal period.
 * While this node must not write (it has just stalled, or it is in a minority: see {@code WriteGate}) it neither
 * reconciles nor competes for the lease, and a holder stands down at once.
 */
public final class ReconcilerVerticle extends VerticleBase {

  /** The IMap holding the lease (give it synchronous backups, like the orders). */
  public static final String LEASE_MAP = Lease.MAP;
  private static final Logger LOG = LoggerFactory.getLogger(ReconcilerVerticle.class);

  private final ReconcilerOptions options;
  private final InventoryClientOptions inventoryOptions;
  private final InstanceView view;
  private final LeaseListener listener;
  private final BooleanSupplier writable;
  private final Pool pool;
  private InventoryClient inventory;
  private Lease lease;
  private Reconciler reconciler;
  private boolean running;
  private boolean lastPassFailed;

  /**
   * @param writable false while this node must not write: no passes, no lease
   * @param pool     the database client the order queries use (owned by the caller)
   */
  public ReconcilerVerticle(ReconcilerOptions options, InventoryClientOptions inventoryOptions, InstanceView view,
      LeaseListener listener, BooleanSupplier writable, Pool pool) {
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
    inventory = new InventoryClient(vertx, view, inventoryOptions, "inventory-reconciler");
    Future<IMap<String, String>> leaseMap = vertx.executeBlocking(
        () -> membership.hazelcast().<String, String>getMap(LEASE_MAP));
    return Future.all(OrderStore.open(vertx, pool), leaseMap).onSuccess(maps -> {
      lease = new Lease(vertx, maps.resultAt(1), membership.nodeId(), options, listener);
      reconciler = new Reconciler(maps.resultAt(0), new OwedReleases(pool), inventory, lease, options,
          inventoryOptions.timeoutMillis());
      vertx.setPeriodic(options.renewMillis(), id -> tickLease());
      vertx.setPeriodic(options.intervalMillis(), id -> pass());
      tickLease();
    });
  }

  private void tickLease() {
    if (writable.getAsBoolean()) {
      lease.tick();
    } else {
      lease.standDown();
    }
  }

  /** True while this node holds the lease, i.e. runs the reconciler. */
  public boolean isActive() {
    return lease != null && lease.isHeld();
  }

  private void pass() {
    if (running || !lease.isHeld() || !writable.getAsBoolean()) {
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

  /** Timers die with the deployment; the lease is handed back so another node takes over at once. */
  @Override
  public Future<?> stop() {
    inventory.close();
    return lease == null ? Future.succeededFuture() : lease.release();
  }
}
