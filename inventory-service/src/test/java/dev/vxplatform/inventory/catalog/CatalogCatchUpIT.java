package dev.vxplatform.inventory.catalog;

import static dev.vxplatform.shared.testing.TestCluster.await;
import static org.assertj.core.api.Assertions.assertThat;

import com.hazelcast.replicatedmap.ReplicatedMap;
import dev.vxplatform.inventory.InventoryConfig;
import dev.vxplatform.inventory.InventoryTesting;
import dev.vxplatform.inventory.InventoryTesting.Response;
import dev.vxplatform.inventory.stock.StockMaps;
import dev.vxplatform.shared.cluster.ClusterMembership;
import dev.vxplatform.shared.contract.InventoryContract;
import dev.vxplatform.shared.contract.stock.StockMutation;
import dev.vxplatform.shared.contract.stock.StockRecord;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.servicediscovery.Record;
import io.vertx.servicediscovery.ServiceDiscovery;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer.OrderAnnotation;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * A node whose catalog copy lags (it just started, a product was just created elsewhere, or a merge brought its
 * copy back incomplete) neither reports ready nor answers 404 for products that exist: a miss asks the table. In
 * one JVM replication takes milliseconds, too fast to catch reliably, so the gap is made on purpose through the
 * real maps and table: a stock record is created without its product (as {@code Catalog.upsert} does for a
 * moment), and the product is written later, to the table only, or never.
 */
@TestMethodOrder(OrderAnnotation.class)
class CatalogCatchUpIT {

  private static final long SYNC_MILLIS = 30_000;
  /** How long a test looks at something that must not happen yet. */
  private static final long WINDOW_MILLIS = 1_500;
  private static final InventoryConfig CONFIG = InventoryConfig.forTests()
      .withCatalogSync(SYNC_MILLIS);

  private static InventoryTesting inventory;
  private static Vertx nodeA;
  private static int portOfA;
  private static int portOfB;

  @BeforeAll
  static void start() {
    inventory = InventoryTesting.start(2, CONFIG);
    nodeA = inventory.node(0);
    portOfA = inventory.port(0);
    portOfB = inventory.port(1);
  }

  @AfterAll
  static void stop() {
    inventory.close();
  }

  @Test
  @Order(1)
  void aStartingNodeIsNotPublishedUntilItsCatalogCopyHasCaughtUp() {
    assertThat(inventory.http(HttpMethod.PUT, portOfA, "/products/RUNTIME-1", product("RUNTIME-1")).status())
        .isEqualTo(201);
    stockWithoutProduct("LATE-JOIN", 0);

    Vertx nodeC = inventory.cluster.join(false);
    Future<Integer> deployed = inventory.deployAsync(nodeC, CONFIG);
    await(nodeA.timer(WINDOW_MILLIS));
    assertThat(deployed.isComplete()).as("started while its copy lacks LATE-JOIN").isFalse();
    assertThat(recordsOf(nodeC)).isEmpty();

    long arrival = System.currentTimeMillis();
    writeProduct("LATE-JOIN");
    int portOfC = await(deployed);

    assertThat(System.currentTimeMillis() - arrival).as("started once the product arrived").isLessThan(10_000);
    assertThat(recordsOf(nodeC)).extracting(Record::getType)
        .containsExactlyInAnyOrder("http-endpoint", "eventbus-service-proxy");
    assertThat(inventory.get(portOfC, "/health/ready").status()).isEqualTo(200);
    Response runtime = inventory.get(portOfC, "/products/RUNTIME-1");
    assertThat(runtime.status()).as(runtime.toString()).isEqualTo(200);
    assertThat(runtime.json().getString("name")).isEqualTo("Product RUNTIME-1");
    assertThat(inventory.get(portOfC, "/products/LATE-JOIN").status()).isEqualTo(200);
    inventory.cluster.closeNode(nodeC);
  }

  @Test
  @Order(2)
  void aProductMissingFromThisNodesCopyIsAnsweredFromTheTable() throws SQLException {
    stockWithoutProduct("TABLE-2", 0);
    JsonObject stored = product("TABLE-2").put("sku", "TABLE-2");
    inventory.sql("INSERT INTO inventory.products (sku, doc) VALUES ('TABLE-2', '" + stored.encode() + "')");

    Response answer = inventory.get(portOfB, "/products/TABLE-2");

    assertThat(answer.status()).as(answer.toString()).isEqualTo(200);
    assertThat(answer.json()).isEqualTo(stored);
    assertThat(copyOf(inventory.node(1)).containsKey("TABLE-2")).as("answered from B's copy").isFalse();
  }

  @Test
  @Order(3)
  void aSkuThatExistsNowhereIsStillA404WithoutWaiting() {
    long start = System.currentTimeMillis();
    Response missing = inventory.get(portOfB, "/products/NOWHERE-1");

    assertThat(missing.status()).isEqualTo(404);
    assertThat(missing.isProblem()).isTrue();
    assertThat(missing.json().getString("title")).isEqualTo("Unknown sku");
    assertThat(System.currentTimeMillis() - start).isLessThan(Catalog.TABLE_PATIENCE_MILLIS);
  }

