package dev.vxplatform.inventory.stock;

import static dev.vxplatform.shared.testing.TestCluster.clusterSafe;
import static dev.vxplatform.shared.testing.TestCluster.waitUntil;
import static org.assertj.core.api.Assertions.assertThat;

import com.hazelcast.cluster.Member;
import com.hazelcast.config.InMemoryFormat;
import com.hazelcast.config.MapConfig;
import com.hazelcast.core.HazelcastInstance;
import dev.vxplatform.inventory.InventoryConfig;
import dev.vxplatform.inventory.InventoryTesting;
import dev.vxplatform.shared.cluster.ClusterMembership;
import dev.vxplatform.shared.testing.FreePorts;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import java.io.File;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Stock partitions also land on data members that do not run the inventory-service (the order-service JVMs):
 * they get the stock maps' configuration, and they run the stock processors, even in a JVM that has only the
 * shared module on its classpath.
 */
class MixedMembershipIT {

  private static final int BACKUPS = 2;
  private static final Path FOREIGN_SOURCE = Path.of("src/test/foreign/SharedOnlyMember.java");
  private static final Path FOREIGN_LOG = Path.of("target/shared-only-member.log");
  private static InventoryTesting inventory;
  private static Process foreign;
  private static int foreignPort;

  @BeforeAll
  static void start() throws IOException {
    inventory = InventoryTesting.startWithoutService(2);
    inventory.deploy(inventory.node(0), InventoryConfig.forTests().withStockBackupCount(BACKUPS));
    foreignPort = FreePorts.take();
    foreign = startSharedOnlyMember(ClusterMembership.of(inventory.node(0)).hazelcast(), foreignPort);
  }

  @AfterAll
  static void stop() {
    if (foreign != null) {
      foreign.destroyForcibly();
    }
    inventory.close();
  }

  @Test
  void membersWithoutTheServiceGetTheStockMapConfiguration() {
    Vertx before = inventory.node(1); // was a member before the service configured the maps
    Vertx after = inventory.cluster.join(false); // joined afterwards

    for (Vertx member : List.of(before, after)) {
      for (String map : List.of(StockMaps.STOCK, StockMaps.RESERVATIONS)) {
        MapConfig config = ClusterMembership.of(member).hazelcast().getConfig().findMapConfig(map);
        assertThat(config.getBackupCount()).as(map).isEqualTo(BACKUPS);
        assertThat(config.isReadBackupData()).isFalse();
        assertThat(config.getInMemoryFormat()).isEqualTo(InMemoryFormat.OBJECT);
      }
    }
  }

  @Test
  void aMemberWithOnlySharedOnItsClasspathRunsTheStockProcessors() throws IOException {
    HazelcastInstance hazelcast = ClusterMembership.of(inventory.node(0)).hazelcast();
    waitUntil("the shared-only JVM joined", Duration.ofSeconds(90),
        () -> log().contains("JOINED") || !foreign.isAlive());
    assertThat(log()).contains("NO INVENTORY CLASSES").contains("JOINED");
    Member member = hazelcast.getCluster().getMembers().stream()
        .filter(candidate -> candidate.getAddress().getPort() == foreignPort).findFirst().orElseThrow();
    waitUntil("partitions settled", Duration.ofSeconds(30), () -> clusterSafe(inventory.node(0)));
    List<String> skus = StockFailoverIT.skusOwnedBy(hazelcast, member, true, 2);
    String order = ownedKey(hazelcast, member, "mixed-");
    int port = inventory.port(0);
    skus.forEach(sku -> inventory.product(port, sku, 10));

    assertThat(inventory.http(HttpMethod.POST, port, "/reservations",
        InventoryTesting.reservation(order, skus.get(0), 3, skus.get(1), 4)).status()).isEqualTo(201);
    assertThat(inventory.http(HttpMethod.POST, port, "/reservations/" + order + "/commit", null).json()
        .getString("state")).isEqualTo("COMMITTED");
    assertThat(inventory.get(port, "/stock/" + skus.get(1)).json())
        .isEqualTo(new JsonObject().put("sku", skus.get(1)).put("available", 6).put("reserved", 0).put("sold", 4));
    assertThat(inventory.get(port, "/inventory/audit").json().getBoolean("ok")).isTrue();
    assertThat(member.getAddress().getPort()).isEqualTo(foreignPort);
    assertThat(hazelcast.getPartitionService().getPartition(skus.get(0)).getOwner()).isEqualTo(member);
  }

  private static String ownedKey(HazelcastInstance hazelcast, Member member, String prefix) {
    return StockFailoverIT.skusOwnedBy(hazelcast, member, true, 1).get(0).replace("F-", prefix);
  }

  /** Same JVM flags as this one; the classpath without this module's classes. */
  private static Process startSharedOnlyMember(HazelcastInstance hazelcast, int port) throws IOException {
    String classpath = Arrays.stream(System.getProperty("surefire.test.class.path",
            System.getProperty("java.class.path")).split(File.pathSeparator))
        .filter(entry -> !Path.of(entry).toAbsolutePath().startsWith(Path.of("target").toAbsolutePath()))
        .collect(Collectors.joining(File.pathSeparator));
    String members = hazelcast.getCluster().getMembers().stream()
        .map(member -> "127.0.0.1:" + member.getAddress().getPort())
        .collect(Collectors.joining(",")) + ",127.0.0.1:" + port;
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
        .filter(arg -> arg.startsWith("--add-")).forEach(command::add);
    command.addAll(List.of("-Xmx256m", "-XX:+UseSerialGC", "-Dhazelcast.phone.home.enabled=false", "-cp", classpath,
        FOREIGN_SOURCE.toString(), hazelcast.getConfig().getClusterName(), String.valueOf(port), members,
        inventory.cluster.database().url()));
    return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(FOREIGN_LOG.toFile()).start();
  }

  private static String log() {
    try {
      return Files.exists(FOREIGN_LOG) ? Files.readString(FOREIGN_LOG) : "";
    } catch (IOException e) {
      return "";
    }
  }
}
