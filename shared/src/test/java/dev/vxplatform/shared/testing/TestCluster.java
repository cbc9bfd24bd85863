package dev.vxplatform.shared.testing;

import com.hazelcast.config.Config;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import dev.vxplatform.shared.cluster.ClusterBootstrap;
import dev.vxplatform.shared.cluster.ClusterConfig;
import dev.vxplatform.shared.cluster.ClusterMembership;
import dev.vxplatform.shared.db.Database;
import dev.vxplatform.shared.db.DatabaseConfig;
import dev.vxplatform.shared.security.TlsConfig;
import io.opentelemetry.api.OpenTelemetry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.stream.IntStream;

/**
 * Several clustered Vert.x nodes in this JVM, joined over loopback TCP under a cluster name of their own (so
 * parallel or leftover clusters never merge with it). Blocking methods: call them from test threads only.
 */
public final class TestCluster implements AutoCloseable {

  private static final Duration START_TIMEOUT = Duration.ofSeconds(60);

  private final List<Vertx> nodes = new ArrayList<>();
  private final List<HazelcastInstance> membersWithoutVertx = new ArrayList<>();
  private final String name = "test-" + UUID.randomUUID();
  private final List<String> members;
  private final int minClusterSize;
  private final Database database;
  private final TlsConfig tls;
  private final Consumer<Config> customizer;
  private final OpenTelemetry tracing;

  private TestCluster(List<Integer> ports, int minClusterSize, Database database, TlsConfig tls,
      Consumer<Config> customizer, OpenTelemetry tracing) {
    this.members = ports.stream().map(port -> "127.0.0.1:" + port).toList();
    this.minClusterSize = minClusterSize;
    this.database = database;
    this.tls = tls;
    this.customizer = customizer;
    this.tracing = tracing;
  }

  public static TestCluster start(int size) {
    return start(size, hazelcast -> { });
  }

  /** Starts {@code size} data members one after the other (parallel joins can form split clusters). */
  public static TestCluster start(int size, Consumer<Config> customizer) {
    return start(size, ClusterConfig.DEFAULT_MIN_CLUSTER_SIZE, customizer);
  }

  /**
   * As {@link #start(int, Consumer)}, every member (also those added by {@link #join}) with
   * {@code CLUSTER_MIN_SIZE = minClusterSize}: writes to maps protected by {@link ClusterBootstrap#MAJORITY} need that
   * many data members. The first members refuse such writes until that many have joined.
   */
  public static TestCluster start(int size, int minClusterSize, Consumer<Config> customizer) {
    return start(size, minClusterSize, customizer, null, TlsConfig.OFF, null);
  }

  /**
   * As {@link #start(int)}, every member (also those added by {@link #join}) with its event bus on mutual TLS
   * ({@link TlsConfig#eventBus}): see {@link TestCertificates} for the files.
   */
  public static TestCluster startWithTls(int size, TlsConfig tls) {
    return start(size, ClusterConfig.DEFAULT_MIN_CLUSTER_SIZE, hazelcast -> { }, null, tls, null);
  }

  /**
   * As {@link #start(int, int, Consumer)}, every member (also those added by {@link #join}) backed by a new, empty
   * database on this JVM's PostgreSQL ({@link TestDatabase}).
   */
  public static TestCluster startWithDatabase(int size, int minClusterSize) {
    return startWithDatabase(size, minClusterSize, TestDatabase.create());
  }

  /** As {@link #startWithDatabase(int, int)}, on an existing database: a cluster started again after a restart. */
  public static TestCluster startWithDatabase(int size, int minClusterSize, DatabaseConfig database) {
    return start(size, minClusterSize, hazelcast -> { }, Database.open(database), TlsConfig.OFF, null);
  }

  /**
   * As {@link #startWithDatabase(int, int)}, every Vert.x (also those added by {@link #join}) traced with
   * {@code tracing} ({@link TracingCapture#openTelemetry()}), as a service's {@code Main} traces with its own.
   */
  public static TestCluster startWithDatabaseTraced(int size, int minClusterSize, OpenTelemetry tracing) {
    return start(size, minClusterSize, hazelcast -> { }, Database.open(TestDatabase.create()), TlsConfig.OFF,
        tracing);
  }

  /** As {@link #startWithDatabase(int, int, DatabaseConfig)}, with more configuration for every member. */
  public static TestCluster startWithDatabase(int size, int minClusterSize, DatabaseConfig database,
      Consumer<Config> customizer) {
    return start(size, minClusterSize, customizer, Database.open(database), TlsConfig.OFF, null);
  }

