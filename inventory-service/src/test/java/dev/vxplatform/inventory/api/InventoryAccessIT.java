package dev.vxplatform.inventory.api;

import static dev.vxplatform.shared.testing.TestCluster.await;
import static org.assertj.core.api.Assertions.assertThat;

import dev.vxplatform.inventory.InventoryConfig;
import dev.vxplatform.inventory.InventoryTesting;
import dev.vxplatform.inventory.InventoryTesting.Response;
import dev.vxplatform.shared.security.Scopes;
import dev.vxplatform.shared.testing.TestTokens;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Called straight on the service port: the catalog is public to read, everything else needs its scope. */
class InventoryAccessIT {

  private static InventoryTesting inventory;
  private static int port;

  @BeforeAll
  static void start() {
    inventory = InventoryTesting.start(1, InventoryConfig.forTests());
    port = inventory.port(0);
    inventory.product(port, "kettle", 5);
  }

  @AfterAll
  static void stop() {
    inventory.close();
  }

  @Test
  void anyoneReadsTheCatalog() {
    assertThat(call(null, HttpMethod.GET, "/products", null).status()).isEqualTo(200);
    assertThat(call(null, HttpMethod.GET, "/products/kettle", null).status()).isEqualTo(200);
  }

  @Test
  void everyOtherRouteRefusesAnAnonymousCall() {
    JsonObject restock = new JsonObject().put("qty", 1);
    for (Response refused : new Response[] {
        call(null, HttpMethod.PUT, "/products/kettle", new JsonObject().put("name", "Kettle").put("priceCents", 1)),
        call(null, HttpMethod.GET, "/stock/kettle", null),
        call(null, HttpMethod.POST, "/stock/kettle/restock", restock),
        call(null, HttpMethod.POST, "/reservations", InventoryTesting.reservation("o-1", "kettle", 1)),
        call(null, HttpMethod.GET, "/reservations/o-1", null),
        call(null, HttpMethod.DELETE, "/reservations/o-1", null),
        call(null, HttpMethod.POST, "/reservations/o-1/commit", null),
        call(null, HttpMethod.GET, "/inventory/audit", null)}) {
      assertThat(refused.status()).as(refused.toString()).isEqualTo(401);
      assertThat(refused.isProblem()).isTrue();
      assertThat(refused.challenge()).startsWith("Bearer");
    }
    assertThat(stockOfKettle()).as("nothing changed").isEqualTo(5);
  }

  @Test
  void aShoppersTokenCannotChangeStock() {
    Response refused = call(TestTokens.customer("ada"), HttpMethod.POST, "/stock/kettle/restock",
        new JsonObject().put("qty", 100));

    assertThat(refused.status()).isEqualTo(403);
    assertThat(refused.challenge()).contains("insufficient_scope", Scopes.INVENTORY_ADMIN);
    assertThat(stockOfKettle()).isEqualTo(5);
  }

  @Test
  void theAuditNeedsTheAdminScope() {
    String stockKeeper = TestTokens.bearer("keeper", Scopes.INVENTORY_ADMIN);

    assertThat(call(stockKeeper, HttpMethod.GET, "/inventory/audit", null).status()).isEqualTo(403);
    assertThat(call(stockKeeper, HttpMethod.GET, "/stock/kettle", null).status()).isEqualTo(200);
    assertThat(call(TestTokens.bearer("ops", Scopes.ADMIN), HttpMethod.GET, "/inventory/audit", null).status())
        .isEqualTo(200);
  }

  private static long stockOfKettle() {
    return call(TestTokens.operator(), HttpMethod.GET, "/stock/kettle", null).json().getLong("available");
  }

  private static Response call(String authorization, HttpMethod method, String path, JsonObject body) {
    return await(inventory.httpAs(authorization, method, port, path, body));
  }
}
