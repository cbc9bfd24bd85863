package dev.vxplatform.order.orders;

import static dev.vxplatform.order.testing.OrderCluster.order;
import static dev.vxplatform.shared.testing.TestCluster.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.vxplatform.order.reconciler.LeadershipListener;
import dev.vxplatform.order.testing.OrderCluster;
import dev.vxplatform.order.testing.RealInventory;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The saga against the real inventory-service (seeded catalog SKU-0001 … SKU-0010), on two nodes that each run
 * both services: what inventory holds after each step, and its conservation audit after every test.
 */
class SagaWithInventoryIT {

  private static OrderCluster cluster;
  private static Vertx via;

  @BeforeAll
  static void start() {
    cluster = OrderCluster.start(2);
    cluster.deployOrders(OrderCluster.fastConfig(), LeadershipListener.logging());
    cluster.deployRealInventory(0);
    cluster.deployRealInventory(1);
    via = cluster.node(1);
  }

  @AfterAll
  static void stop() {
    cluster.close();
  }

  @AfterEach
  void auditIsOk() {
    JsonObject audit = RealInventory.audit(via);
    assertThat(audit.getBoolean("ok")).as("inventory audit %s", audit).isTrue();
  }

  @Test
  void confirmedOrderHoldsItsStock() {
    int[] before = RealInventory.stock(via, "SKU-0001");

    HttpResponse<Buffer> created = cluster.post(0, "/orders", order(customer(), Map.of("SKU-0001", 2)), Map.of());

    assertThat(created.statusCode()).isEqualTo(201);
    assertThat(created.bodyAsJsonObject().getString("status")).isEqualTo("CONFIRMED");
    assertThat(RealInventory.reservation(via, created.bodyAsJsonObject().getString("id"))).isEqualTo("RESERVED");
    assertThat(RealInventory.stock(via, "SKU-0001")).containsExactly(before[0] - 2, before[1] + 2, before[2]);
  }

  @Test
  void insufficientStockRejectsTheOrderAndHoldsNothing() {
    int[] shortBefore = RealInventory.stock(via, "SKU-0006");
    int[] otherBefore = RealInventory.stock(via, "SKU-0005");
    Map<String, Integer> items = new LinkedHashMap<>();
    items.put("SKU-0005", 1);
    items.put("SKU-0006", shortBefore[0] + 1);

    HttpResponse<Buffer> rejected = cluster.post(1, "/orders", order(customer(), items), Map.of());

    assertThat(rejected.statusCode()).isEqualTo(409);
    JsonObject problem = rejected.bodyAsJsonObject();
    assertThat(problem.getJsonArray("short").getJsonObject(0).getString("sku")).isEqualTo("SKU-0006");
    assertThat(cluster.get(0, "/orders/" + problem.getString("orderId")).bodyAsJsonObject().getString("status"))
        .isEqualTo("REJECTED");
    assertThat(RealInventory.reservation(via, problem.getString("orderId"))).isEqualTo("NONE");
    assertThat(RealInventory.stock(via, "SKU-0006")).containsExactly(shortBefore);
    assertThat(RealInventory.stock(via, "SKU-0005")).containsExactly(otherBefore);
  }

  @Test
  void aReservationOfARejectedOrderThatArrivesLateHoldsNothing() {
    while (RealInventory.stock(via, "SKU-0008")[0] > 60) { // below the largest line an order may ask for
      RealInventory.reserve(via, "drain-" + UUID.randomUUID(), Map.of("SKU-0008", 50));
    }
    int[] before = RealInventory.stock(via, "SKU-0008");
    Map<String, Integer> tooMany = Map.of("SKU-0008", before[0] + 1);
    HttpResponse<Buffer> rejected = cluster.post(0, "/orders", order(customer(), tooMany), Map.of());
    String orderId = rejected.bodyAsJsonObject().getString("orderId");
    RealInventory.restock(via, "SKU-0008", 1); // enough now: a copy of the request still on its way would be held

    Throwable late = catchThrowable(() -> RealInventory.reserve(via, orderId, tooMany));

    assertThat(rejected.statusCode()).isEqualTo(409);
    assertThat(late).hasMessageContaining("RECIPIENT_FAILURE,409").hasMessageContaining("Reservation released");
    assertThat(RealInventory.reservation(via, orderId)).isEqualTo("NONE");
    assertThat(RealInventory.stock(via, "SKU-0008")).containsExactly(before[0] + 1, before[1], before[2]);
  }