  @Test
  @Order(4)
  void aProductJustCreatedOnAnotherNodeCanBeReservedAtOnce() {
    inventory.product(portOfA, "FRESH-1", 3);
    Response fresh = inventory.http(HttpMethod.POST, portOfB, "/reservations",
        InventoryTesting.reservation("order-fresh-1", "FRESH-1", 2));
    assertThat(fresh.status()).as(fresh.toString()).isEqualTo(201);

    stockWithoutProduct("LATE-3", 5); // the gap made on purpose: no product on any node
    Response late = inventory.http(HttpMethod.POST, portOfB, "/reservations",
        InventoryTesting.reservation("order-late-3", "LATE-3", 2));
    assertThat(late.status()).as(late.toString()).isEqualTo(201);
    assertThat(late.json().getString("state")).isEqualTo("RESERVED");
  }

  @Test
  @Order(5)
  void aProductWhoseWriteNeverReachedTheTableIsA404() {
    stockWithoutProduct("NEVER-5", 0); // its PUT was refused after the stock record: nothing was created

    Response http = inventory.get(portOfB, "/products/NEVER-5");

    assertThat(http.status()).as(http.toString()).isEqualTo(404);
    assertThat(http.isProblem()).isTrue();
  }

  @Test
  @Order(6)
  void aMissWhileTheTableDoesNotAnswerIsA503WithRetryAfterWithinThePatience() throws SQLException {
    try (Connection locker = inventory.connectToDatabase()) {
      locker.setAutoCommit(false);
      locker.createStatement().execute("LOCK TABLE inventory.products IN ACCESS EXCLUSIVE MODE");
      long start = System.currentTimeMillis();
      Response http = inventory.get(portOfB, "/products/LOCKED-6");
      long tookMillis = System.currentTimeMillis() - start;
      Throwable bus = await(inventory.requestAsync(nodeA, InventoryContract.GET_PRODUCT,
          new JsonObject().put("sku", "LOCKED-6")).map(body -> (Throwable) null).otherwise(failure -> failure));
      locker.rollback();

      assertThat(tookMillis).isBetween(Catalog.TABLE_PATIENCE_MILLIS, Catalog.TABLE_PATIENCE_MILLIS + 1_000);
      assertThat(http.status()).as(http.toString()).isEqualTo(503);
      assertThat(http.isProblem()).isTrue();
      assertThat(http.retryAfter()).isEqualTo(String.valueOf(Catalog.RETRY_AFTER_SECONDS));
      assertThat(http.json().getString("detail")).contains("LOCKED-6");
      assertThat(InventoryTesting.failureCode(bus)).isEqualTo(503);
    }
    assertThat(inventory.get(portOfB, "/products/LOCKED-6").status()).isEqualTo(404);
  }

  @Test
  @Order(7)
  void aStartingNodeWhoseCopyNeverCatchesUpStartsAnywayAfterItsBound() {
    long bound = 1_000;
    stockWithoutProduct("NEVER-6", 0); // stock but no product anywhere: no copy can catch up
    Vertx nodeD = inventory.cluster.join(false);
    long start = System.currentTimeMillis();
    int portOfD = inventory.deploy(nodeD, CONFIG.withCatalogSync(bound));

    assertThat(System.currentTimeMillis() - start).isGreaterThanOrEqualTo(bound);
    assertThat(inventory.get(portOfD, "/health/ready").status()).isEqualTo(200);
    assertThat(inventory.get(portOfD, "/products/SKU-0001").status()).isEqualTo(200);
  }

  private static JsonObject product(String sku) {
    return new JsonObject().put("name", "Product " + sku).put("priceCents", 990);
  }

  /** What {@code Catalog.upsert} leaves for a moment: the stock record, and no product yet. */
  private static void stockWithoutProduct(String sku, long units) {
    ClusterMembership.of(nodeA).hazelcast().<String, StockRecord>getMap(StockMaps.STOCK)
        .executeOnKey(sku, StockMutation.init(units));
  }

  private static void writeProduct(String sku) {
    ClusterMembership.of(nodeA).hazelcast().<String, String>getReplicatedMap(StockMaps.CATALOG)
        .put(sku, product(sku).put("sku", sku).encode());
  }

  private static ReplicatedMap<String, String> copyOf(Vertx node) {
    return ClusterMembership.of(node).hazelcast().getReplicatedMap(StockMaps.CATALOG);
  }

  private static List<Record> recordsOf(Vertx node) {
    String nodeId = InventoryTesting.nodeId(node);
    ServiceDiscovery discovery = ServiceDiscovery.create(nodeA);
    try {
      return await(discovery.getRecords(record -> InventoryContract.SERVICE.equals(record.getName())
          && nodeId.equals(record.getMetadata().getString("node")), true));
    } finally {
      discovery.close();
    }
  }
}
