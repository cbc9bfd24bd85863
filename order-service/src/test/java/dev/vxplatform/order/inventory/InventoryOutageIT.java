package dev.vxplatform.order.inventory;

import static dev.vxplatform.order.testing.OrderCluster.order;
import static dev.vxplatform.shared.testing.TestCluster.waitUntil;
import static org.assertj.core.api.Assertions.assertThat;

import dev.vxplatform.order.orders.OwedReleases;
import dev.vxplatform.order.reconciler.LeadershipListener;
import dev.vxplatform.order.testing.FakeInventoryVerticle;
import dev.vxplatform.order.testing.FakeInventoryVerticle.Mode;
import dev.vxplatform.order.testing.OrderCluster;
import io.vertx.circuitbreaker.CircuitBreakerState;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.client.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Inventory hung, losing replies, or gone: orders answer 503 with Retry-After within the timeout, the breaker
 * opens and fails fast, orders stay PENDING, and the reconciler resolves them once inventory is back. A release
 * inventory refuses when the reconciler ends an order is made by a later pass ({@code OwedReleases}).
 */
class InventoryOutageIT {

  private static final Logger LOG = LoggerFactory.getLogger(InventoryOutageIT.class);
  private static final long TIMEOUT_MILLIS = OrderCluster.FAST_INVENTORY.timeoutMillis();
  private static OrderCluster cluster;

  @BeforeAll
  static void start() {
    cluster = OrderCluster.start(1);
    cluster.deployOrders(OrderCluster.fastConfig(), LeadershipListener.logging());
    warmUp();
  }

  /**
   * One order through a healthy inventory first, so that the timings below measure the inventory timeout and the
   * breaker, not a cold JVM and database pool (alone, the first order here took over a second more than later ones).
   */
  private static void warmUp() {
    FakeInventoryVerticle inventory = new FakeInventoryVerticle(Map.of("warm-up", 1), Mode.NORMAL);
    String deployment = cluster.deployInventory(0, inventory);
    try {
      assertThat(place("warm-up").statusCode()).as("an order through a healthy inventory").isEqualTo(201);
    } finally {
      cluster.undeploy(0, deployment);
    }
  }

  @AfterAll
  static void stop() {
    cluster.close();
  }

  @BeforeEach
  void circuitNotOpen() {
    waitUntil("the circuit left OPEN", Duration.ofMillis(OrderCluster.FAST_INVENTORY.resetMillis() + 2000),
        () -> cluster.orders(0).inventoryCircuit() != CircuitBreakerState.OPEN);
  }

  @Test
  void hungInventoryOpensTheBreakerAndTheReconcilerResolvesPendingOrdersWhenItReturns() {
    FakeInventoryVerticle inventory = new FakeInventoryVerticle(Map.of("hung", 10), Mode.SILENT);
    String deployment = cluster.deployInventory(0, inventory);
    try {
      long started = System.nanoTime();
      HttpResponse<Buffer> first = place("hung");
      long firstMillis = (System.nanoTime() - started) / 1_000_000;
      HttpResponse<Buffer> second = place("hung");
      assertThat(cluster.orders(0).inventoryCircuit()).isEqualTo(CircuitBreakerState.OPEN);
      long openStarted = System.nanoTime();
      HttpResponse<Buffer> whileOpen = place("hung");
      long openMillis = (System.nanoTime() - openStarted) / 1_000_000;
      LOG.info("hung inventory: 503 after {} ms (timeout {} ms); while open after {} ms", firstMillis,
          TIMEOUT_MILLIS, openMillis);

      for (HttpResponse<Buffer> response : List.of(first, second, whileOpen)) {
        assertThat(response.statusCode()).isEqualTo(503);
        assertThat(response.getHeader("Retry-After")).isEqualTo("3");
        assertThat(status(response)).isEqualTo("PENDING");
      }
      assertThat(firstMillis).isLessThan(TIMEOUT_MILLIS + 1000);
      assertThat(openMillis).isLessThan(500);
      assertThat(whileOpen.bodyAsJsonObject().getString("detail")).contains("circuit");

      inventory.setMode(Mode.NORMAL);
      waitUntil("the reconciler resolved the PENDING orders", Duration.ofSeconds(15),
          () -> List.of(first, second, whileOpen).stream().noneMatch(r -> "PENDING".equals(status(r))));
      assertThat(List.of(first, second, whileOpen)).allMatch(r -> "REJECTED".equals(status(r)));
      assertThat(inventory.counts("hung")).containsExactly(10, 0, 0);
      assertThat(inventory.auditOk()).isTrue();
      waitUntil("the circuit left OPEN", Duration.ofSeconds(5),
          () -> cluster.orders(0).inventoryCircuit() != CircuitBreakerState.OPEN);
      assertThat(place("hung").statusCode()).isEqualTo(201);
    } finally {
      cluster.undeploy(0, deployment);
    }
  }

