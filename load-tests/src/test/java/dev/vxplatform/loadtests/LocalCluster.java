package dev.vxplatform.loadtests;

import dev.vxplatform.loadtests.failover.NodeProbe;
import dev.vxplatform.shared.testing.FreePorts;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * Drives {@code infra/local-cluster.sh} from a test: an isolated run folder, cluster name, Hazelcast port range
 * and gateway port, so it never meets a demo cluster or another test. Every service node has a public port
 * ({@link #port}) and a management port ({@link #managementPort}: {@code /metrics}, {@code /health/*}, the
 * gateway's {@code /admin/*}). {@link #close()} leaves no JVM behind.
 */
final class LocalCluster implements AutoCloseable {

  /** The launcher's node name for the PostgreSQL it starts when DATABASE_URL is not set. */
  static final String DATABASE_NODE = "postgres";

  private static final Path ROOT = Path.of(System.getProperty("user.dir")).getParent();
  private static final Duration COMMAND_TIMEOUT = Duration.ofMinutes(4);

  private final Path runDir;
  private final Map<String, String> env = new HashMap<>();
  // HTTP/1.1, as curl and Prometheus speak: the JDK client's default h2c upgrade hangs now and then when the first
  // answer on a connection is large (a /metrics page), past every timeout.
  private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(2)).build();
  private final NodeProbe probe = new NodeProbe();

  LocalCluster(int orderInstances, int inventoryInstances) {
    this(orderInstances, inventoryInstances, Map.of());
  }

  /** With {@code extraEnv} on top of the isolating settings for every command ({@code TLS=1}, say). */
  LocalCluster(int orderInstances, int inventoryInstances, Map<String, String> extraEnv) {
    this.runDir = ROOT.resolve("load-tests/target/local-cluster-" + UUID.randomUUID().toString().substring(0, 8));
    // A Hazelcast port range of its own, away from the demo's 5701-5720 and from ephemeral ports.
    int clusterPort = 10000 + ThreadLocalRandom.current().nextInt(0, 900) * 10;
    env.put("RUN_DIR", runDir.toString());
    env.put("CLUSTER_NAME", "it-" + UUID.randomUUID());
    env.put("CLUSTER_PORT", String.valueOf(clusterPort));
    env.put("CLUSTER_PORT_COUNT", "10");
    env.put("GATEWAY_PORT", String.valueOf(FreePorts.take()));
    env.put("ORDER_INSTANCES", String.valueOf(orderInstances));
    env.put("INVENTORY_INSTANCES", String.valueOf(inventoryInstances));
    env.put("SKIP_BUILD", "1");
    env.put("UP_TIMEOUT", "180");
    env.putAll(extraEnv);
  }

  /** The run folder ({@code RUN_DIR}): pid, port and log files, {@code tls/} with {@code TLS=1}. */
  Path runDir() {
    return runDir;
  }

  /** Runs {@code local-cluster.sh args...}; returns its output; fails on a non-zero exit. */
  String run(String... args) {
    List<String> command = new java.util.ArrayList<>(List.of("bash", ROOT.resolve("infra/local-cluster.sh").toString()));
    command.addAll(List.of(args));
    try {
      Files.createDirectories(runDir);
      Path output = Files.createTempFile(runDir, "script", ".out");
      ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile());
      builder.environment().putAll(env);
      Process process = builder.start();
      if (!process.waitFor(COMMAND_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new AssertionError("local-cluster.sh " + String.join(" ", args) + " timed out");
      }
      String text = Files.readString(output);
      if (process.exitValue() != 0) {
        throw new AssertionError("local-cluster.sh " + String.join(" ", args) + " exited " + process.exitValue()
            + ":\n" + text);
      }
      return text;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted");
    }
  }

  int gatewayPort() {
    return Integer.parseInt(env.get("GATEWAY_PORT"));
  }

  int port(String node) {
    return Integer.parseInt(read(node + ".port"));
  }

  /** The node's management port, as the launcher gave it ({@code NAME.mgmt}); the database node has none. */
  int managementPort(String node) {
    return Integer.parseInt(read(node + ".mgmt"));
  }

  long pid(String node) {
    return Long.parseLong(read(node + ".pid"));
  }

  /** The nodes of the platform: every node but the database, which is no cluster member. */
  List<String> serviceNodes() {
    return nodes().stream().filter(node -> !node.equals(DATABASE_NODE)).toList();
  }

  /** Every node the launcher started, the database included. */
  List<String> nodes() {
    try (var files = Files.list(runDir)) {
      return files.map(file -> file.getFileName().toString()).filter(name -> name.endsWith(".port"))
          .map(name -> name.substring(0, name.length() - ".port".length())).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * GET on the node's management port ({@code /admin/instances} of the gateway, {@code /metrics}); the response
   * body, or {@code null} when it did not answer within 2 s.
   */
  String managementGet(String node, String path) {
    HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + managementPort(node) + path))
        .timeout(Duration.ofSeconds(2)).build();
    try {
      return http.send(request, HttpResponse.BodyHandlers.ofString()).body();
    } catch (IOException e) {
      return null;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return null;
    }
  }

  /** {@code local-cluster.sh token args...}: a bearer token signed with the key pair {@code up} made. */
  String token(String... args) {
    List<String> command = new java.util.ArrayList<>(List.of("token"));
    command.addAll(List.of(args));
    return run(command.toArray(String[]::new)).strip();
  }

  /** The status of a GET on 127.0.0.1:{@code port}, with {@code authorization} unless null; -1 when none came. */
  int status(int port, String path, String authorization) {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
        .timeout(Duration.ofSeconds(2));
    if (authorization != null) {
      request.header("Authorization", authorization);
    }
    try {
      return http.send(request.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
    } catch (IOException e) {
      return -1;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return -1;
    }
  }

  /** True when the node's {@code /health/ready} says the cluster is safe (no migration, every backup in sync). */
  boolean clusterSafe(String node) {
    return probe.clusterSafe(port(node)).orElse(false);
  }

  /** Alive and not a zombie (a killed JVM whose parent is gone lingers as one until init reaps it). */
  static boolean isRunning(long pid) {
    return ProcessHandle.of(pid).map(NodeProbe::isRunning).orElse(false);
  }

  Path logOf(String node) {
    return runDir.resolve(node + ".log");
  }

  private String read(String file) {
    try {
      return Files.readString(runDir.resolve(file)).trim();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** {@code down}, then SIGKILL for anything that survived it: no JVM outlives the test. */
  @Override
  public void close() {
    List<Long> pids = nodes().stream().filter(node -> Files.exists(runDir.resolve(node + ".pid")))
        .map(this::pid).toList();
    try {
      run("down");
    } finally {
      pids.stream().filter(LocalCluster::isRunning)
          .forEach(pid -> ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly));
    }
  }
}
