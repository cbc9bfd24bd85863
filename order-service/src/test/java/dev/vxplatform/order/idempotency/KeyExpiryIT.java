package dev.vxplatform.order.idempotency;

import static dev.vxplatform.order.testing.OrderCluster.order;
import static dev.vxplatform.shared.testing.TestCluster.waitUntil;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.hazelcast.core.HazelcastJsonValue;
import com.hazelcast.map.IMap;
import dev.vxplatform.order.reconciler.LeaseListener;
import dev.vxplatform.order.testing.FakeInventoryVerticle;
import dev.vxplatform.order.testing.OrderCluster;
import dev.vxplatform.shared.cluster.ClusterMembership;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.client.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A key's time to live is the key map's own, configured cluster-wide, so it gets a cluster of its own here: a node
 * with another IDEMPOTENCY_TTL_SECONDS cannot join the maps of a running one.
 */
class KeyExpiryIT {

  private static OrderCluster cluster;

  @BeforeAll
  static void start() {
    cluster = OrderCluster.start(2);
    cluster.deployOrders(OrderCluster.fastConfig().withIdempotency(new IdempotencyOptions(1, 5000, 15_000, 25)),
        LeaseListener.logging());
    cluster.deployInventory(0, new FakeInventoryVerticle(Map.of("cross", 100), FakeInventoryVerticle.Mode.NORMAL,
        true, 0));
  }

  @AfterAll
  static void stop() {
    cluster.close();
  }

  @Test
  void aKeyIsForgottenAfterItsTimeToLive() {
    String key = UUID.randomUUID().toString();
    String customer = "c-" + UUID.randomUUID();
    IMap<String, HazelcastJsonValue> keys = ClusterMembership.of(cluster.node(0)).hazelcast()
        .getMap(IdempotentRequests.MAP);
    HttpResponse<Buffer> first = cluster.post(1, "/orders", order(customer, Map.of("cross", 1)),
        Map.of("Idempotency-Key", key));
    assertThat(keys.containsKey(IdempotentRequests.scopedKey(customer, key))).isTrue();
    assertThat(first.statusCode()).isEqualTo(201);
    long answeredAt = System.currentTimeMillis();

    // Hazelcast keeps expiry in whole seconds: a 1 s TTL ends within 0 to 1 s in memory; the table keeps the exact
    // expiry, 1 s after the last write, which came before the answer.
    waitUntil("the key expired", Duration.ofSeconds(3),
        () -> !keys.containsKey(IdempotentRequests.scopedKey(customer, key))
            && System.currentTimeMillis() > answeredAt + 1000);
    HttpResponse<Buffer> reused = cluster.post(1, "/orders", order(customer, Map.of("cross", 2)),
        Map.of("Idempotency-Key", key));

    assertThat(reused.statusCode()).isEqualTo(201);
    assertThat(reused.bodyAsJsonObject().getString("id")).isNotEqualTo(first.bodyAsJsonObject().getString("id"));
  }

  @Test
  void aNodeWithAnotherTimeToLiveCannotStartItsOrders() {
    IdempotencyOptions otherTtl = new IdempotencyOptions(2, 5000, 15_000, 25);
    assertThatThrownBy(() -> cluster.deployExtra(0, OrderCluster.fastConfig().withIdempotency(otherTtl)))
        .hasMessageContaining("conflicting configuration");
  }
}
