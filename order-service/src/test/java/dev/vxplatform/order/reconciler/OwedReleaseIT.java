package dev.vxplatform.order.reconciler;

import static dev.vxplatform.order.testing.OrderCluster.order;
import static dev.vxplatform.shared.testing.TestCluster.waitUntil;
import static org.assertj.core.api.Assertions.assertThat;

import dev.vxplatform.order.orders.OwedReleases;
import dev.vxplatform.order.testing.FakeInventoryVerticle;
import dev.vxplatform.order.testing.FakeInventoryVerticle.Mode;
import dev.vxplatform.order.testing.OrderCluster;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.client.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The reconciler ends an order whose reservation was abandoned, and inventory refuses the release at that moment:
 * the order is REJECTED, so no later pass looks at it as PENDING, yet its units must not stay held. The release
 * was owed before the order was ended, and a later pass makes it once inventory answers.
 */
class OwedReleaseIT {

  private static final String SKU = "owed";
  private static OrderCluster cluster;

  @BeforeAll
  static void start() {
    cluster = OrderCluster.start(1);
    cluster.deployOrders(OrderCluster.fastConfig(), LeaseListener.logging());
  }

  @AfterAll
  static void stop() {
    cluster.close();
  }

  @Test
  void releaseRefusedWhenTheOrderWasRejectedIsMadeByALaterPass() {
    FakeInventoryVerticle inventory = new FakeInventoryVerticle(Map.of(SKU, 10), Mode.SILENT);
    String deployment = cluster.deployInventory(0, inventory);
    try {
      HttpResponse<Buffer> placed = cluster.post(0, "/orders", order("c-" + UUID.randomUUID(), Map.of(SKU, 1)),
          Map.of());
      assertThat(placed.statusCode()).as("placed while inventory is hung").isEqualTo(503);
      String orderId = placed.bodyAsJsonObject().getString("orderId");
      // What an inventory coordinator that died mid-way leaves: the unit held, the attempt abandoned.
      inventory.abandonDirectly(orderId, Map.of(SKU, 1));
      inventory.refuseReleases(true);
      inventory.setMode(Mode.NORMAL);

      waitUntil("the reconciler rejected the order", Duration.ofSeconds(15),
          () -> "REJECTED".equals(status(orderId)));
      assertThat(inventory.counts(SKU)).as("{available, reserved, sold} while releases are refused")
          .containsExactly(9, 1, 0);

      inventory.refuseReleases(false);
      waitUntil("a later pass released the unit", Duration.ofSeconds(15), () -> inventory.counts(SKU)[1] == 0);
      assertThat(inventory.counts(SKU)).containsExactly(10, 0, 0);
      assertThat(inventory.stateOf(orderId)).isEqualTo("RELEASED");
      waitUntil("nothing is owed any more", Duration.ofSeconds(5),
          () -> cluster.rows("SELECT count(*) FROM " + OwedReleases.TABLE) == 0);
      assertThat(status(orderId)).isEqualTo("REJECTED");
    } finally {
      cluster.undeploy(0, deployment);
    }
  }

  private static String status(String orderId) {
    return cluster.get(0, "/orders/" + orderId).bodyAsJsonObject().getString("status");
  }
}
