package dev.vxplatform.order.cluster;

import static dev.vxplatform.order.testing.OrderCluster.order;
import static dev.vxplatform.shared.testing.TestCluster.await;
import static dev.vxplatform.shared.testing.TestCluster.waitUntil;
import static org.assertj.core.api.Assertions.assertThat;

import com.hazelcast.core.HazelcastInstance;
import dev.vxplatform.order.OrderConfig;
import dev.vxplatform.order.OrderVerticle;
import dev.vxplatform.order.orders.IdempotentOrders;
import dev.vxplatform.order.orders.Order;
import dev.vxplatform.order.orders.OrderStore;
import dev.vxplatform.order.testing.OrderCluster;
import dev.vxplatform.order.testing.RealInventory;
import dev.vxplatform.shared.cluster.ClusterMembership;
import dev.vxplatform.shared.web.Problems;
import dev.vxplatform.shared.testing.TestTokens;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientSession;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The order-service's event loop is stalled (as by kill -STOP or a long GC) while requests reach its socket: on
 * resume it answers every write 503 without writing anything, serves reads, and after the quarantine the same
 * Idempotency-Key makes exactly one order.
 */
class PauseFenceIT {

  private static final long STALL_MILLIS = 1500;
  private static final PauseFenceOptions FENCE = new PauseFenceOptions(1000, 1500);
  private static final String SKU = "SKU-0003";
  private static OrderCluster cluster;
  private static StallableOrderVerticle orders;
  private static Vertx clientVertx;
  private static WebClient client;

  /** The real verticle, plus a way to block its event loop. */
  static final class StallableOrderVerticle extends OrderVerticle {

    StallableOrderVerticle(OrderConfig config) {
      super(config);
    }

    /** Busy-waits on this verticle's event loop: it neither reads sockets nor runs timers meanwhile. */
    void stall(long millis, CountDownLatch started) {
      context.runOnContext(v -> {
        started.countDown();
        long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
        while (System.nanoTime() - end < 0) {
          LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
        }
      });
    }
  }

  @BeforeAll
  static void start() {
    cluster = OrderCluster.start(1);
    orders = new StallableOrderVerticle(OrderCluster.fastConfig().withPauseFence(FENCE));
    await(cluster.node(0).deployVerticle(orders));
    RealInventory.deploy(cluster.node(0));
    waitUntil("the order-service sees inventory", Duration.ofSeconds(5), orders::seesInventory);
    // The client on a Vert.x of its own: its event loop must not be the stalled one.
    clientVertx = Vertx.vertx();
    client = WebClientSession.create(WebClient.create(clientVertx)).addHeader("Authorization", TestTokens.operator());
  }

  @AfterAll
  static void stop() {
    client.close();
    await(clientVertx.close());
    cluster.close();
  }

  @Test
  void writesReachingAStalledNodeAre503AndWriteNothingThenTheSameKeySucceedsOnce() throws Exception {
    HttpResponse<Buffer> existing = await(post("/orders", order("c-" + UUID.randomUUID(), Map.of(SKU, 1)), null));
    assertThat(existing.statusCode()).isEqualTo(201);
    String existingId = existing.bodyAsJsonObject().getString("id");
    HazelcastInstance hazelcast = ClusterMembership.of(cluster.node(0)).hazelcast();
    int ordersBefore = hazelcast.getMap(OrderStore.MAP).size();
    int[] stockBefore = RealInventory.stock(cluster.node(0), SKU);
    String customer = "c-" + UUID.randomUUID();
    JsonObject body = order(customer, Map.of(SKU, 2));
    String key = UUID.randomUUID().toString();

    CountDownLatch stalled = new CountDownLatch(1);
    orders.stall(STALL_MILLIS, stalled);
    assertThat(stalled.await(5, TimeUnit.SECONDS)).isTrue();
    Future<HttpResponse<Buffer>> keyed = post("/orders", body, key);
    Future<HttpResponse<Buffer>> unkeyed = post("/orders", order(customer, Map.of(SKU, 1)), null);
    Future<HttpResponse<Buffer>> cancel = post("/orders/" + existingId + "/cancel", null, null);
    Future<HttpResponse<Buffer>> read = client.get(orders.port(), "127.0.0.1", "/orders/" + existingId).send();
    await(Future.join(keyed, unkeyed, cancel, read));

    for (Future<HttpResponse<Buffer>> write : List.of(keyed, unkeyed, cancel)) {
      HttpResponse<Buffer> refused = write.result();
      assertThat(refused.statusCode()).isEqualTo(503);
      assertThat(refused.getHeader("Content-Type")).isEqualTo(Problems.CONTENT_TYPE);
      assertThat(refused.getHeader("Retry-After")).isEqualTo("1");
      assertThat(refused.bodyAsJsonObject().getString("title")).isEqualTo("Node recovering from a stall");
    }
    assertThat(read.result().statusCode()).isEqualTo(200);
    assertThat(hazelcast.getMap(OrderStore.MAP).containsKey(Order.idForKey(IdempotentOrders.scopedKey(customer, key))))
        .isFalse();
    assertThat(hazelcast.getMap(OrderStore.MAP).size()).isEqualTo(ordersBefore);
    assertThat(RealInventory.stock(cluster.node(0), SKU)).containsExactly(stockBefore);
    assertThat(RealInventory.reservation(cluster.node(0), existingId)).isEqualTo("RESERVED");

    waitUntil("the quarantine is over", Duration.ofSeconds(10), () -> !orders.refusesWrites());
    HttpResponse<Buffer> retried = await(post("/orders", body, key));
    HttpResponse<Buffer> again = await(post("/orders", body, key));

    assertThat(retried.statusCode()).isEqualTo(201);
    assertThat(again.bodyAsJsonObject().getString("id")).isEqualTo(retried.bodyAsJsonObject().getString("id"));
    JsonObject page = await(client.get(orders.port(), "127.0.0.1", "/orders?customerId=" + customer).send())
        .bodyAsJsonObject();
    assertThat(page.getJsonArray("items")).hasSize(1);
    assertThat(hazelcast.getMap(OrderStore.MAP).size()).isEqualTo(ordersBefore + 1);
  }

  private static Future<HttpResponse<Buffer>> post(String path, JsonObject body, String key) {
    HttpRequest<Buffer> request = client.post(orders.port(), "127.0.0.1", path);
    if (key != null) {
      request.putHeader("Idempotency-Key", key);
    }
    return body == null ? request.send() : request.sendJsonObject(body);
  }
}
