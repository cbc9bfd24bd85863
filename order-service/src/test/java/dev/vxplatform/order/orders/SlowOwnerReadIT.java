package dev.vxplatform.order.orders;

import static dev.vxplatform.order.testing.OrderCluster.order;
import static dev.vxplatform.shared.testing.TestCluster.waitUntil;
import static org.assertj.core.api.Assertions.assertThat;

import com.hazelcast.core.HazelcastJsonValue;
import com.hazelcast.map.EntryProcessor;
import com.hazelcast.map.IMap;
import dev.vxplatform.order.reconciler.LeaseListener;
import dev.vxplatform.order.testing.OrderCluster;
import dev.vxplatform.shared.cluster.ClusterMembership;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.client.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.Map.Entry;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A read whose partition owner does not answer (here: its partition thread is held, as by an owner just cut off)
 * is answered from the table instead of waiting for the owner.
 */
class SlowOwnerReadIT {

  private static final CountDownLatch RELEASE = new CountDownLatch(1);
  private static final AtomicBoolean HELD = new AtomicBoolean();
  private static final AtomicBoolean LET_GO = new AtomicBoolean();
  private static OrderCluster cluster;

  @BeforeAll
  static void start() {
    cluster = OrderCluster.start(2);
    cluster.deployOrders(OrderCluster.fastConfig(), LeaseListener.logging());
    cluster.deployRealInventory(0);
  }

  @AfterEach
  void release() {
    RELEASE.countDown();
  }

  @AfterAll
  static void stop() {
    cluster.close();
  }

  @Test
  void anOrderWhoseOwnerDoesNotAnswerIsReadFromTheTable() throws Exception {
    HttpResponse<Buffer> placed = cluster.post(0, "/orders", order("c-" + UUID.randomUUID(), Map.of("SKU-0001", 1)),
        Map.of("Idempotency-Key", UUID.randomUUID().toString()));
    assertThat(placed.statusCode()).isEqualTo(201);
    String id = placed.bodyAsJsonObject().getString("id");
    IMap<String, HazelcastJsonValue> orders = ClusterMembership.of(cluster.node(1)).hazelcast().getMap(OrderStore.MAP);
    orders.submitToKey(id, new HoldPartition());
    waitUntil("the owner's partition thread is held", Duration.ofSeconds(10), HELD::get);

    HttpResponse<Buffer> read = cluster.get(0, "/orders/" + id);

    assertThat(LET_GO.get()).as("the owner was still held when the answer came").isFalse();
    assertThat(read.statusCode()).isEqualTo(200);
    assertThat(read.bodyAsJsonObject().getString("id")).isEqualTo(id);
    assertThat(read.bodyAsJsonObject().getString("status")).isEqualTo("CONFIRMED");
  }

  /** Holds the partition thread of the key's owner (at most 20 s), changing nothing. */
  private static final class HoldPartition implements EntryProcessor<String, HazelcastJsonValue, Object> {
    @Override
    public Object process(Entry<String, HazelcastJsonValue> entry) {
      HELD.set(true);
      try {
        RELEASE.await(20, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      LET_GO.set(true);
      return null;
    }

    @Override
    public EntryProcessor<String, HazelcastJsonValue, Object> getBackupProcessor() {
      return null;
    }
  }
}
