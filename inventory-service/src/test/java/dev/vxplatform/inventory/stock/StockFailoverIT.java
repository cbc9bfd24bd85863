package dev.vxplatform.inventory.stock;

import static dev.vxplatform.shared.testing.TestCluster.await;
import static dev.vxplatform.shared.testing.TestCluster.waitUntil;
import static org.assertj.core.api.Assertions.assertThat;

import com.hazelcast.cluster.Member;
import com.hazelcast.core.HazelcastInstance;
import dev.vxplatform.inventory.InventoryConfig;
import dev.vxplatform.inventory.InventoryTesting;
import dev.vxplatform.inventory.InventoryTesting.Response;
import dev.vxplatform.shared.cluster.ClusterMembership;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Kills (no graceful leave) the member that owns the partitions of several skus while reservations of them
 * stream in through the other members. Acknowledged reservations must all be there afterwards, none doubled,
 * and every sku must still balance.
 */
class StockFailoverIT {

  private static final Logger LOG = LoggerFactory.getLogger(StockFailoverIT.class);
  private static final int SKUS_ON_VICTIM = 4;
  private static final int OTHER_SKUS = 2;
  private static final int UNITS = 1_000;
  private static final int IN_FLIGHT = 8;
  private static final int ACKS_BEFORE_CRASH = 120;
  private static final int ACKS_AFTER_CRASH = 120;
  private InventoryTesting inventory;

  /** Sends reservations of one unit, round-robin over skus and surviving nodes, {@value #IN_FLIGHT} at a time. */
  private final class Stream {
    final List<String> skus;
    final List<Integer> ports;
    final AtomicInteger next = new AtomicInteger();
    final AtomicInteger inFlight = new AtomicInteger();
    final AtomicBoolean stopped = new AtomicBoolean();
    final Map<String, String> acked = new ConcurrentHashMap<>();
    final Map<String, String> sent = new ConcurrentHashMap<>();
    final Map<Integer, AtomicInteger> refusals = new ConcurrentHashMap<>();

    Stream(List<String> skus, List<Integer> ports) {
      this.skus = skus;
      this.ports = ports;
    }

    void start() {
      for (int i = 0; i < IN_FLIGHT; i++) {
        sendNext();
      }
    }

    private void sendNext() {
      if (stopped.get()) {
        return;
      }
      int i = next.getAndIncrement();
      String sku = skus.get(i % skus.size());
      String order = "fo-" + i;
      sent.put(order, sku);
      inFlight.incrementAndGet();
      inventory.httpAsync(HttpMethod.POST, ports.get(i % ports.size()), "/reservations",
              InventoryTesting.reservation(order, sku, 1))
          .map(Response::status)
          .otherwise(-1)
          .onComplete(ar -> {
            int status = ar.result();
            if (status == 201) {
              acked.put(order, sku);
            } else {
              refusals.computeIfAbsent(status, s -> new AtomicInteger()).incrementAndGet();
            }
            inFlight.decrementAndGet();
            sendNext();
          });
    }
  }

  @AfterEach
  void stop() {
    if (inventory != null) {
      inventory.close();
    }
  }

  @Test
  void acknowledgedReservationsSurviveTheCrashOfTheirPartitionOwner() {
    inventory = InventoryTesting.start(3, InventoryConfig.forTests());
    Vertx victim = inventory.node(2);
    HazelcastInstance survivor = ClusterMembership.of(inventory.node(0)).hazelcast();
    Member victimMember = ClusterMembership.of(victim).hazelcast().getCluster().getLocalMember();
    List<String> skus = new ArrayList<>(skusOwnedBy(survivor, victimMember, true, SKUS_ON_VICTIM));
    skus.addAll(skusOwnedBy(survivor, victimMember, false, OTHER_SKUS));
    skus.forEach(sku -> inventory.product(inventory.port(0), sku, UNITS));

    Stream stream = new Stream(skus, List.of(inventory.port(0), inventory.port(1)));
    stream.start();
    waitUntil("reservations are acknowledged before the crash", Duration.ofSeconds(60),
        () -> stream.acked.size() >= ACKS_BEFORE_CRASH);
    int ackedAtCrash = stream.acked.size();
    long crashedAt = System.nanoTime();
    inventory.cluster.crash(victim);
    waitUntil("reservations are acknowledged after the crash", Duration.ofSeconds(90),
        () -> stream.acked.size() >= ackedAtCrash + ACKS_AFTER_CRASH);
    long recoveredMillis = (System.nanoTime() - crashedAt) / 1_000_000;
    stream.stopped.set(true);
    waitUntil("in-flight reservations are answered", Duration.ofSeconds(60), () -> stream.inFlight.get() == 0);
    LOG.info("Sent {}, acknowledged {} ({} at the crash), refused {}; {} more acks {} ms after the crash",
        stream.next.get(), stream.acked.size(), ackedAtCrash, stream.refusals, ACKS_AFTER_CRASH, recoveredMillis);

    JsonObject audit = inventory.get(inventory.port(0), "/inventory/audit").json();
    assertThat(audit.getBoolean("ok")).as(audit.encodePrettily()).isTrue();
    Map<String, Long> ackedPerSku = stream.acked.values().stream()
        .collect(Collectors.groupingBy(sku -> sku, Collectors.counting()));
    Map<String, Long> sentPerSku = stream.sent.values().stream()
        .collect(Collectors.groupingBy(sku -> sku, Collectors.counting()));
    for (String sku : skus) {
      JsonObject stock = inventory.get(inventory.port(1), "/stock/" + sku).json();
      assertThat(stock.getLong("reserved")).as("reserved units of %s", sku)
          .isBetween(ackedPerSku.getOrDefault(sku, 0L), sentPerSku.get(sku));
      assertThat(stock.getLong("available") + stock.getLong("reserved")).isEqualTo(UNITS);
    }
    assertEveryAcknowledgedReservationIsHeld(stream.acked);
  }

  /** Each acknowledged order holds its one unit: reserved overall and on its sku. */
  private void assertEveryAcknowledgedReservationIsHeld(Map<String, String> acked) {
    List<String> orders = new ArrayList<>(acked.keySet());
    for (int from = 0; from < orders.size(); from += 50) {
      int port = inventory.port(from / 50 % 2);
      List<Future<Response>> reads = orders.subList(from, Math.min(orders.size(), from + 50)).stream()
          .map(order -> inventory.httpAsync(HttpMethod.GET, port, "/reservations/" + order, null))
          .toList();
      await(Future.all(reads));
      for (Future<Response> read : reads) {
        JsonObject reservation = read.result().json();
        assertThat(reservation.getString("state")).as(reservation.encode()).isEqualTo("RESERVED");
        JsonObject line = reservation.getJsonArray("items").getJsonObject(0);
        assertThat(line.getString("state")).as(reservation.encode()).isEqualTo("RESERVED");
        assertThat(line.getLong("qty")).isEqualTo(1);
        assertThat(line.getString("sku")).isEqualTo(acked.get(reservation.getString("orderId")));
      }
    }
  }

  static List<String> skusOwnedBy(HazelcastInstance hazelcast, Member member, boolean owned, int count) {
    List<String> skus = new ArrayList<>();
    while (skus.size() < count) {
      String sku = "F-" + UUID.randomUUID().toString().substring(0, 8);
      boolean ownedByMember = member.equals(hazelcast.getPartitionService().getPartition(sku).getOwner());
      if (ownedByMember == owned) {
        skus.add(sku);
      }
    }
    return skus;
  }
}
