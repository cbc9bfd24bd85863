package dev.vxplatform.loadtests;

import static dev.vxplatform.shared.testing.TestCluster.waitUntil;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The platform as real JVMs started by {@code infra/local-cluster.sh}: a SIGKILLed node's records leave discovery
 * within 3 s (refused connections), a SIGSTOPped one's within 8 s (only the heartbeat notices a hung JVM) while the
 * gateway keeps answering, and {@code down} leaves no process behind. {@code token} signs what every node verifies.
 * Operations ({@code /metrics}, the gateway's {@code /admin/*}) answer on each node's management port only, which
 * {@code status} shows as {@code MGMT}.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class LocalClusterIT {

  private static final Logger LOG = LoggerFactory.getLogger(LocalClusterIT.class);
  private static LocalCluster cluster;

  @BeforeAll
  static void up() {
    cluster = new LocalCluster(1, 2);
    String output = cluster.run("up");
    LOG.info("local-cluster.sh up:\n{}", output);
    assertThat(output).contains("All 4 nodes ready");
  }

  @AfterAll
  static void down() {
    if (cluster != null) {
      cluster.close();
    }
  }

  @Test
  @Order(1)
  void everyNodeIsInTheGatewaysView() {
    String instances = instances();
    for (String node : List.of("inventory-1", "inventory-2", "order-1", "gateway")) {
      assertThat(instances).contains("\"port\":" + cluster.port(node));
    }
    assertThat(cluster.run("status")).contains("inventory-2").doesNotContain("dead");
  }

  @Test
  @Order(1)
  void statusShowsEveryNodesManagementPortWhereOperationsAnswer() {
    String status = cluster.run("status");
    assertThat(status.lines().findFirst().orElseThrow().split("\\s+")).as("the header tools parse")
        .containsExactly("NODE", "PID", "PORT", "MGMT", "READY");
    for (String node : cluster.serviceNodes()) {
      int management = cluster.managementPort(node);
      assertThat(management).as("%s: management port apart from the public one", node).isNotEqualTo(cluster.port(node));
      assertThat(status).containsPattern("(?m)^" + node + "\\s+" + cluster.pid(node) + "\\s+" + cluster.port(node)
          + "\\s+" + management + "\\s+yes$");
      assertThat(cluster.status(management, "/health/ready", null)).as("%s ready on its management port", node)
          .isEqualTo(200);
    }
    if (cluster.nodes().contains(LocalCluster.DATABASE_NODE)) {
      assertThat(status).containsPattern("(?m)^postgres\\s+\\d+\\s+\\d+\\s+-\\s+yes$");
    }
    int gateway = cluster.gatewayPort();
    int gatewayManagement = cluster.managementPort("gateway");
    for (String path : List.of("/admin/instances", "/admin/routes", "/metrics")) {
      assertThat(cluster.status(gateway, path, null)).as("gateway %s, public port", path).isEqualTo(404);
      assertThat(cluster.status(gatewayManagement, path, null)).as("gateway %s, management port", path).isEqualTo(200);
    }
    assertThat(cluster.status(cluster.port("order-1"), "/metrics", null)).as("order-1 /metrics, public port")
        .isEqualTo(404);
    assertThat(cluster.managementGet("order-1", "/metrics")).as("order-1 /metrics, management port")
        .contains("vertx_http_server_requests_total");
  }

  @Test
  @Order(1)
  void theTokenCommandSignsWhatEveryNodeVerifies() {
    String unknownOrder = "/api/orders/" + UUID.randomUUID();
    String bearer = "Bearer " + cluster.token("--sub", "ada", "--scope", "orders:read", "--ttl", "120");
    assertThat(cluster.status(cluster.gatewayPort(), unknownOrder, null)).as("no token at the gateway").isEqualTo(401);
    assertThat(cluster.status(cluster.gatewayPort(), unknownOrder, bearer)).as("ada's token: the order-service looked")
        .isEqualTo(404);
    int orderNode = cluster.port("order-1");
    assertThat(cluster.status(orderNode, unknownOrder.substring("/api".length()), null)).as("no token, direct")
        .isEqualTo(401);
    assertThat(cluster.status(orderNode, unknownOrder.substring("/api".length()), "Bearer " + cluster.token()))
        .as("the default token (orders:write orders:read), direct").isEqualTo(404);
    assertThat(cluster.status(cluster.gatewayPort(), "/api/products", null)).as("catalog reads are public")
        .isEqualTo(200);
  }

  @Test
  @Order(2)
  void hungNodeLeavesDiscoveryWithinEightSecondsWhileTheGatewayAnswers() {
    // First among the faults: no member has left yet, so Hazelcast has no rebalancing pending (it defers that by
    // 5 s after a removal, and "cluster safe" does not cover it). A member that hangs mid-migration keeps the
    // survivors' registry reads blocked until it resumes (seen in CI: 3.1 s after its removal, 8 s+ in all): a
    // bound of its own, not this one.
    awaitSettled();
    int port = cluster.port("order-1");
    AtomicInteger answered = new AtomicInteger();
    cluster.run("stop", "order-1");
    try {
      Duration gone = waitUntil("the hung node's record is gone", Duration.ofSeconds(8), () -> {
        String instances = instances();
        assertThat(instances).as("the gateway's view answers while a member hangs").isNotNull();
        answered.incrementAndGet();
        return !instances.contains("\"port\":" + port);
      });
      LOG.info("kill -STOP: record gone after {} ms; the gateway answered all {} polls", gone.toMillis(), answered);
    } finally {
      cluster.run("cont", "order-1");
    }
    // Frozen for longer than failure detection, order-1 leaves at once and joins again empty, so that nothing of
    // its stale copies is merged back.
    waitUntil("order-1 rejoins after the freeze", Duration.ofSeconds(30),
        () -> logOf("order-1").contains("rejoined the cluster after the freeze"));
    // Resumed, order-1 believes every other member left: it must not remove their records on that belief. A
    // record lost in the partition shuffle may be missing for a moment until its publisher re-publishes it
    // (within a refresh or two), but never for long (before the fix: 23 s without any order-service).
    List<Integer> healthy = List.of(cluster.port("inventory-1"), cluster.port("gateway"));
    Map<Integer, Long> lastSeen = new HashMap<>();
    healthy.forEach(alive -> lastSeen.put(alive, System.nanoTime()));
    long watchUntil = System.nanoTime() + Duration.ofSeconds(8).toNanos();
    waitUntil("8 s after the resume have passed", Duration.ofSeconds(12), () -> {
      String instances = String.valueOf(instances());
      long now = System.nanoTime();
      for (int alive : healthy) {
        if (instances.contains("\"port\":" + alive)) {
          lastSeen.put(alive, now);
        }
        assertThat(Duration.ofNanos(now - lastSeen.get(alive))).as("healthy node on port %d unpublished", alive)
            .isLessThan(Duration.ofSeconds(3));
      }
      return now > watchUntil;
    });
  }

  @Test
  @Order(3)
  void killedNodeLeavesDiscoveryWithinThreeSeconds() {
    awaitSettled(); // order-1, dropped while it hung, has merged back
    int port = cluster.port("inventory-2");
    cluster.run("kill", "inventory-2");
    Duration gone = waitUntil("the killed node's record is gone", Duration.ofSeconds(3),
        () -> !String.valueOf(instances()).contains("\"port\":" + port));
    LOG.info("kill -9: record gone from the gateway's view after {} ms", gone.toMillis());
    assertThat(cluster.run("status")).containsPattern("inventory-2\\s+\\d+\\s+\\d+\\s+\\d+\\s+dead");
  }

  @Test
  @Order(4)
  void downLeavesNoProcessBehind() {
    List<Long> pids = cluster.nodes().stream().map(cluster::pid).toList();
    cluster.run("down");
    assertThat(pids).isNotEmpty()
        .allSatisfy(pid -> assertThat(LocalCluster.isRunning(pid)).as("process %d is gone", pid).isFalse());
  }

  /** The gateway's view ({@code /admin/instances} on its management port); null when it did not answer. */
  private static String instances() {
    return cluster.managementGet("gateway", "/admin/instances");
  }

  private static String logOf(String node) {
    try {
      return Files.readString(cluster.logOf(node));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Every node in the gateway's view, and every node reporting the cluster safe (no migration, backups in sync). */
  private static void awaitSettled() {
    List<String> nodes = cluster.serviceNodes();
    Duration settled = waitUntil("every node is routed and reports the cluster safe", Duration.ofSeconds(60), () -> {
      String instances = String.valueOf(instances());
      return nodes.stream().allMatch(node -> instances.contains("\"port\":" + cluster.port(node)))
          && nodes.stream().allMatch(cluster::clusterSafe);
    });
    LOG.info("cluster settled after {} ms", settled.toMillis());
  }
}
