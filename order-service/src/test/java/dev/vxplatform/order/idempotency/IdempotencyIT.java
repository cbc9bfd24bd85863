package dev.vxplatform.order.idempotency;

import static dev.vxplatform.order.testing.OrderCluster.order;
import static dev.vxplatform.shared.testing.TestCluster.await;
import static org.assertj.core.api.Assertions.assertThat;

import com.hazelcast.core.HazelcastJsonValue;
import dev.vxplatform.order.orders.Order;
import dev.vxplatform.order.orders.OrderRequest;
import dev.vxplatform.order.reconciler.LeaseListener;
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
    cluster.deployOrders(OrderCluster.fastConfig(), LeaseListener.logging());
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
    String orderId = Order.newId();
    String fingerprint = OrderRequest.parse(Buffer.buffer(body.encode())).fingerprint();
    long longAgo = System.currentTimeMillis() - IdempotencyOptions.DEFAULT_STALE_MILLIS - 1000;
    KeyRecord orphan = KeyRecord.started(fingerprint, orderId, "a-node-that-crashed", longAgo);
    ClusterMembership.of(cluster.node(1)).hazelcast().getMap(IdempotentRequests.MAP)
        .put(IdempotentRequests.scopedKey(customer, key), new HazelcastJsonValue(orphan.encode()));

    HttpResponse<Buffer> retried = cluster.post(1, "/orders", body, Map.of("Idempotency-Key", key));

    assertThat(retried.statusCode()).isEqualTo(201);
    assertThat(retried.bodyAsJsonObject().getString("id")).isEqualTo(orderId);
    assertThat(inventory.stateOf(orderId)).isEqualTo("RESERVED");
  }
}