  private static TestCluster start(int size, int minClusterSize, Consumer<Config> customizer, Database database,
      TlsConfig tls, OpenTelemetry tracing) {
    List<Integer> ports = IntStream.range(0, size).mapToObj(i -> FreePorts.take()).toList();
    TestCluster cluster = new TestCluster(ports, minClusterSize, database, tls, customizer, tracing);
    try {
      for (int port : ports) {
        cluster.nodes.add(await(ClusterBootstrap.start(cluster.config(port), cluster.withDatabase(customizer),
            tracing)));
      }
      if (database != null) {
        // Writes that overlap the joins' migrations can lose their backup acknowledgement, and a write-through
        // store makes each write long enough to overlap them: tests start on a settled cluster.
        waitUntil("the cluster is safe after the joins", START_TIMEOUT, () -> clusterSafe(cluster.nodes.get(0)));
      }
    } catch (RuntimeException e) {
      cluster.close();
      throw e;
    }
    return cluster;
  }

  /** Adds a node to the running cluster (as a lite member if asked), configured like the others, and returns it. */
  public Vertx join(boolean lite) {
    ClusterConfig config = config(FreePorts.take());
    Vertx vertx = await(ClusterBootstrap.start(lite ? config.asLiteMember() : config, withDatabase(customizer),
        tracing));
    nodes.add(vertx);
    return vertx;
  }

  /**
   * Adds a data member without Vert.x, configured like the others: one that can join while a test holds a partition
   * thread ({@link PartitionHold}), which a Vert.x node's join, writing to its maps, would wait for.
   */
  public HazelcastInstance joinMemberWithoutVertx() {
    Config config = ClusterBootstrap.hazelcastConfig(config(FreePorts.take()));
    withDatabase(customizer).accept(config);
    HazelcastInstance member = Hazelcast.newHazelcastInstance(config);
    membersWithoutVertx.add(member);
    return member;
  }

  private Consumer<Config> withDatabase(Consumer<Config> customizer) {
    return database == null ? customizer : database.attach().andThen(customizer);
  }

  /** The database behind this cluster's maps, or null: give it to a cluster started later to find the data again. */
  public DatabaseConfig database() {
    return database == null ? null : database.config();
  }

  /** The configuration of one more member of this cluster on a free port, for code that joins by itself. */
  public ClusterConfig newMemberConfig() {
    return config(FreePorts.take());
  }

  private ClusterConfig config(int port) {
    return ClusterConfig.loopback(name, port, members).withMinClusterSize(minClusterSize).withTls(tls);
  }

  public Vertx node(int index) {
    return nodes.get(index);
  }

  public List<Vertx> nodes() {
    return List.copyOf(nodes);
  }

  /** A crash as the others see it: the Hazelcast member dies without leaving; Vert.x on it is then closed. */
  public void crash(Vertx node) {
    ClusterMembership.of(node).hazelcast().getLifecycleService().terminate();
    closeQuietly(node);
  }

  /**
   * Every member dies at once, as after {@code kill -9} of every JVM: all Hazelcast members are terminated together
   * (nobody has the time to take over anyone's partitions), then the Vert.x instances are closed.
   */
  public void crashAll() {
    nodes.parallelStream().forEach(node -> ClusterMembership.of(node).hazelcast().getLifecycleService().terminate());
    nodes.forEach(this::closeQuietly);
    nodes.clear();
  }

  public void closeNode(Vertx node) {
    closeQuietly(node);
  }

  @Override
  public void close() {
    for (int i = nodes.size() - 1; i >= 0; i--) {
      closeQuietly(nodes.get(i));
    }
    nodes.clear();
    membersWithoutVertx.forEach(member -> member.getLifecycleService().terminate());
    membersWithoutVertx.clear();
    if (database != null) {
      database.close();
    }
  }

  private void closeQuietly(Vertx node) {
    try {
      node.close().toCompletionStage().toCompletableFuture().get(20, TimeUnit.SECONDS);
    } catch (Exception ignored) {
      // already closed, or its cluster manager was terminated under it
    }
  }

  public static <T> T await(Future<T> future) {
    try {
      return future.toCompletionStage().toCompletableFuture().get(START_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new IllegalStateException("did not complete: " + e, e);
    }
  }

  /**
   * Hazelcast's cluster-safe state as seen from {@code node} (no migration, every backup in sync); false while it
   * cannot tell: the check asks every member and throws while one is still leaving (e.g. "Connecting to self!").
   */
  public static boolean clusterSafe(Vertx node) {
    try {
      return ClusterMembership.of(node).hazelcast().getPartitionService().isClusterSafe();
    } catch (RuntimeException stillSettling) {
      return false;
    }
  }

  /** Polls {@code condition} every 20 ms until it holds; fails with {@code what} after {@code timeout}. */
  public static Duration waitUntil(String what, Duration timeout, BooleanSupplier condition) {
    long start = System.nanoTime();
    long deadline = start + timeout.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out after " + timeout.toMillis() + " ms waiting until " + what);
      }
      try {
        TimeUnit.MILLISECONDS.sleep(20);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError("interrupted waiting until " + what);
      }
    }
    return Duration.ofNanos(System.nanoTime() - start);
  }
}
