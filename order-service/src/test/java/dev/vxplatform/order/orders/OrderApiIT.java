package dev.vxplatform.order.orders;

import static dev.vxplatform.order.testing.OrderCluster.order;
import static org.assertj.core.api.Assertions.assertThat;

import dev.vxplatform.order.reconciler.LeadershipListener;
import dev.vxplatform.order.testing.FakeInventoryVerticle;
import dev.vxplatform.order.testing.OrderCluster;
import dev.vxplatform.shared.web.Problems;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The order API on one node against a fake (but real, event-bus) inventory: the saga's happy and sad paths. */
class OrderApiIT {

  private static OrderCluster cluster;
  private static FakeInventoryVerticle inventory;

  @BeforeAll
  static void start() {
    cluster = OrderCluster.start(1);
    cluster.deployOrders(OrderCluster.fastConfig(), LeadershipListener.logging());
    inventory = new FakeInventoryVerticle(Map.of("happy", 10, "scarce", 2, "cancel", 10, "complete", 10,
        "idem", 10, "page", 100, "conflict", 10), FakeInventoryVerticle.Mode.NORMAL);
    cluster.deployInventory(0, inventory);
  }

  @AfterAll
  static void stop() {
    cluster.close();
  }

  @Test
  void confirmsOrderWhenStockIsReserved() {
    HttpResponse<Buffer> created = cluster.post(0, "/orders", order(customer(), Map.of("happy", 3)), Map.of());

    assertThat(created.statusCode()).isEqualTo(201);
    JsonObject body = created.bodyAsJsonObject();
    assertThat(body.getString("status")).isEqualTo("CONFIRMED");
    assertThat(created.getHeader("Location")).isEqualTo("/orders/" + body.getString("id"));
    assertThat(inventory.stateOf(body.getString("id"))).isEqualTo("RESERVED");
    assertThat(inventory.counts("happy")).containsExactly(7, 3, 0);
    assertThat(cluster.get(0, "/orders/" + body.getString("id")).bodyAsJsonObject().getString("status"))
        .isEqualTo("CONFIRMED");
    assertThat(inventory.auditOk()).isTrue();
  }

  @Test
  void rejectsOrderWithTheShortSkusWhenStockIsInsufficient() {
    HttpResponse<Buffer> rejected = cluster.post(0, "/orders", order(customer(), Map.of("scarce", 3)), Map.of());

    assertThat(rejected.statusCode()).isEqualTo(409);
    assertThat(rejected.getHeader("Content-Type")).isEqualTo(Problems.CONTENT_TYPE);
    JsonObject problem = rejected.bodyAsJsonObject();
    assertThat(problem.getJsonArray("short").getJsonObject(0).getString("sku")).isEqualTo("scarce");
    assertThat(problem.getJsonArray("short").getJsonObject(0).getInteger("available")).isEqualTo(2);
    JsonObject stored = cluster.get(0, "/orders/" + problem.getString("orderId")).bodyAsJsonObject();
    assertThat(stored.getString("status")).isEqualTo("REJECTED");
    assertThat(stored.getString("reason")).isEqualTo(OrderSaga.INSUFFICIENT_STOCK);
    assertThat(inventory.counts("scarce")).containsExactly(2, 0, 0);
    assertThat(inventory.auditOk()).isTrue();
  }

  @Test
  void cancelReleasesTheReservationAndCancellingTwiceIsFine() {
    String id = place(Map.of("cancel", 4));
    assertThat(inventory.counts("cancel")).containsExactly(6, 4, 0);

    HttpResponse<Buffer> cancelled = cluster.post(0, "/orders/" + id + "/cancel", null, Map.of());
    HttpResponse<Buffer> again = cluster.post(0, "/orders/" + id + "/cancel", null, Map.of());

    assertThat(cancelled.statusCode()).isEqualTo(200);
    assertThat(cancelled.bodyAsJsonObject().getString("status")).isEqualTo("CANCELLED");
    assertThat(again.statusCode()).isEqualTo(200);
    assertThat(inventory.counts("cancel")).containsExactly(10, 0, 0);
    assertThat(inventory.auditOk()).isTrue();
  }

  @Test
  void completeCommitsTheReservation() {
    String id = place(Map.of("complete", 2));

    HttpResponse<Buffer> completed = cluster.post(0, "/orders/" + id + "/complete", null, Map.of());
    HttpResponse<Buffer> again = cluster.post(0, "/orders/" + id + "/complete", null, Map.of());

    assertThat(completed.statusCode()).isEqualTo(200);
    assertThat(completed.bodyAsJsonObject().getString("status")).isEqualTo("COMPLETED");
    assertThat(again.statusCode()).isEqualTo(200);
    assertThat(inventory.counts("complete")).containsExactly(8, 0, 2);
    assertThat(inventory.auditOk()).isTrue();
  }

  @Test
  void illegalTransitionsAreConflicts() {
    String id = place(Map.of("conflict", 1));
    assertThat(cluster.post(0, "/orders/" + id + "/cancel", null, Map.of()).statusCode()).isEqualTo(200);

    HttpResponse<Buffer> complete = cluster.post(0, "/orders/" + id + "/complete", null, Map.of());

    assertThat(complete.statusCode()).isEqualTo(409);
    assertThat(complete.bodyAsJsonObject().getString("orderStatus")).isEqualTo("CANCELLED");
    assertThat(inventory.counts("conflict")).containsExactly(10, 0, 0);
  }

  @Test
  void unknownSkuRejectsTheOrderWithInventorysReason() {
    HttpResponse<Buffer> rejected = cluster.post(0, "/orders", order(customer(), Map.of("no-such-sku", 1)), Map.of());

    assertThat(rejected.statusCode()).isEqualTo(409);
    assertThat(rejected.bodyAsJsonObject().getString("detail")).contains("404").contains("no-such-sku");
    assertThat(cluster.get(0, "/orders/" + rejected.bodyAsJsonObject().getString("orderId")).bodyAsJsonObject()
        .getString("status")).isEqualTo("REJECTED");
  }

