package dev.vxplatform.inventory;

import static dev.vxplatform.shared.contract.InventoryContract.AUDIT;
import static dev.vxplatform.shared.contract.InventoryContract.COMMIT;
import static dev.vxplatform.shared.contract.InventoryContract.GET_PRODUCT;
import static dev.vxplatform.shared.contract.InventoryContract.GET_RESERVATION;
import static dev.vxplatform.shared.contract.InventoryContract.GET_STOCK;
import static dev.vxplatform.shared.contract.InventoryContract.LIST_PRODUCTS;
import static dev.vxplatform.shared.contract.InventoryContract.RELEASE;
import static dev.vxplatform.shared.contract.InventoryContract.RESERVE;
import static dev.vxplatform.shared.contract.InventoryContract.RESTOCK;
import static dev.vxplatform.shared.contract.InventoryContract.UPSERT_PRODUCT;

import com.hazelcast.core.HazelcastInstance;
import dev.vxplatform.inventory.api.BusApi;
import dev.vxplatform.inventory.api.HttpApi;
import dev.vxplatform.inventory.api.MajorityRequired;
import dev.vxplatform.inventory.api.Operation;
import dev.vxplatform.inventory.catalog.Catalog;
import dev.vxplatform.inventory.reservation.Reservations;
import dev.vxplatform.inventory.stock.Stock;
import dev.vxplatform.inventory.stock.StockMaps;
import dev.vxplatform.inventory.stock.StockStore;
import dev.vxplatform.shared.cluster.ClusterMajority;
import dev.vxplatform.shared.cluster.ClusterMembership;
import dev.vxplatform.shared.db.Database;
import dev.vxplatform.shared.db.DatabaseProbe;
import dev.vxplatform.shared.db.LoadStateRepair;
import dev.vxplatform.shared.discovery.ServiceRegistry;
import dev.vxplatform.shared.security.Access;
import dev.vxplatform.shared.web.PlatformRouter;
import dev.vxplatform.shared.web.ServiceHttpServer;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.sqlclient.Pool;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Wires the inventory-service: opens the stock maps (configuring them cluster-wide), seeds the catalog, waits
 * (bounded) for this member's catalog copy to catch up, serves the operations on the event bus and over HTTP,
 * and publishes both in discovery once they answer.
 */
public class InventoryVerticle extends VerticleBase {

  private static final Logger LOG = LoggerFactory.getLogger(InventoryVerticle.class);
  private static final long SEED_POLL_MILLIS = 500;

  private final InventoryConfig config;
  private ServiceRegistry registry;
  private Access access;
  private StockStore store;
  private Catalog catalog;
  private ServiceHttpServer server;
  private Pool pool;
  private DatabaseProbe databaseProbe;
  private UUID loadRepair;
  private ClusterMajority majority;
  private long seedTimer = -1;

  public InventoryVerticle(InventoryConfig config) {
    this.config = config;
  }

  @Override
  public Future<?> start() {
    registry = ServiceRegistry.create(vertx, config.registry());
    HazelcastInstance hazelcast = ClusterMembership.of(vertx).hazelcast();
    // The tables first: a map store may run on any member as soon as the maps are configured.
    return vertx.executeBlocking(() -> {
          Database database = Database.of(vertx);
          database.migrate(StockMaps.SCHEMA);
          return database.pool(vertx);
        })
        .compose(opened -> {
          pool = opened;
          databaseProbe = DatabaseProbe.start(vertx, pool, InventoryConfig.SERVICE_NAME);
          return StockStore.open(vertx, hazelcast, config.stockBackupCount());
        })
        .compose(opened -> {
          store = opened;
          return Catalog.open(vertx, hazelcast, store, pool);
        })
        .compose(opened -> {
          catalog = opened;
          return catalog.restore();
        })
        .compose(v -> {
          loadRepair = LoadStateRepair.watch(vertx, List.of(StockMaps.STOCK, StockMaps.RESERVATIONS));
          majority = ClusterMajority.of(hazelcast, "stock writes");
          return seedOnceMajority();
        })
        // Not published (so not ready, not routed to) until this member's catalog copy has caught up.
        .compose(v -> catalog.catchUp(config.catalogSyncMillis()))
        .compose(v -> serve(operations()));
  }

  /**
   * Seeds now, or, on a member that does not see a majority yet (the first of a cluster started one node at a time),
   * once it does: until then every stock write would be refused. It does not wait for that to start serving, since
   * the members that make the majority may be started only after this one is ready.
   */
  private Future<Void> seedOnceMajority() {
    if (majority.present()) {
      return catalog.seed(config.catalogSeed());
    }
    LOG.info("Seeding the catalog once this member sees CLUSTER_MIN_SIZE data members");
    seedLater();
    return Future.succeededFuture();
  }

  private void seedLater() {
    seedTimer = vertx.setTimer(SEED_POLL_MILLIS, id -> {
      if (!majority.present()) {
        seedLater();
        return;
      }
      catalog.seed(config.catalogSeed()).onFailure(failure -> {
        LOG.warn("Seeding the catalog failed ({}); trying again", failure.toString());
        seedLater();
      });
    });
  }

  private Map<String, Operation> operations() {
    Stock stock = new Stock(store, pool, majority);
    Reservations reservations = new Reservations(vertx, store, catalog::contains, config.maxQtyPerLine(),
        config.maxLines(), config.reservationLeaseMillis());
    Map<String, Operation> operations = new TreeMap<>();
    // Writes need a majority in sight; a stock read in a minority goes to the table (see Stock).
    operations.put(RESERVE, MajorityRequired.guard(majority, reservations::reserve));
    operations.put(RELEASE, MajorityRequired.guard(majority, reservations::release));
    operations.put(COMMIT, MajorityRequired.guard(majority, reservations::commit));
    operations.put(GET_RESERVATION, reservations::get);
    operations.put(LIST_PRODUCTS, catalog::list);
    operations.put(GET_PRODUCT, catalog::get);
    operations.put(UPSERT_PRODUCT, MajorityRequired.guard(majority, catalog::upsert));
    operations.put(GET_STOCK, stock::get);
    operations.put(RESTOCK, MajorityRequired.guard(majority, stock::restock));
    operations.put(AUDIT, stock::audit);
    return operations;
  }

  /** Consumers first, then the event-bus record; the HTTP server publishes its record once it listens. */
  private Future<?> serve(Map<String, Operation> operations) {
    Router router = PlatformRouter.create(vertx, registry);
    JsonObject busMetadata = new JsonObject().put("addresses", new JsonArray(operations.keySet().stream().toList()));
    return Access.open(vertx, config.http().auth())
        .compose(opened -> {
          access = opened;
          HttpApi.mount(router, access, operations);
          return BusApi.register(vertx, operations);
        })
        .compose(v -> registry.publishEventBusService(InventoryConfig.SERVICE_NAME, RESERVE, busMetadata))
        .compose(v -> ServiceHttpServer.start(vertx, router, config.http(), registry, InventoryConfig.SERVICE_NAME,
            new JsonObject()))
        .onSuccess(started -> server = started);
  }

  /** The port actually bound (useful when configured with port 0). */
  public int port() {
    return server.port();
  }

  @Override
  public Future<?> stop() {
    vertx.cancelTimer(seedTimer);
    LoadStateRepair.stop(vertx, loadRepair);
    if (databaseProbe != null) {
      databaseProbe.stop();
    }
    if (access != null) {
      access.close();
    }
    return (server == null ? registry.close() : server.stop())
        .eventually(() -> pool == null ? Future.succeededFuture() : pool.close());
  }
}
