package dev.vxplatform.inventory.reservation;

import static dev.vxplatform.shared.testing.TestCluster.await;
import static org.assertj.core.api.Assertions.assertThat;

import dev.vxplatform.inventory.InventoryConfig;
import dev.vxplatform.inventory.InventoryTesting;
import dev.vxplatform.inventory.InventoryTesting.Response;
import dev.vxplatform.inventory.stock.StockMaps;
import dev.vxplatform.shared.cluster.ClusterMembership;
import dev.vxplatform.shared.contract.InventoryContract;
import dev.vxplatform.shared.contract.stock.StockMutation;
import dev.vxplatform.shared.contract.stock.StockRecord;
import io.vertx.core.Future;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.servicediscovery.Record;
import io.vertx.servicediscovery.ServiceDiscovery;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Reservations on a three-node cluster: concurrency, idempotency, all-or-nothing, release and commit. */
class ReservationIT {

  private static InventoryTesting inventory;

  @BeforeAll
  static void start() {
    inventory = InventoryTesting.start(3, InventoryConfig.forTests());
  }

  @AfterAll
  static void stop() {
    inventory.close();
  }

  @Test
  void twoHundredConcurrentReservationsOfFiftyUnitsHoldExactlyFifty() {
    String sku = newSku();
    inventory.product(inventory.port(0), sku, 50);

    List<Future<Integer>> answers = new ArrayList<>();
    List<Future<Response>> reads = new ArrayList<>();
    for (int i = 0; i < 200; i++) {
      JsonObject body = InventoryTesting.reservation("conc-" + sku + "-" + i, sku, 1);
      int node = i % 3;
      if (i % 2 == 0) {
        answers.add(inventory.httpAsync(HttpMethod.POST, inventory.port(node), "/reservations", body)
            .map(Response::status));
      } else {
        answers.add(inventory.requestAsync(inventory.node(node), InventoryContract.RESERVE, body)
            .map(reply -> 201).recover(failure -> Future.succeededFuture(InventoryTesting.failureCode(failure))));
      }
      if (i % 10 == 0) {
        reads.add(inventory.httpAsync(HttpMethod.GET, inventory.port(node), "/stock/" + sku, null));
      }
    }
    await(Future.join(answers).otherwiseEmpty());
    await(Future.join(reads).otherwiseEmpty());

    List<Integer> statuses = answers.stream().map(Future::result).toList();
    assertThat(statuses).filteredOn(status -> status == 201).hasSize(50);
    assertThat(statuses).filteredOn(status -> status == 409).hasSize(150);
    assertThat(reads).allSatisfy(read -> assertThat(read.result().json().getLong("available")).isNotNegative());
    JsonObject stock = inventory.get(inventory.port(1), "/stock/" + sku).json();
    assertThat(stock.getLong("available")).isZero();
    assertThat(stock.getLong("reserved")).isEqualTo(50);
    assertAuditOk();
  }

  @Test
  void theSameReservationSentTwiceAndConcurrentlyHoldsOnce() {
    String sku = newSku();
    inventory.product(inventory.port(0), sku, 20);
    JsonObject body = InventoryTesting.reservation("dup-" + sku, sku, 3);

    Response first = inventory.http(HttpMethod.POST, inventory.port(0), "/reservations", body);
    Response second = inventory.http(HttpMethod.POST, inventory.port(1), "/reservations", body);

    assertThat(first.status()).isEqualTo(201);
    assertThat(first.json().getBoolean("changed")).isTrue();
    assertThat(second.status()).isEqualTo(201);
    assertThat(second.json().getBoolean("changed")).isFalse();
    assertThat(stock(sku).getLong("reserved")).isEqualTo(3);

    JsonObject concurrent = InventoryTesting.reservation("dup2-" + sku, sku, 4);
    List<Future<JsonObject>> replies = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      replies.add(inventory.requestAsync(inventory.node(i % 3), InventoryContract.RESERVE, concurrent));
    }
    await(Future.all(replies));