  @Test
  void cancelReleasesTheReservation() {
    int[] before = RealInventory.stock(via, "SKU-0002");
    String id = place(Map.of("SKU-0002", 3));

    HttpResponse<Buffer> cancelled = cluster.post(1, "/orders/" + id + "/cancel", null, Map.of());
    HttpResponse<Buffer> again = cluster.post(0, "/orders/" + id + "/cancel", null, Map.of());

    assertThat(cancelled.statusCode()).isEqualTo(200);
    assertThat(again.statusCode()).isEqualTo(200);
    assertThat(RealInventory.reservation(via, id)).isEqualTo("RELEASED");
    assertThat(RealInventory.stock(via, "SKU-0002")).containsExactly(before);
  }

  @Test
  void completeCommitsTheReservation() {
    int[] before = RealInventory.stock(via, "SKU-0003");
    String id = place(Map.of("SKU-0003", 2));

    HttpResponse<Buffer> completed = cluster.post(1, "/orders/" + id + "/complete", null, Map.of());
    HttpResponse<Buffer> cancelAfter = cluster.post(0, "/orders/" + id + "/cancel", null, Map.of());

    assertThat(completed.statusCode()).isEqualTo(200);
    assertThat(completed.bodyAsJsonObject().getString("status")).isEqualTo("COMPLETED");
    assertThat(cancelAfter.statusCode()).isEqualTo(409);
    assertThat(RealInventory.reservation(via, id)).isEqualTo("COMMITTED");
    assertThat(RealInventory.stock(via, "SKU-0003")).containsExactly(before[0] - 2, before[1], before[2] + 2);
  }

  @Test
  void twentyConcurrentIdenticalPostsOverTwoNodesMakeOneOrderAndOneReservation() {
    int[] before = RealInventory.stock(via, "SKU-0007");
    String customer = customer();
    JsonObject body = order(customer, Map.of("SKU-0007", 1));
    Map<String, String> key = Map.of("Idempotency-Key", UUID.randomUUID().toString());

    List<Future<HttpResponse<Buffer>>> posts = IntStream.range(0, 20)
        .mapToObj(i -> cluster.postAsync(i % 2, "/orders", body, key)).toList();
    await(Future.join(posts));
    HttpResponse<Buffer> otherBody = cluster.post(1, "/orders", order(customer, Map.of("SKU-0007", 2)), key);

    List<HttpResponse<Buffer>> answers = posts.stream().map(Future::result).toList();
    assertThat(answers).allSatisfy(answer -> assertThat(answer.statusCode()).isEqualTo(201));
    assertThat(answers.stream().map(answer -> answer.bodyAsJsonObject().getString("id")).distinct()).hasSize(1);
    assertThat(cluster.get(0, "/orders?customerId=" + customer).bodyAsJsonObject().getJsonArray("items")).hasSize(1);
    assertThat(RealInventory.stock(via, "SKU-0007")).containsExactly(before[0] - 1, before[1] + 1, before[2]);
    assertThat(otherBody.statusCode()).isEqualTo(422);
  }

  private static String place(Map<String, Integer> items) {
    HttpResponse<Buffer> created = cluster.post(0, "/orders", order(customer(), items), Map.of());
    assertThat(created.statusCode()).isEqualTo(201);
    return created.bodyAsJsonObject().getString("id");
  }

  private static String customer() {
    return "c-" + UUID.randomUUID();
  }
}