  @Test
  void unknownOrderIsNotFound() {
    assertThat(cluster.get(0, "/orders/nope").statusCode()).isEqualTo(404);
    assertThat(cluster.post(0, "/orders/nope/cancel", null, Map.of()).statusCode()).isEqualTo(404);
    assertThat(cluster.post(0, "/orders/nope/complete", null, Map.of()).statusCode()).isEqualTo(404);
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "{\"customerId\":\"c\",\"items\":[]}",
      "{\"customerId\":\"c\",\"items\":[{\"sku\":\"happy\",\"qty\":0}]}",
      "{\"customerId\":\"c\",\"items\":[{\"sku\":\"happy\",\"qty\":\"2\"}]}",
      "{\"customerId\":\"c\",\"items\":[{\"sku\":\"happy\",\"qty\":1.5}]}",
      "{\"customerId\":\"c\",\"items\":[{\"sku\":\"happy\",\"qty\":1}],\"coupon\":\"x\"}",
      "{\"customerId\":42,\"items\":[{\"sku\":\"happy\",\"qty\":1}]}",
      "{\"customerId\":\"c\",\"items\":[{\"sku\":\"happy\",\"qty\":1},{\"sku\":\"happy\",\"qty\":1}]}",
      "{\"customerId\":\"c\",\"items\":{\"sku\":\"happy\"}}",
      "[1,2]",
      "{\"customerId\":",
      ""})
  void rejectsBadInputWithProblemJson(String body) {
    HttpResponse<Buffer> response = cluster.postRaw(0, "/orders", body);

    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(response.getHeader("Content-Type")).isEqualTo(Problems.CONTENT_TYPE);
    assertThat(response.bodyAsJsonObject().getInteger("status")).isEqualTo(400);
    assertThat(cluster.get(0, "/orders?customerId=c").bodyAsJsonObject().getJsonArray("items")).isEmpty();
  }

  @Test
  void listsACustomersOrdersInBoundedPages() {
    String customer = customer();
    String first = place(customer, Map.of("page", 1));
    String second = place(customer, Map.of("page", 1));
    String third = place(customer, Map.of("page", 1));

    JsonObject page = cluster.get(0, "/orders?limit=2&customerId=" + customer).bodyAsJsonObject();
    JsonObject rest = cluster.get(0, "/orders?limit=2&customerId=" + customer + "&after="
        + page.getString("next")).bodyAsJsonObject();

    assertThat(page.getJsonArray("items").stream().map(o -> ((JsonObject) o).getString("id")))
        .containsExactly(first, second);
    assertThat(rest.getJsonArray("items").stream().map(o -> ((JsonObject) o).getString("id")))
        .containsExactly(third);
    assertThat(rest.getValue("next")).isNull();
    assertThat(cluster.get(0, "/orders?customerId=").statusCode()).isEqualTo(400);
    assertThat(cluster.get(0, "/orders?customerId=x&limit=1000").statusCode()).isEqualTo(400);
  }

  @Test
  void sameIdempotencyKeyReplaysTheFirstAnswerWithoutASecondReservation() {
    JsonObject body = order(customer(), Map.of("idem", 1));
    Map<String, String> key = Map.of("Idempotency-Key", UUID.randomUUID().toString());

    HttpResponse<Buffer> first = cluster.post(0, "/orders", body, key);
    HttpResponse<Buffer> second = cluster.post(0, "/orders", body, key);
    HttpResponse<Buffer> otherBody = cluster.post(0, "/orders", order(body.getString("customerId"),
        Map.of("idem", 2)), key);

    assertThat(first.statusCode()).isEqualTo(201);
    assertThat(second.statusCode()).isEqualTo(201);
    assertThat(second.bodyAsJsonObject().getString("id")).isEqualTo(first.bodyAsJsonObject().getString("id"));
    assertThat(inventory.counts("idem")).containsExactly(9, 1, 0);
    assertThat(otherBody.statusCode()).isEqualTo(422);
    assertThat(otherBody.getHeader("Content-Type")).isEqualTo(Problems.CONTENT_TYPE);
  }

  @Test
  void aRejectionIsReplayedForTheSameKey() {
    JsonObject body = order(customer(), Map.of("scarce", 50));
    Map<String, String> key = Map.of("Idempotency-Key", UUID.randomUUID().toString());

    HttpResponse<Buffer> first = cluster.post(0, "/orders", body, key);
    HttpResponse<Buffer> second = cluster.post(0, "/orders", body, key);

    assertThat(first.statusCode()).isEqualTo(409);
    assertThat(second.statusCode()).isEqualTo(409);
    assertThat(second.bodyAsJsonObject().getString("orderId")).isEqualTo(first.bodyAsJsonObject().getString("orderId"));
  }

  @Test
  void rejectsAnUnusableIdempotencyKey() {
    HttpResponse<Buffer> response = cluster.post(0, "/orders", order(customer(), Map.of("happy", 1)),
        Map.of("Idempotency-Key", "x".repeat(300)));

    assertThat(response.statusCode()).isEqualTo(400);
  }

  private static String place(Map<String, Integer> items) {
    return place(customer(), items);
  }

  private static String place(String customer, Map<String, Integer> items) {
    HttpResponse<Buffer> created = cluster.post(0, "/orders", order(customer, items), Map.of());
    assertThat(created.statusCode()).isEqualTo(201);
    return created.bodyAsJsonObject().getString("id");
  }

  private static String customer() {
    return "c-" + UUID.randomUUID();
  }
}
