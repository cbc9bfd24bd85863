package dev.vxplatform.order;

import com.hazelcast.config.MapConfig;
import dev.vxplatform.order.cluster.OrderMaps;
import dev.vxplatform.order.cluster.WriteGate;
import dev.vxplatform.order.inventory.InventoryClient;
import dev.vxplatform.order.orders.IdempotentOrders;
import dev.vxplatform.order.orders.OrderRoutes;
import dev.vxplatform.order.orders.OrderSaga;
import dev.vxplatform.order.orders.OrderStore;
import dev.vxplatform.order.orders.OwedReleases;
import dev.vxplatform.order.reconciler.LeadershipListener;
import dev.vxplatform.order.reconciler.ReconcilerVerticle;
import dev.vxplatform.shared.cluster.ClusterMembership;
import dev.vxplatform.shared.contract.InventoryContract;
import dev.vxplatform.shared.db.Database;
import dev.vxplatform.shared.db.DatabaseProbe;
import dev.vxplatform.shared.db.LoadStateRepair;
import dev.vxplatform.shared.discovery.ServiceRegistry;
import dev.vxplatform.shared.security.Access;
import dev.vxplatform.shared.tracing.Spans;
import dev.vxplatform.shared.web.PlatformRouter;
import dev.vxplatform.shared.web.ServiceHttpServer;
import io.vertx.circuitbreaker.CircuitBreakerState;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.sqlclient.Pool;
import java.util.List;
import java.util.UUID;

/**
 * Wires the order-service: migrates its tables, configures its maps cluster-wide (kept in those tables), mounts the order routes on the platform router
 * with the inventory client and idempotency, and deploys the reconciler as a child verticle (undeployed,
 * giving its lock back, before this one stops serving). Writes pass a {@link WriteGate} (the JVM's freeze watch, the
 * cluster majority).
 */
public class OrderVerticle extends VerticleBase {

  /** The database schema of the order-service's tables (migrations: {@code db/orders}). */
  public static final String SCHEMA = "orders";

  private final OrderConfig config;
  private final LeadershipListener leadershipListener;
  private ServiceHttpServer server;
  private ServiceRegistry registry;
  private Access access;
  private InventoryClient inventory;
  private ReconcilerVerticle reconciler;
  private WriteGate gate;
  private Pool pool;
  private DatabaseProbe databaseProbe;
  private UUID loadRepair;

  public OrderVerticle(OrderConfig config) {
    this(config, LeadershipListener.logging());
  }

  /** @param leadershipListener told when this node starts and stops running the reconciler */
  public OrderVerticle(OrderConfig config, LeadershipListener leadershipListener) {
    this.config = config;
    this.leadershipListener = leadershipListener;
  }

  @Override
  public Future<?> start() {
    registry = ServiceRegistry.create(vertx, config.registry());
    inventory = new InventoryClient(vertx, registry.view(), config.inventory(), "inventory-orders");
    Router router = PlatformRouter.create(vertx, registry);
    gate = WriteGate.of(vertx);
    List<MapConfig> maps = List.of(OrderStore.mapConfig(config.backupCount(), config.maxEntriesPerNode()));
    // The tables first: a map store may run on any member as soon as the maps are configured.
    return vertx.executeBlocking(() -> {
          Database database = Database.of(vertx);
          database.migrate(SCHEMA);
          return database.pool(vertx);
        })
        .compose(opened -> {
          pool = opened;
          databaseProbe = DatabaseProbe.start(vertx, pool, OrderConfig.SERVICE_NAME);
          return OrderMaps.applyClusterWide(vertx, maps);
        })
        .compose(v -> Future.all(OrderStore.open(vertx, pool), Access.open(vertx, config.http().auth())))
        .compose(opened -> {
          OrderStore store = opened.resultAt(0);
          access = opened.resultAt(1);
          OrderSaga saga = new OrderSaga(store, new OwedReleases(pool), inventory, Spans.of(vertx),
              config.inventory().retryAfterSeconds());
          OrderRoutes.mount(router, access, saga, store,
              new IdempotentOrders(vertx, config.idempotency(), store, saga), gate);
          loadRepair = LoadStateRepair.watch(vertx, List.of(OrderStore.MAP));
          return startReconciler(registry);
        })
        .compose(v -> ServiceHttpServer.start(vertx, router, config.http(), registry, OrderConfig.SERVICE_NAME,
            new JsonObject()))
        .onSuccess(started -> server = started);
  }

  private Future<Void> startReconciler(ServiceRegistry registry) {
    if (!config.reconciler().enabled()) {
      return Future.succeededFuture();
    }
    reconciler = new ReconcilerVerticle(config.reconciler(), config.inventory(), registry.view(),
        leadershipListener.and(LeadershipListener.announcing(vertx.eventBus())),
        gate::isOpen, pool);
    return vertx.deployVerticle(reconciler).mapEmpty();
  }

  /** The port actually bound (useful when configured with port 0). */
  public int port() {
    return server.port();
  }

  /** True while discovery shows this node an inventory event-bus service (else orders get 503 at once). */
  public boolean seesInventory() {
    return registry != null && registry.view().instances(InventoryContract.SERVICE).stream()
        .anyMatch(instance -> !instance.isHttp());
  }

  /** The state of this node's circuit to inventory (for request handling). */
  public CircuitBreakerState inventoryCircuit() {
    return inventory.state();
  }

  /** True while this node refuses writes (it has just stalled, or it is in a cluster minority). */
  public boolean refusesWrites() {
    return gate != null && !gate.isOpen();
  }

  /** True while this node runs the reconciler. */
  public boolean runsReconciler() {
    return reconciler != null && reconciler.isActive();
  }

  /** Unpublish and drain first, then drop the breaker's timers and the database client. */
  @Override
  public Future<?> stop() {
    Future<Void> drained = server == null ? Future.succeededFuture() : server.stop();
    return drained.eventually(() -> {
      LoadStateRepair.stop(vertx, loadRepair);
      if (databaseProbe != null) {
        databaseProbe.stop();
      }
      if (inventory != null) {
        inventory.close();
      }
      if (access != null) {
        access.close();
      }
      return pool == null ? Future.succeededFuture() : pool.close();
    });
  }
}
