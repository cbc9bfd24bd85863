package dev.vxplatform.loadtests.compose;

import static dev.vxplatform.shared.testing.TestCluster.waitUntil;

import dev.vxplatform.loadtests.compose.ComposeFile.Service;
import dev.vxplatform.shared.db.DatabaseConfig;
import dev.vxplatform.shared.testing.FreePorts;
import dev.vxplatform.shared.testing.TestDatabase;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The compose topology as local JVMs: each node runs the image's entrypoint ({@code infra/docker/entrypoint.sh})
 * with its service's environment exactly as docker-compose.yml writes it, except what only a container has:
 * its own address (here 127.0.0.1) and its own ports (here unique per node). Service names in the join list
 * become {@code localhost} with the port range of that service's nodes, so the entrypoint resolves them the way
 * it resolves Docker's DNS names. Like compose, the replicas of a service start together and a service starts
 * once everything it depends on is ready.
 */
final class ComposeTopology implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(ComposeTopology.class);

  /** One JVM; {@code name} is the service name and replica number, as compose names containers. */
  record Node(String name, Service service, int httpPort, int clusterPort, Path log, Process process) {
  }

  private final Path workDir;
  private final String clusterName;
  private final List<Node> nodes = new ArrayList<>();
  private DatabaseConfig database;

  private ComposeTopology(Path workDir, String clusterName) {
    this.workDir = workDir;
    this.clusterName = clusterName;
  }

  /**
   * @param maxReplicas per service, at most this many of its compose replicas (fewer JVMs for a small machine)
   */
  static ComposeTopology start(ComposeFile compose, Map<String, Integer> maxReplicas, Duration readyTimeout) {
    String id = UUID.randomUUID().toString().substring(0, 8);
    ComposeTopology topology = new ComposeTopology(
        ComposeFile.ROOT.resolve("load-tests/target/compose-topology-" + id), "-it-" + id);
    try {
      topology.launch(compose, maxReplicas, readyTimeout);
      return topology;
    } catch (RuntimeException | Error e) {
      topology.close();
      throw e;
    }
  }

  private void launch(ComposeFile compose, Map<String, Integer> maxReplicas, Duration readyTimeout) {
    List<Service> services = compose.platformServices();
    // A private Hazelcast port range, away from the demo's 5701-5720, ephemeral ports and LocalCluster's range.
    int nextClusterPort = 20_000 + ThreadLocalRandom.current().nextInt(0, 500) * 10;
    Map<String, List<Integer>> clusterPorts = new LinkedHashMap<>();
    for (Service service : services) {
      int count = Math.min(service.replicas(), maxReplicas.getOrDefault(service.name(), service.replicas()));
      List<Integer> ports = new ArrayList<>();
      for (int i = 0; i < count; i++) {
        ports.add(nextClusterPort++);
      }
      clusterPorts.put(service.name(), ports);
    }
    Path jars = copyJars(services);
    for (Service service : services) {
      List<Node> tier = new ArrayList<>();
      List<Integer> ports = clusterPorts.get(service.name());
      for (int i = 0; i < ports.size(); i++) {
        Node node = startNode(service, i + 1, ports.get(i), clusterPorts, jars.resolve(service.module() + ".jar"));
        tier.add(node);
        nodes.add(node); // at once, so that close() stops it whatever fails next
      }
      for (Node node : tier) {
        Duration took = waitUntil(node.name() + " is ready", readyTimeout, () -> ready(node));
        LOG.info("{} ready on HTTP port {} (Hazelcast {}) after {} ms", node.name(), node.httpPort(),
            node.clusterPort(), took.toMillis());
      }
    }
  }

  /** The jars copied first: another build may replace the module's jar while these JVMs still load classes from it. */
  private Path copyJars(List<Service> services) {
    Path jars = workDir.resolve("jars");
    try {
      Files.createDirectories(jars);
      for (Service service : services) {
        Path target = ComposeFile.ROOT.resolve(service.module()).resolve("target");
        Path jar;
        try (Stream<Path> files = Files.list(target)) {
          jar = files.filter(file -> file.getFileName().toString().endsWith("-fat.jar")).findFirst()
              .orElseThrow(() -> new AssertionError("no fat jar in " + target + ": package " + service.module()));
        }
        Files.copy(jar, jars.resolve(service.module() + ".jar"));
      }
      return jars;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private Node startNode(Service service, int replica, int clusterPort, Map<String, List<Integer>> clusterPorts,
      Path jar) {
    String name = service.name() + "-" + replica;
    int httpPort = FreePorts.take();
    Map<String, String> env = localEnvironment(service, clusterPort, httpPort, clusterPorts);
    env.put("APP_JAR", jar.toString());
    env.put("MODULE", service.module());
    // What the image runs with; MaxRAM makes the JVM size itself for the container's memory limit.
    env.put("JAVA_OPTS", ComposeFile.dockerfileEnv("JAVA_OPTS")
        + (service.memLimitBytes() > 0 ? " -XX:MaxRAM=" + service.memLimitBytes() : ""));
    env.put("PATH", Path.of(System.getProperty("java.home"), "bin") + ":/usr/local/bin:/usr/bin:/bin");
    env.put("HOME", System.getProperty("java.io.tmpdir"));
    Path log = workDir.resolve(name + ".log");
    ProcessBuilder builder = new ProcessBuilder("bash", ComposeFile.INFRA.resolve("docker/entrypoint.sh").toString())
        .redirectErrorStream(true).redirectOutput(log.toFile());
    builder.environment().clear();
    builder.environment().putAll(env);
    try {
      Node node = new Node(name, service, httpPort, clusterPort, log, builder.start());
      LOG.info("started {} (pid {}): members {}", name, node.process().pid(), env.get("CLUSTER_MEMBERS"));
      return node;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The compose file's postgres service, made local: a database of its own on this JVM's PostgreSQL. */
  private DatabaseConfig database() {
    if (database == null) {
      database = TestDatabase.create();
    }
    return database;
  }

  /** The service's compose environment with container-only values made local. */
  private Map<String, String> localEnvironment(Service service, int clusterPort, int httpPort,
      Map<String, List<Integer>> clusterPorts) {
    Map<String, String> env = new LinkedHashMap<>(service.environment());
    env.computeIfPresent("CLUSTER_NAME", (key, value) -> value + clusterName);
    env.put("CLUSTER_HOST", "127.0.0.1");
    env.computeIfPresent("CLUSTER_PORT", (key, value) -> String.valueOf(clusterPort));
    env.computeIfPresent("CLUSTER_MEMBERS", (key, value) -> localMembers(value, clusterPorts));
    env.computeIfPresent("HTTP_HOST", (key, value) -> "0.0.0.0".equals(value) ? "127.0.0.1" : value);
    env.computeIfPresent("HTTP_PORT", (key, value) -> String.valueOf(httpPort));
    env.computeIfPresent("GATEWAY_PORT", (key, value) -> String.valueOf(httpPort));
    if (env.containsKey("DATABASE_URL")) {
      env.put("DATABASE_URL", database().url());
      env.put("DATABASE_USER", database().user());
      env.put("DATABASE_PASSWORD", database().password());
    }
    return env;
  }

  /** {@code inventory-service:5701} → {@code localhost:<first>-<last>} of that service's nodes. */
  static String localMembers(String members, Map<String, List<Integer>> clusterPorts) {
    return Stream.of(members.split(",")).map(String::trim).filter(entry -> !entry.isEmpty()).map(entry -> {
      String host = entry.contains(":") ? entry.substring(0, entry.indexOf(':')) : entry;
      List<Integer> ports = clusterPorts.get(host);
      if (ports == null) {
        throw new AssertionError("CLUSTER_MEMBERS names '" + host + "', which is no service of " + ComposeFile.FILE);
      }
      return ports.size() == 1 ? "localhost:" + ports.get(0)
          : "localhost:" + ports.get(0) + "-" + ports.get(ports.size() - 1);
    }).collect(Collectors.joining(","));
  }

  private boolean ready(Node node) {
    if (!node.process().isAlive()) {
      throw new AssertionError(node.name() + " exited with " + node.process().exitValue() + ":\n" + tail(node));
    }
    return Http.status(node.httpPort(), "/health/ready") == 200;
  }

  List<Node> nodes() {
    return nodes;
  }

  List<Node> nodes(String service) {
    return nodes.stream().filter(node -> node.service().name().equals(service)).toList();
  }

  Node node(String service) {
    return nodes(service).get(0);
  }

  static String tail(Node node) {
    try {
      List<String> lines = Files.readAllLines(node.log());
      return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
    } catch (IOException e) {
      return "(no log: " + e + ")";
    }
  }

  /** SIGSTOP / SIGCONT: a hung JVM, as {@code docker pause} makes one. */
  static void signal(Node node, String signal) {
    try {
      Process kill = new ProcessBuilder("kill", "-" + signal, String.valueOf(node.process().pid())).start();
      if (!kill.waitFor(5, TimeUnit.SECONDS) || kill.exitValue() != 0) {
        throw new AssertionError("kill -" + signal + " " + node.name() + " failed");
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted");
    }
  }

  /** kill -9, as {@code docker kill} does; returns once the process is gone (its sockets closed). */
  static void crash(Node node) {
    try {
      node.process().destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted");
    }
  }

  /** Exit code of the image's HEALTHCHECK script against a port. */
  static int healthcheck(int port) {
    try {
      ProcessBuilder builder = new ProcessBuilder("bash",
          ComposeFile.INFRA.resolve("docker/healthcheck.sh").toString()).redirectErrorStream(true);
      builder.environment().put("HTTP_PORT", String.valueOf(port));
      Process process = builder.start();
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new AssertionError("healthcheck.sh did not finish in 10 s");
      }
      return process.exitValue();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted");
    }
  }

  /** SIGTERM to all (graceful: unpublish, drain, leave), SIGKILL to what is left after 15 s. */
  @Override
  public void close() {
    nodes.stream().filter(node -> node.process().isAlive()).forEach(node -> signal(node, "CONT"));
    nodes.forEach(node -> node.process().destroy());
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
    for (Node node : nodes) {
      try {
        long left = Math.max(0, deadline - System.nanoTime());
        if (!node.process().waitFor(left, TimeUnit.NANOSECONDS)) {
          LOG.warn("{} did not stop in time: SIGKILL", node.name());
          node.process().destroyForcibly().waitFor(5, TimeUnit.SECONDS);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        node.process().destroyForcibly();
      }
    }
    deleteJars();
  }

  /** The jar copies go (about 30 MB each); the nodes' logs stay in {@link #workDir}. */
  private void deleteJars() {
    Path jars = workDir.resolve("jars");
    if (!Files.isDirectory(jars)) {
      return;
    }
    try (Stream<Path> files = Files.walk(jars)) {
      files.sorted(Comparator.reverseOrder()).forEach(file -> file.toFile().delete());
    } catch (IOException e) {
      LOG.warn("could not delete the jar copies in {}: {}", workDir, e.toString());
    }
  }
}
