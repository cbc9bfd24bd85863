package dev.vxplatform.inventory.api;

import static dev.vxplatform.shared.testing.TestCluster.await;
import static org.assertj.core.api.Assertions.assertThat;

import dev.vxplatform.inventory.InventoryConfig;
import dev.vxplatform.inventory.InventoryTesting;
import dev.vxplatform.inventory.InventoryTesting.Response;
import dev.vxplatform.shared.contract.InventoryContract;
import io.vertx.core.Future;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every kind of bad input gets a 4xx problem+json (over HTTP) or a failure with the same status and body (over
 * the event bus), and leaves the stock exactly as it was.
 */
class BadInputIT {

  private static final String SKU = "BAD-INPUT-1";
  private static final int UNITS = 40;
  private static InventoryTesting inventory;
  private static int port;

  @BeforeAll
  static void start() {
    inventory = InventoryTesting.start(1, InventoryConfig.forTests());
    port = inventory.port(0);
    inventory.product(port, SKU, UNITS);
  }

  @AfterAll
  static void stop() {
    inventory.close();
  }

  static Stream<Arguments> badRequests() {
    String qtyLimit = "{\"orderId\":\"o-4\",\"items\":[{\"sku\":\"" + SKU + "\",\"qty\":"
        + (InventoryConfig.DEFAULT_MAX_QTY_PER_LINE + 1) + "}]}";
    return Stream.of(
        Arguments.of(HttpMethod.POST, "/reservations", "{\"orderId\":", 400, "not valid JSON"),
        Arguments.of(HttpMethod.POST, "/reservations", "[1,2]", 400, "must be a JSON object"),
        Arguments.of(HttpMethod.POST, "/reservations", "", 400, "body is required"),
        Arguments.of(HttpMethod.POST, "/reservations", "{\"items\":[{\"sku\":\"" + SKU + "\",\"qty\":1}]}", 400,
            "'orderId' is required"),
        Arguments.of(HttpMethod.POST, "/reservations", "{\"orderId\":\"o-1\",\"items\":[]}", 400, "must not be empty"),
        Arguments.of(HttpMethod.POST, "/reservations", "{\"orderId\":\"o-2\",\"items\":[{\"sku\":\"" + SKU
            + "\",\"qty\":1},{\"sku\":\"" + SKU + "\",\"qty\":2}]}", 400, "more than once"),
        Arguments.of(HttpMethod.POST, "/reservations", "{\"orderId\":\"o-3\",\"items\":[{\"sku\":\"" + SKU
            + "\",\"qty\":0}]}", 400, "between 1 and"),
        Arguments.of(HttpMethod.POST, "/reservations", qtyLimit, 400, "between 1 and"),
        Arguments.of(HttpMethod.POST, "/reservations", "{\"orderId\":\"o-5\",\"items\":[{\"sku\":\"" + SKU
            + "\",\"qty\":1},{\"sku\":\"NOPE-1\",\"qty\":1}]}", 404, "NOPE-1"),
        Arguments.of(HttpMethod.GET, "/stock/NOPE-2", null, 404, "NOPE-2"),
        Arguments.of(HttpMethod.GET, "/products/NOPE-3", null, 404, "NOPE-3"),
        Arguments.of(HttpMethod.GET, "/stock/bad%20sku", null, 400, "'sku' must be"),
        Arguments.of(HttpMethod.POST, "/stock/NOPE-4/restock", "{\"qty\":5}", 404, "NOPE-4"),
        Arguments.of(HttpMethod.POST, "/stock/" + SKU + "/restock", "{\"qty\":0}", 400, "between 1 and"),
        Arguments.of(HttpMethod.POST, "/stock/" + SKU + "/restock", "{\"qty\":2.5}", 400, "whole number"),
        Arguments.of(HttpMethod.PUT, "/products/NEW-1", "{\"priceCents\":5}", 400, "'name'"),
        Arguments.of(HttpMethod.PUT, "/products/NEW-2", "{\"name\":\"x\",\"priceCents\":-1}", 400, "priceCents"),
        Arguments.of(HttpMethod.PUT, "/products/NEW-3", "{\"sku\":\"OTHER\",\"name\":\"x\",\"priceCents\":1}", 400,
            "differs from the path"),
        Arguments.of(HttpMethod.POST, "/reservations/bad%20id/commit", null, 400, "'orderId' must be"),
        Arguments.of(HttpMethod.PATCH, "/reservations", "{}", 405, ""));
  }

