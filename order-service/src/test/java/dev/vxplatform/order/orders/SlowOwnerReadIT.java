package dev.vxplatform.order.orders;

import static dev.vxplatform.order.testing.OrderCluster.order;
import static dev.vxplatform.shared.testing.TestCluster.await;
import static org.assertj.core.api.Assertions.assertThat;

import com.hazelcast.core.HazelcastJsonValue;
import com.hazelcast.map.IMap;
import dev.vxplatform.order.reconciler.LeadershipListener;
import dev.vxplatform.order.testing.OrderCluster;
import dev.vxplatform.shared.cluster.ClusterMembership;
import dev.vxplatform.shared.db.DatabaseException;
import dev.vxplatform.shared.testing.PartitionHold;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.NetServer;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Pool;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A read whose partition owner does not answer (its partition thread held, as by an owner just cut off) is answered
 * from the table instead of waiting for the owner; when the table does not answer either (a paused database), the read
 * ends as the database being away, in time for the gateway's attempt, and so does a query of the table.
 */
class SlowOwnerReadIT {

  private static OrderCluster cluster;

  @BeforeAll
  static void start() {
    cluster = OrderCluster.start(2);
    cluster.deployOrders(OrderCluster.fastConfig(), LeadershipListener.logging());
    cluster.deployRealInventory(0);
  }

  @AfterAll
  static void stop() {
    cluster.close();
  }

  @Test
  void anOrderWhoseOwnerDoesNotAnswerIsReadFromTheTable() {
    String id = placeOrder();
    IMap<String, HazelcastJsonValue> orders = ClusterMembership.of(cluster.node(1)).hazelcast().getMap(OrderStore.MAP);

    try (PartitionHold hold = PartitionHold.of(orders, id)) {
      HttpResponse<Buffer> read = cluster.get(0, "/orders/" + id);

      assertThat(hold.letGo()).as("the owner was still held when the answer came").isFalse();
      assertThat(read.statusCode()).isEqualTo(200);
      assertThat(read.bodyAsJsonObject().getString("id")).isEqualTo(id);
      assertThat(read.bodyAsJsonObject().getString("status")).isEqualTo("CONFIRMED");
    }
  }

  @Test
  void aReadWhoseOwnerAndDatabaseDoNotAnswerEndsAsTheDatabaseAway() {
    String id = placeOrder();
    Vertx node = cluster.node(0);
    // Accepts connections and never says a word: a database paused mid-way, as SIGSTOP leaves it.
    NetServer silent = await(node.createNetServer().connectHandler(socket -> { }).listen(0, "127.0.0.1"));
    Pool paused = PgBuilder.pool().connectingTo(new PgConnectOptions().setHost("127.0.0.1")
        .setPort(silent.actualPort()).setDatabase("postgres").setUser("postgres")).using(node).build();
    OrderStore store = await(OrderStore.open(node, paused));
    IMap<String, HazelcastJsonValue> orders = ClusterMembership.of(cluster.node(1)).hazelcast().getMap(OrderStore.MAP);

    try (PartitionHold hold = PartitionHold.of(orders, id)) {
      Throwable failure = await(store.getPatiently(id).map(found -> (Throwable) null).recover(Future::succeededFuture));

      assertThat(hold.letGo()).as("the owner was still held when the read ended").isFalse();
      assertThat(failure).isInstanceOf(DatabaseException.class);
      Throwable listing = await(store.byCustomer("c-1", null, 10).map(page -> (Throwable) null)
          .recover(Future::succeededFuture));
      assertThat(listing).as("a customer's page from the silent database").isInstanceOf(DatabaseException.class);
    } finally {
      await(paused.close());
      await(silent.close());
    }
  }

  private static String placeOrder() {
    HttpResponse<Buffer> placed = cluster.post(0, "/orders", order("c-" + UUID.randomUUID(), Map.of("SKU-0001", 1)),
        Map.of("Idempotency-Key", UUID.randomUUID().toString()));
    assertThat(placed.statusCode()).isEqualTo(201);
    return placed.bodyAsJsonObject().getString("id");
  }
}