    assertThat(replies).allSatisfy(reply -> assertThat(reply.result().getString("state")).isEqualTo("RESERVED"));
    assertThat(replies).filteredOn(reply -> reply.result().getBoolean("changed")).hasSize(1);
    assertThat(stock(sku).getLong("reserved")).isEqualTo(7);
    assertThat(stock(sku).getLong("available")).isEqualTo(13);
  }

  @Test
  void releaseTwiceIsANoOpAndCommitAfterReleaseFailsCleanly() {
    String sku = newSku();
    inventory.product(inventory.port(0), sku, 10);
    String order = "rel-" + sku;
    inventory.http(HttpMethod.POST, inventory.port(0), "/reservations", InventoryTesting.reservation(order, sku, 4));

    Response released = inventory.http(HttpMethod.DELETE, inventory.port(1), "/reservations/" + order, null);
    Response again = inventory.http(HttpMethod.DELETE, inventory.port(2), "/reservations/" + order, null);
    Response commit = inventory.http(HttpMethod.POST, inventory.port(0), "/reservations/" + order + "/commit", null);
    Response reserveAgain = inventory.http(HttpMethod.POST, inventory.port(0), "/reservations",
        InventoryTesting.reservation(order, sku, 4));

    assertThat(released.json()).isEqualTo(finished(order, "RELEASED", true));
    assertThat(again.json()).isEqualTo(finished(order, "RELEASED", false));
    assertThat(commit.status()).isEqualTo(409);
    assertThat(commit.isProblem()).isTrue();
    assertThat(commit.json().getString("detail")).contains("released");
    assertThat(reserveAgain.status()).isEqualTo(409);
    assertThat(stock(sku)).isEqualTo(counters(sku, 10, 0, 0));
    assertThat(inventory.get(inventory.port(2), "/reservations/" + order).json().getString("state"))
        .isEqualTo("RELEASED");
  }

  @Test
  void commitSellsTheHeldUnitsOnceAndAReleaseAfterwardsChangesNothing() {
    String sku = newSku();
    inventory.product(inventory.port(0), sku, 10);
    String order = "com-" + sku;
    inventory.http(HttpMethod.POST, inventory.port(0), "/reservations", InventoryTesting.reservation(order, sku, 4));

    JsonObject committed = await(inventory.requestAsync(inventory.node(1), InventoryContract.COMMIT,
        new JsonObject().put("orderId", order)));
    JsonObject again = await(inventory.requestAsync(inventory.node(2), InventoryContract.COMMIT,
        new JsonObject().put("orderId", order)));
    Response release = inventory.http(HttpMethod.DELETE, inventory.port(0), "/reservations/" + order, null);

    assertThat(committed).isEqualTo(finished(order, "COMMITTED", true));
    assertThat(again).isEqualTo(finished(order, "COMMITTED", false));
    assertThat(release.json()).isEqualTo(finished(order, "COMMITTED", false));
    assertThat(stock(sku)).isEqualTo(counters(sku, 6, 0, 4));
    JsonObject state = await(inventory.requestAsync(inventory.node(0), InventoryContract.GET_RESERVATION,
        new JsonObject().put("orderId", order)));
    assertThat(state.getString("state")).isEqualTo("COMMITTED");
    assertThat(state.getJsonArray("items").getJsonObject(0).getString("state")).isEqualTo("COMMITTED");
  }

  @Test
  void aMultiItemReservationWithOneShortSkuHoldsNothing() {
    String plenty = newSku();
    String scarce = newSku();
    inventory.product(inventory.port(0), plenty, 10);
    inventory.product(inventory.port(1), scarce, 1);
    String order = "aon-" + plenty;

    Response refused = inventory.http(HttpMethod.POST, inventory.port(2), "/reservations",
        InventoryTesting.reservation(order, plenty, 5, scarce, 2));

    assertThat(refused.status()).isEqualTo(409);
    assertThat(refused.isProblem()).isTrue();
    assertThat(refused.json().getJsonArray("short")).containsExactly(
        new JsonObject().put("sku", scarce).put("requested", 2).put("available", 1));
    assertThat(stock(plenty)).isEqualTo(counters(plenty, 10, 0, 0));
    assertThat(stock(scarce)).isEqualTo(counters(scarce, 1, 0, 0));
    JsonObject state = inventory.get(inventory.port(0), "/reservations/" + order).json();
    assertThat(state.getString("state")).isEqualTo("NONE");
    assertThat(state.getJsonArray("items").stream().map(item -> ((JsonObject) item).getString("state")))
        .containsOnly("NONE");

    Response retried = inventory.http(HttpMethod.POST, inventory.port(0), "/reservations",
        InventoryTesting.reservation(order, plenty, 5, scarce, 1));
    assertThat(retried.status()).as("a rejected order may try again").isEqualTo(201);
    assertThat(stock(scarce)).isEqualTo(counters(scarce, 0, 1, 0));
  }

  @Test
  void otherItemsForAReservedOrderConflict() {
    String sku = newSku();
    inventory.product(inventory.port(0), sku, 10);
    String order = "diff-" + sku;
    inventory.http(HttpMethod.POST, inventory.port(0), "/reservations", InventoryTesting.reservation(order, sku, 1));

    Response other = inventory.http(HttpMethod.POST, inventory.port(1), "/reservations",
        InventoryTesting.reservation(order, sku, 2));

    assertThat(other.status()).isEqualTo(409);
    assertThat(other.json().getString("title")).isEqualTo("Reservation conflict");
    assertThat(stock(sku).getLong("reserved")).isEqualTo(1);
  }

  @Test
  void releaseCommitAndReadOfAnUnknownOrderSayThereIsNothing() {
    String order = "unknown-" + UUID.randomUUID();

    Response release = inventory.http(HttpMethod.DELETE, inventory.port(0), "/reservations/" + order, null);
    Response commit = inventory.http(HttpMethod.POST, inventory.port(1), "/reservations/" + order + "/commit", null);
    Response read = inventory.get(inventory.port(2), "/reservations/" + order);

    assertThat(release.json()).isEqualTo(finished(order, "NONE", false));
    assertThat(commit.json()).isEqualTo(finished(order, "NONE", false));
    assertThat(read.status()).isEqualTo(200);
    assertThat(read.json().getString("state")).isEqualTo("NONE");
    assertThat(read.json().getJsonArray("items")).isEmpty();
  }

  @Test
  void aReservationArrivingAfterItsOrderWasReleasedIsRefusedAndHoldsNothing() {
    String sku = newSku();
    inventory.product(inventory.port(0), sku, 10);
    String order = "late-" + sku;
    inventory.http(HttpMethod.DELETE, inventory.port(0), "/reservations/" + order, null);

    Response late = inventory.http(HttpMethod.POST, inventory.port(1), "/reservations",
        InventoryTesting.reservation(order, sku, 2));

    assertThat(late.status()).isEqualTo(409);
    assertThat(late.json().getString("title")).isEqualTo("Reservation released");
    assertThat(stock(sku)).isEqualTo(counters(sku, 10, 0, 0));
    assertThat(inventory.get(inventory.port(2), "/reservations/" + order).json().getString("state"))
        .isEqualTo("NONE");
  }

  @Test
  void aSkuWithStockThatThisMembersCatalogHasNotReceivedYetCanBeReserved() {
    String sku = newSku();
    ClusterMembership.of(inventory.node(1)).hazelcast().<String, StockRecord>getMap(StockMaps.STOCK)
        .executeOnKey(sku, StockMutation.init(5)); // stock, but no product anywhere yet

    Response reserved = inventory.http(HttpMethod.POST, inventory.port(0), "/reservations",
        InventoryTesting.reservation("late-" + sku, sku, 2));

    assertThat(reserved.status()).as(reserved.toString()).isEqualTo(201);
    assertThat(stock(sku)).isEqualTo(counters(sku, 3, 2, 0));
  }

  @Test
  void everyNodePublishesItsHttpEndpointAndItsEventBusService() {
    ServiceDiscovery discovery = ServiceDiscovery.create(inventory.node(0));
    try {
      List<Record> records = await(discovery.getRecords(
          record -> InventoryContract.SERVICE.equals(record.getName()), true));

      assertThat(records).extracting(Record::getType)
          .containsExactlyInAnyOrder("http-endpoint", "http-endpoint", "http-endpoint",
              "eventbus-service-proxy", "eventbus-service-proxy", "eventbus-service-proxy");
      assertThat(records).filteredOn(record -> record.getType().equals("eventbus-service-proxy"))
          .allSatisfy(record -> assertThat(record.getMetadata().getJsonArray("addresses"))
              .contains(InventoryContract.RESERVE, InventoryContract.GET_RESERVATION, InventoryContract.AUDIT));
    } finally {
      discovery.close();
    }
  }

  private static JsonObject stock(String sku) {
    return inventory.get(inventory.port(0), "/stock/" + sku).json();
  }

  private static void assertAuditOk() {
    JsonObject audit = inventory.get(inventory.port(2), "/inventory/audit").json();
    assertThat(audit.getBoolean("ok")).as(audit.encodePrettily()).isTrue();
  }

  private static JsonObject counters(String sku, long available, long reserved, long sold) {
    return new JsonObject().put("sku", sku).put("available", available).put("reserved", reserved).put("sold", sold);
  }

  private static JsonObject finished(String order, String state, boolean changed) {
    return new JsonObject().put("orderId", order).put("state", state).put("changed", changed);
  }

  private static String newSku() {
    return "T-" + UUID.randomUUID().toString().substring(0, 8);
  }
}