  @ParameterizedTest
  @MethodSource("badRequests")
  void httpRefusesWithAProblemAndChangesNothing(HttpMethod method, String path, String body, int status,
      String detail) {
    Response response = inventory.http(method, port, path, body);

    assertThat(response.status()).as(response.toString()).isEqualTo(status);
    assertThat(response.isProblem()).as(response.toString()).isTrue();
    assertThat(response.json().getInteger("status")).isEqualTo(status);
    assertThat(response.json().getString("detail")).contains(detail);
    assertStockUntouched();
  }

  @Test
  void refusedProductsAreNotCreated() {
    inventory.http(HttpMethod.PUT, port, "/products/NEW-2", "{\"name\":\"x\",\"priceCents\":-1}");

    assertThat(inventory.get(port, "/products/NEW-2").status()).isEqualTo(404);
    assertThat(inventory.get(port, "/stock/NEW-2").status()).isEqualTo(404);
  }

  @Test
  void refusedReservationsLeaveNoTraceOfTheOrder() {
    inventory.http(HttpMethod.POST, port, "/reservations", InventoryTesting.reservation("o-5", SKU, 1, "NOPE-1", 1));

    JsonObject state = inventory.get(port, "/reservations/o-5").json();
    assertThat(state.getString("state")).isEqualTo("NONE");
    assertThat(state.getJsonArray("items")).isEmpty();
  }

  static Stream<Arguments> badMessages() {
    return Stream.of(
        Arguments.of(InventoryContract.RESERVE, "not json", 400, "must be a JSON object"),
        Arguments.of(InventoryContract.RESERVE, new JsonObject().put("items", new JsonArray()), 400, "'orderId'"),
        Arguments.of(InventoryContract.RESERVE, InventoryTesting.reservation("o-6", SKU, -2), 400, "between 1 and"),
        Arguments.of(InventoryContract.RESERVE, InventoryTesting.reservation("o-7", "NOPE-5", 1), 404, "NOPE-5"),
        Arguments.of(InventoryContract.RELEASE, new JsonObject(), 400, "'orderId' is required"),
        Arguments.of(InventoryContract.COMMIT, new JsonObject().put("orderId", 12), 400, "'orderId' must be"),
        Arguments.of(InventoryContract.GET_STOCK, new JsonObject().put("sku", "NOPE-6"), 404, "NOPE-6"),
        Arguments.of(InventoryContract.RESTOCK, new JsonObject().put("sku", SKU), 400, "'qty' is required"));
  }

  @ParameterizedTest
  @MethodSource("badMessages")
  void eventBusFailsWithTheStatusAndProblemTheHttpTwinWouldSend(String address, Object body, int status,
      String detail) {
    Future<JsonObject> reply = inventory.requestAsync(inventory.node(0), address, body);
    await(reply.otherwiseEmpty());

    assertThat(reply.cause()).isInstanceOf(ReplyException.class);
    ReplyException failure = (ReplyException) reply.cause();
    assertThat(failure.failureCode()).isEqualTo(status);
    JsonObject problem = new JsonObject(failure.getMessage());
    assertThat(problem.getInteger("status")).isEqualTo(status);
    assertThat(problem.getString("detail")).contains(detail);
    assertStockUntouched();
  }

  private static void assertStockUntouched() {
    JsonObject stock = inventory.get(port, "/stock/" + SKU).json();
    assertThat(stock.getLong("available")).isEqualTo(UNITS);
    assertThat(stock.getLong("reserved")).isZero();
    assertThat(inventory.get(port, "/inventory/audit").json().getBoolean("ok")).isTrue();
  }
}