  @Test
  void reservationWhoseReplyWasLostIsConfirmedByTheReconciler() {
    FakeInventoryVerticle inventory = new FakeInventoryVerticle(Map.of("lost", 10), Mode.SWALLOW_REPLIES);
    String deployment = cluster.deployInventory(0, inventory);
    try {
      HttpResponse<Buffer> response = place("lost");
      assertThat(response.statusCode()).isEqualTo(503);
      assertThat(inventory.stateOf(response.bodyAsJsonObject().getString("orderId"))).isEqualTo("RESERVED");

      inventory.setMode(Mode.NORMAL);
      waitUntil("the reconciler confirmed the order", Duration.ofSeconds(15),
          () -> "CONFIRMED".equals(status(response)));
      assertThat(inventory.counts("lost")).containsExactly(9, 1, 0);
      assertThat(inventory.auditOk()).isTrue();
    } finally {
      cluster.undeploy(0, deployment);
    }
  }

  @Test
  void cancelWhileInventoryIsHungAnswers503AndChangesNothing() {
    FakeInventoryVerticle inventory = new FakeInventoryVerticle(Map.of("cancel-hung", 10), Mode.NORMAL);
    String deployment = cluster.deployInventory(0, inventory);
    try {
      HttpResponse<Buffer> placed = place("cancel-hung");
      String id = placed.bodyAsJsonObject().getString("id");
      inventory.setMode(Mode.SILENT);

      HttpResponse<Buffer> cancel = cluster.post(0, "/orders/" + id + "/cancel", null, Map.of());

      assertThat(cancel.statusCode()).isEqualTo(503);
      assertThat(cancel.getHeader("Retry-After")).isEqualTo("3");
      assertThat(status(placed)).isEqualTo("CONFIRMED");
      assertThat(inventory.counts("cancel-hung")).containsExactly(9, 1, 0);
      inventory.setMode(Mode.NORMAL);
      assertThat(cluster.post(0, "/orders/" + id + "/cancel", null, Map.of()).statusCode()).isEqualTo(200);
      assertThat(inventory.counts("cancel-hung")).containsExactly(10, 0, 0);
    } finally {
      cluster.undeploy(0, deployment);
    }
  }

  @Test
  void retryWithTheSameKeyResumesTheSameOrder() {
    FakeInventoryVerticle inventory = new FakeInventoryVerticle(Map.of("retry", 10), Mode.SILENT);
    String deployment = cluster.deployInventory(0, inventory);
    try {
      Map<String, String> key = Map.of("Idempotency-Key", UUID.randomUUID().toString());
      var body = order("c-" + UUID.randomUUID(), Map.of("retry", 2));
      HttpResponse<Buffer> first = cluster.post(0, "/orders", body, key);
      assertThat(first.statusCode()).isEqualTo(503);

      inventory.setMode(Mode.NORMAL);
      circuitNotOpen();
      HttpResponse<Buffer> retry = cluster.post(0, "/orders", body, key);

      // The retry resumes the order, unless the reconciler resolved it first: either way the same order.
      String orderId = first.bodyAsJsonObject().getString("orderId");
      assertThat(retry.statusCode()).isIn(201, 409);
      String retried = retry.statusCode() == 201 ? retry.bodyAsJsonObject().getString("id")
          : retry.bodyAsJsonObject().getString("orderId");
      assertThat(retried).isEqualTo(orderId);
      assertThat(inventory.reservationCount()).isLessThanOrEqualTo(1);
      waitUntil("the order is settled", Duration.ofSeconds(10), () -> !"PENDING".equals(status(first)));
      assertThat(inventory.auditOk()).isTrue();
    } finally {
      cluster.undeploy(0, deployment);
    }
  }

