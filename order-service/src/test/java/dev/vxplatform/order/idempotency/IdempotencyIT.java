package dev.vxplatform.order.idempotency;

import static dev.vxplatform.order.testing.OrderCluster.order;
import static dev.vxplatform.shared.testing.TestCluster.await;
import static org.assertj.core.api.Assertions.assertThat;

import com.hazelcast.core.HazelcastJsonValue;
import dev.vxplatform.order.orders.IdempotentOrders;
import dev.vxplatform.order.orders.Order;
import dev.vxplatform.order.orders.OrderRequest;
import dev.vxplatform.order.orders.OrderStore;
import dev.vxplatform.order.reconciler.LeadershipListener;
import dev.vxplatform.order.testing.FakeInventoryVerticle;
import dev.vxplatform.order.testing.OrderCluster;
import dev.vxplatform.shared.cluster.ClusterMembership;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Idempotency-Key across two order-service nodes, with an inventory slow enough for duplicates to overlap. */
class IdempotencyIT {

  private static OrderCluster cluster;
  private static FakeInventoryVerticle inventory;

  @BeforeAll
  static void start() {
    cluster = OrderCluster.start(2);
    cluster.deployOrders(OrderCluster.fastConfig(), LeadershipListener.logging());
    inventory = new FakeInventoryVerticle(Map.of("same", 100, "cross", 100, "stale", 100),
        FakeInventoryVerticle.Mode.NORMAL, true, 300);
    cluster.deployInventory(0, inventory);
  }

  @AfterAll
  static void stop() {
    cluster.close();
  }

  @Test
  void twentyConcurrentIdenticalPostsOverTwoNodesMakeOneOrderAndOneReservation() {
    String customer = "c-" + UUID.randomUUID();
    JsonObject body = order(customer, Map.of("same", 2));
    Map<String, String> key = Map.of("Idempotency-Key", UUID.randomUUID().toString());
    int callsBefore = inventory.reserveCalls();

    List<Future<HttpResponse<Buffer>>> posts = IntStream.range(0, 20)
        .mapToObj(i -> cluster.postAsync(i % 2, "/orders", body, key)).toList();
    await(Future.join(posts));

    List<HttpResponse<Buffer>> answers = posts.stream().map(Future::result).toList();
    assertThat(answers).allSatisfy(answer -> assertThat(answer.statusCode()).isEqualTo(201));
    assertThat(answers.stream().map(answer -> answer.bodyAsJsonObject().getString("id")).distinct()).hasSize(1);
    assertThat(inventory.reserveCalls() - callsBefore).isEqualTo(1);
    assertThat(inventory.counts("same")).containsExactly(98, 2, 0);
    assertThat(cluster.get(1, "/orders?customerId=" + customer).bodyAsJsonObject().getJsonArray("items")).hasSize(1);
    assertThat(inventory.auditOk()).isTrue();
  }

  @Test
  void sameKeyWithAnotherBodyOnAnotherNodeIs422() {
    Map<String, String> key = Map.of("Idempotency-Key", UUID.randomUUID().toString());
    String customer = "c-" + UUID.randomUUID();
    HttpResponse<Buffer> first = cluster.post(0, "/orders", order(customer, Map.of("cross", 1)), key);
    HttpResponse<Buffer> other = cluster.post(1, "/orders", order(customer, Map.of("cross", 2)), key);

    assertThat(first.statusCode()).isEqualTo(201);
    assertThat(other.statusCode()).isEqualTo(422);
    assertThat(other.bodyAsJsonObject().getString("title")).isEqualTo("Idempotency-Key reused");
    assertThat(inventory.stateOf(first.bodyAsJsonObject().getString("id"))).isEqualTo("RESERVED");
  }

  @Test
  void anAttemptWhoseNodeDiedIsTakenOverForTheSameOrder() {
    String customer = "c-" + UUID.randomUUID();
    JsonObject body = order(customer, Map.of("stale", 3));
    String key = UUID.randomUUID().toString();
    long longAgo = System.currentTimeMillis() - IdempotencyOptions.DEFAULT_STALE_MILLIS - 1000;
    Order orphan = Order.keyed(IdempotentOrders.scopedKey(customer, key),
        OrderRequest.parse(Buffer.buffer(body.encode())), longAgo, "an-attempt-whose-node-crashed");
    ClusterMembership.of(cluster.node(1)).hazelcast().getMap(OrderStore.MAP)
        .put(orphan.id(), new HazelcastJsonValue(orphan.encode()));

    HttpResponse<Buffer> retried = cluster.post(1, "/orders", body, Map.of("Idempotency-Key", key));

    assertThat(retried.statusCode()).isEqualTo(201);
    assertThat(retried.bodyAsJsonObject().getString("id")).isEqualTo(orphan.id());
    assertThat(inventory.stateOf(orphan.id())).isEqualTo("RESERVED");
  }

  @Test
  void aRepeatAnswersTheOrderAsItIsNow() {
    String customer = "c-" + UUID.randomUUID();
    JsonObject body = order(customer, Map.of("cross", 1));
    Map<String, String> key = Map.of("Idempotency-Key", UUID.randomUUID().toString());
    HttpResponse<Buffer> placed = cluster.post(0, "/orders", body, key);
    String id = placed.bodyAsJsonObject().getString("id");
    assertThat(cluster.post(1, "/orders/" + id + "/cancel", null, Map.of()).statusCode()).isEqualTo(200);

    HttpResponse<Buffer> repeat = cluster.post(1, "/orders", body, key);

    assertThat(placed.statusCode()).isEqualTo(201);
    assertThat(repeat.statusCode()).isEqualTo(201);
    assertThat(repeat.getHeader("Location")).isEqualTo("/orders/" + id);
    assertThat(repeat.bodyAsJsonObject().getString("status")).isEqualTo("CANCELLED");
    assertThat(repeat.bodyAsJsonObject().fieldNames()).as("stored fields stay inside")
        .doesNotContain("fingerprint", "attempt");
    assertThat(inventory.stateOf(id)).isEqualTo("RELEASED");
  }
}
