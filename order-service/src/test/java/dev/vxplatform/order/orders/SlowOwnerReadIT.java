package dev.vxplatform.order.orders;

import static dev.vxplatform.order.testing.OrderCluster.order;
import static org.assertj.core.api.Assertions.assertThat;

import com.hazelcast.core.HazelcastJsonValue;
import com.hazelcast.map.IMap;
import dev.vxplatform.order.reconciler.LeadershipListener;
import dev.vxplatform.order.testing.OrderCluster;
import dev.vxplatform.shared.cluster.ClusterMembership;
import dev.vxplatform.shared.testing.PartitionHold;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.client.HttpResponse;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A read whose partition owner does not answer (its partition thread held, as by an owner just cut off) is answered
 * from the table instead of waiting for the owner.
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
    HttpResponse<Buffer> placed = cluster.post(0, "/orders", order("c-" + UUID.randomUUID(), Map.of("SKU-0001", 1)),
        Map.of("Idempotency-Key", UUID.randomUUID().toString()));
    assertThat(placed.statusCode()).isEqualTo(201);
    String id = placed.bodyAsJsonObject().getString("id");
    IMap<String, HazelcastJsonValue> orders = ClusterMembership.of(cluster.node(1)).hazelcast().getMap(OrderStore.MAP);

    try (PartitionHold hold = PartitionHold.of(orders, id)) {
      HttpResponse<Buffer> read = cluster.get(0, "/orders/" + id);

      assertThat(hold.letGo()).as("the owner was still held when the answer came").isFalse();
      assertThat(read.statusCode()).isEqualTo(200);
      assertThat(read.bodyAsJsonObject().getString("id")).isEqualTo(id);
      assertThat(read.bodyAsJsonObject().getString("status")).isEqualTo("CONFIRMED");
    }
  }
}
