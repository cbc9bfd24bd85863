package dev.vxplatform.inventory.catalog;

import static dev.vxplatform.shared.testing.TestCluster.waitUntil;
import static org.assertj.core.api.Assertions.assertThat;

import dev.vxplatform.inventory.InventoryConfig;
import dev.vxplatform.inventory.InventoryTesting;
import dev.vxplatform.inventory.InventoryTesting.Response;
import dev.vxplatform.inventory.stock.StockMaps;
import dev.vxplatform.shared.cluster.ClusterMembership;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer.OrderAnnotation;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The replicated catalog on nodes A, B, C: seeded once, read anywhere, still served after A dies, restored from its
 * table.
 */
@TestMethodOrder(OrderAnnotation.class)
class CatalogIT {

  private static final String SEEDED = "SKU-0001";
  private static final long SEEDED_UNITS = 500;
  private static InventoryTesting inventory;

  @BeforeAll
  static void start() {
    inventory = InventoryTesting.start(3, InventoryConfig.forTests());
  }

  @AfterAll
  static void stop() {
    inventory.close();
  }

  @Test
  @Order(1)
  void everyNodeServesTheSeedAndItsStockWasSeededOnce() {
    for (int node = 0; node < 3; node++) {
      List<Object> products = inventory.get(inventory.port(node), "/products").json().getJsonArray("products")
          .getList();
      assertThat(products).hasSize(10);
    }
    JsonObject seeded = auditLine(SEEDED);
    assertThat(seeded.getLong("initial")).isEqualTo(SEEDED_UNITS);
    assertThat(seeded.getLong("available")).isEqualTo(SEEDED_UNITS);
  }

  @Test
  @Order(2)
  void aNewInstanceNeitherReseedsStockNorOverwritesAChangedProduct() {
    Response changed = inventory.http(HttpMethod.PUT, inventory.port(1), "/products/" + SEEDED,
        new JsonObject().put("name", "Espresso beans 1 kg (new blend)").put("priceCents", 2790));
    assertThat(changed.status()).isEqualTo(200);
    Response reserved = inventory.http(HttpMethod.POST, inventory.port(1), "/reservations",
        InventoryTesting.reservation("seed-check", SEEDED, 5));
    assertThat(reserved.status()).isEqualTo(201);

    Vertx joiner = inventory.cluster.join(false);
    int joinerPort = inventory.deploy(joiner, InventoryConfig.forTests());

    JsonObject product = inventory.get(joinerPort, "/products/" + SEEDED).json();
    assertThat(product.getLong("priceCents")).isEqualTo(2790);
    assertThat(inventory.get(inventory.port(2), "/products/" + SEEDED).json().getLong("priceCents"))
        .isEqualTo(2790);
    JsonObject seeded = auditLine(SEEDED);
    assertThat(seeded.getLong("initial")).isEqualTo(SEEDED_UNITS);
    assertThat(seeded.getLong("available")).isEqualTo(SEEDED_UNITS - 5);
  }

  @Test
  @Order(3)
  void aProductUpsertedOnAIsReadOnCAndStillServedAfterADies() {
    JsonObject product = new JsonObject().put("name", "Replicated grinder").put("priceCents", 4200)
        .put("color", "red");
    Response created = inventory.http(HttpMethod.PUT, inventory.port(0), "/products/REPL-1", product);
    assertThat(created.status()).isEqualTo(201);
    assertThat(created.json().getString("sku")).isEqualTo("REPL-1");

    int portOfC = inventory.port(2);
    waitUntil("C reads the product upserted on A", Duration.ofSeconds(5),
        () -> inventory.get(portOfC, "/products/REPL-1").status() == 200);
    inventory.cluster.crash(inventory.node(0));

    Response read = inventory.get(portOfC, "/products/REPL-1");
    assertThat(read.status()).isEqualTo(200);
    assertThat(read.json()).isEqualTo(product.copy().put("sku", "REPL-1"));
    assertThat(inventory.get(portOfC, "/products").json().getJsonArray("products").getList()).hasSize(11);
    assertThat(inventory.get(portOfC, "/stock/REPL-1").json().getLong("available")).isZero();
  }

  @Test
  @Order(4)
  void aProductMissingFromTheMapIsRestoredFromItsTableAsItWasWritten() {
    JsonObject product = new JsonObject().put("name", "Restored kettle").put("priceCents", 3100);
    assertThat(inventory.http(HttpMethod.PUT, inventory.port(1), "/products/RESTORED-1", product).status())
        .isEqualTo(201);
    // What a restart of the whole cluster leaves: the table has the product, the replicated map does not.
    ClusterMembership.of(inventory.node(1)).hazelcast().getReplicatedMap(StockMaps.CATALOG).remove("RESTORED-1");
    List<Vertx> live = inventory.nodes().stream().filter(node -> ClusterMembership.of(node).isActive()).toList();
    waitUntil("no live copy holds the product", Duration.ofSeconds(5), () -> live.stream().noneMatch(node ->
        ClusterMembership.of(node).hazelcast().getReplicatedMap(StockMaps.CATALOG).containsKey("RESTORED-1")));

    int joinerPort = inventory.deploy(inventory.cluster.join(false), InventoryConfig.forTests());

    Response read = inventory.get(joinerPort, "/products/RESTORED-1");
    assertThat(read.status()).isEqualTo(200);
    assertThat(read.json()).isEqualTo(product.copy().put("sku", "RESTORED-1"));
  }

  private static JsonObject auditLine(String sku) {
    JsonObject audit = inventory.get(inventory.port(2), "/inventory/audit").json();
    assertThat(audit.getBoolean("ok")).isTrue();
    return audit.getJsonArray("skus").stream().map(JsonObject.class::cast)
        .filter(line -> sku.equals(line.getString("sku"))).findFirst().orElseThrow();
  }
}