  @Test
  void inventoryGoneFromDiscoveryAnswers503AtOnceAndServesAgainWhenRedeployed() {
    String deployment = cluster.deployInventory(0, new FakeInventoryVerticle(Map.of("gone", 10), Mode.NORMAL));
    cluster.undeploy(0, deployment);
    waitUntil("inventory left the view", Duration.ofSeconds(5), () -> !cluster.orders(0).seesInventory());

    long started = System.nanoTime();
    HttpResponse<Buffer> unavailable = place("gone");
    long millis = (System.nanoTime() - started) / 1_000_000;
    assertThat(unavailable.statusCode()).isEqualTo(503);
    assertThat(unavailable.bodyAsJsonObject().getString("detail")).contains("discovery");
    assertThat(millis).isLessThan(500);

    FakeInventoryVerticle back = new FakeInventoryVerticle(Map.of("gone", 10), Mode.NORMAL);
    String again = cluster.deployInventory(0, back);
    try {
      assertThat(place("gone").statusCode()).isEqualTo(201);
      waitUntil("the PENDING order is resolved", Duration.ofSeconds(10),
          () -> !"PENDING".equals(status(unavailable)));
      assertThat(back.auditOk()).isTrue();
    } finally {
      cluster.undeploy(0, again);
    }
  }

  @Test
  void releaseRefusedWhenTheReconcilerRejectedIsMadeByALaterPass() {
    FakeInventoryVerticle inventory = new FakeInventoryVerticle(Map.of("owed", 10), Mode.SILENT);
    String deployment = cluster.deployInventory(0, inventory);
    try {
      HttpResponse<Buffer> placed = place("owed");
      assertThat(placed.statusCode()).as("placed while inventory is hung").isEqualTo(503);
      String orderId = placed.bodyAsJsonObject().getString("orderId");
      // What an inventory coordinator that died mid-way leaves: the unit held, the attempt abandoned.
      inventory.abandonDirectly(orderId, Map.of("owed", 1));
      inventory.refuseReleases(true);
      inventory.setMode(Mode.NORMAL);

      // REJECTED: no later pass looks at the order as PENDING, yet its unit must not stay held.
      waitUntil("the reconciler rejected the order", Duration.ofSeconds(15),
          () -> "REJECTED".equals(status(placed)));
      assertThat(inventory.counts("owed")).as("{available, reserved, sold} while releases are refused")
          .containsExactly(9, 1, 0);

      inventory.refuseReleases(false);
      waitUntil("a later pass released the unit", Duration.ofSeconds(15), () -> inventory.counts("owed")[1] == 0);
      assertThat(inventory.counts("owed")).containsExactly(10, 0, 0);
      assertThat(inventory.stateOf(orderId)).isEqualTo("RELEASED");
      waitUntil("nothing is owed any more", Duration.ofSeconds(5),
          () -> cluster.rows("SELECT count(*) FROM " + OwedReleases.TABLE) == 0);
      assertThat(status(placed)).isEqualTo("REJECTED");
    } finally {
      cluster.undeploy(0, deployment);
    }
  }

  private static HttpResponse<Buffer> place(String sku) {
    return cluster.post(0, "/orders", order("c-" + UUID.randomUUID(), Map.of(sku, 1)), Map.of());
  }

  private static String status(HttpResponse<Buffer> placed) {
    String id = placed.statusCode() == 201 ? placed.bodyAsJsonObject().getString("id")
        : placed.bodyAsJsonObject().getString("orderId");
    return cluster.get(0, "/orders/" + id).bodyAsJsonObject().getString("status");
  }
}
