package dev.vxplatform.loadtests.compose;

import static dev.vxplatform.loadtests.compose.Processes.finish;
import static dev.vxplatform.loadtests.compose.Processes.tail;
import static dev.vxplatform.shared.testing.TestCluster.waitUntil;

import dev.vxplatform.loadtests.compose.ComposeFile.Mount;
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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The compose topology as local JVMs: each node runs the image's entrypoint ({@code infra/docker/entrypoint.sh})
 * with its service's environment exactly as docker-compose.yml writes it, except what only a container has:
 * its own address (here 127.0.0.1: what binds all interfaces binds loopback), its own ports (here unique per node:
 * public, management, Hazelcast) and its volumes (a named volume is a directory of this topology's; values under its
 * mount point in the environment point into it; read-only is not enforced). Service names in the join list become
 * {@code localhost} with the port range of that service's nodes, so the entrypoint resolves them the way it resolves
 * Docker's DNS names. Like compose, a one-shot (what others wait for with {@code service_completed_successfully})
 * runs its {@code command} to exit code 0, the replicas of a service start together, and a service starts once
 * everything it depends on is ready or completed.
 */
final class ComposeTopology implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(ComposeTopology.class);

  /**
   * One JVM; {@code name} is the service name and replica number, as compose names containers. {@code httpPort} is
   * the public port (HTTP_PORT), {@code managementPort} the one Prometheus scrapes (MANAGEMENT_PORT).
   */
  record Node(String name, Service service, int httpPort, int managementPort, int clusterPort, Path log,
      Process process) {

    /** This node's port for a port its container has in the compose file, as the environment names it. */
    int localPort(int containerPort) {
      Map<String, String> env = service.environment();
      String port = String.valueOf(containerPort);
      if (port.equals(env.get("MANAGEMENT_PORT"))) {
        return managementPort;
      }
      if (port.equals(env.get("HTTP_PORT")) || port.equals(env.get("GATEWAY_PORT"))) {
        return httpPort;
      }
      if (port.equals(env.get("CLUSTER_PORT"))) {
        return clusterPort;
      }
      throw new AssertionError("no port " + containerPort + " in the environment of " + service.name() + ": " + env);
    }
  }

  private final ComposeFile compose;
  private final Path workDir;
  private final String clusterName;
  private final List<Node> nodes = new ArrayList<>();
  private final Map<String, List<Integer>> clusterPorts = new LinkedHashMap<>();
  private final AtomicInteger runs = new AtomicInteger();
  private final OtlpSink traces = OtlpSink.start();
  private DatabaseConfig database;

  private ComposeTopology(ComposeFile compose, Path workDir, String clusterName) {
    this.compose = compose;
    this.workDir = workDir;
    this.clusterName = clusterName;
  }

  /** @param maxReplicas per service, at most this many of its compose replicas (fewer JVMs for a small machine) */
  static ComposeTopology start(ComposeFile compose, Map<String, Integer> maxReplicas, Duration readyTimeout) {
    String id = UUID.randomUUID().toString().substring(0, 8);
    ComposeTopology topology = new ComposeTopology(compose,
        ComposeFile.ROOT.resolve("load-tests/target/compose-topology-" + id), "-it-" + id);
    try {
      topology.launch(maxReplicas, readyTimeout);
      return topology;
    } catch (RuntimeException | Error e) {
      topology.close();
      throw e;
    }
  }

  private void launch(Map<String, Integer> maxReplicas, Duration readyTimeout) {
    // A private Hazelcast port range, away from the demo's 5701-5720, ephemeral ports and LocalCluster's range.
    int nextClusterPort = 20_000 + ThreadLocalRandom.current().nextInt(0, 500) * 10;
    for (Service service : compose.serviceNodes()) {
      int first = nextClusterPort;
      nextClusterPort += Math.min(service.replicas(), maxReplicas.getOrDefault(service.name(), service.replicas()));
      clusterPorts.put(service.name(), IntStream.range(first, nextClusterPort).boxed().toList());
    }
    copyJars(compose.platformServices());
    for (Service service : compose.platformServices()) {
      if (compose.runsToCompletion(service)) {
        LOG.info("{} completed: {}", service.name(), run(service.name(), service.command()).strip());
        continue;
      }
      List<Node> tier = new ArrayList<>();
      List<Integer> ports = clusterPorts.get(service.name());
      for (int i = 0; i < ports.size(); i++) {
        Node node = startNode(service, i + 1, ports.get(i));
        tier.add(node);
        nodes.add(node); // at once, so that close() stops it whatever fails next
      }
      for (Node node : tier) {
        Duration took = waitUntil(node.name() + " is ready", readyTimeout, () -> ready(node));
        LOG.info("{} ready on HTTP port {} (management {}, Hazelcast {}) after {} ms", node.name(), node.httpPort(),
            node.managementPort(), node.clusterPort(), took.toMillis());
      }
    }
  }

  /** The jars copied first: another build may replace the module's jar while these JVMs still load classes from it. */
  private void copyJars(List<Service> services) {
    Path jars = workDir.resolve("jars");
    try {
      Files.createDirectories(jars);
      for (String module : services.stream().map(Service::module).distinct().toList()) {
        Path target = ComposeFile.ROOT.resolve(module).resolve("target");
        Path jar;
        try (Stream<Path> files = Files.list(target)) {
          jar = files.filter(file -> file.getFileName().toString().endsWith("-fat.jar")).findFirst()
              .orElseThrow(() -> new AssertionError("no fat jar in " + target + ": package " + module));
        }
        Files.copy(jar, jars.resolve(module + ".jar"));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private Node startNode(Service service, int replica, int clusterPort) {
    String name = service.name() + "-" + replica;
    int httpPort = FreePorts.take();
    int managementPort = FreePorts.take();
    Map<String, String> env = environment(service, clusterPort, httpPort, managementPort);
    Path log = workDir.resolve(name + ".log");
    ProcessBuilder builder = entrypoint(env, service.command()).redirectErrorStream(true).redirectOutput(log.toFile());
    try {
      Node node = new Node(name, service, httpPort, managementPort, clusterPort, log, builder.start());
      LOG.info("started {} (pid {}): members {}", name, node.process().pid(), env.get("CLUSTER_MEMBERS"));
      return node;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** {@code docker compose run --rm -T SERVICE ARGS...}: its entrypoint with these arguments, to exit 0; its stdout. */
  String run(String service, List<String> args) {
    String name = service + "-run-" + runs.incrementAndGet();
    Path out = workDir.resolve(name + ".out");
    Path log = workDir.resolve(name + ".log");
    int exit = finish(entrypoint(environment(compose.service(service), 0, 0, 0), args)
        .redirectOutput(out.toFile()).redirectError(log.toFile()), Duration.ofSeconds(120), name);
    if (exit != 0) {
      throw new AssertionError(name + " " + args + " exited with " + exit + ":\n" + tail(log));
    }
    try {
      return Files.readString(out);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static ProcessBuilder entrypoint(Map<String, String> env, List<String> args) {
    String script = ComposeFile.INFRA.resolve("docker/entrypoint.sh").toString();
    ProcessBuilder builder = new ProcessBuilder(Stream.concat(Stream.of("bash", script), args.stream()).toList());
    builder.environment().clear();
    builder.environment().putAll(env);
    return builder;
  }

  /** A named volume of the compose file: one directory for every node that mounts it. */
  Path volume(String name) {
    try {
      return Files.createDirectories(workDir.resolve("volumes").resolve(name));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The service's compose environment with container-only values made local, and what the image adds. */
  private Map<String, String> environment(Service service, int clusterPort, int httpPort, int managementPort) {
    Map<String, String> env = new LinkedHashMap<>(service.environment());
    env.computeIfPresent("CLUSTER_NAME", (key, value) -> value + clusterName);
    env.put("CLUSTER_HOST", "127.0.0.1");
    env.computeIfPresent("CLUSTER_PORT", (key, value) -> String.valueOf(clusterPort));
    env.computeIfPresent("CLUSTER_MEMBERS", (key, value) -> localMembers(value));
    // HTTP_HOST, MANAGEMENT_HOST: a container's all interfaces are this machine's loopback.
    env.replaceAll((key, value) -> key.endsWith("_HOST") && "0.0.0.0".equals(value) ? "127.0.0.1" : value);
    env.computeIfPresent("HTTP_PORT", (key, value) -> String.valueOf(httpPort));
    env.computeIfPresent("GATEWAY_PORT", (key, value) -> String.valueOf(httpPort));
    env.put("MANAGEMENT_PORT", String.valueOf(managementPort)); // set even where compose does not: the image does
    if (env.containsKey("DATABASE_URL")) {
      // The compose file's postgres service, made local: a database of its own on this JVM's PostgreSQL.
      database = database == null ? TestDatabase.create() : database;
      env.put("DATABASE_URL", database.url());
      env.put("DATABASE_USER", database.user());
      env.put("DATABASE_PASSWORD", database.password());
    }
    // The compose file's Jaeger, made local: where the spans go.
    env.computeIfPresent("OTEL_EXPORTER_OTLP_ENDPOINT", (key, value) -> traces.endpoint());
    for (Mount mount : service.mounts().stream().filter(Mount::named).toList()) {
      String local = volume(mount.source()).toString();
      env.replaceAll((key, value) -> value.equals(mount.target()) || value.startsWith(mount.target() + "/")
          ? local + value.substring(mount.target().length()) : value);
    }
    env.put("APP_JAR", workDir.resolve("jars").resolve(service.module() + ".jar").toString());
    env.put("MODULE", service.module());
    // What the image runs with; MaxRAM makes the JVM size itself for the container's memory limit.
    env.put("JAVA_OPTS", ComposeFile.dockerfileEnv("JAVA_OPTS")
        + (service.memLimitBytes() > 0 ? " -XX:MaxRAM=" + service.memLimitBytes() : ""));
    env.put("PATH", Path.of(System.getProperty("java.home"), "bin") + ":/usr/local/bin:/usr/bin:/bin");
    env.put("HOME", System.getProperty("java.io.tmpdir"));
    return env;
  }

  /** {@code inventory-service:5701} → {@code localhost:<first>-<last>} of that service's nodes. */
  private String localMembers(String members) {
    return Stream.of(members.split(",")).map(String::trim).filter(entry -> !entry.isEmpty()).map(entry -> {
      String host = entry.contains(":") ? entry.substring(0, entry.indexOf(':')) : entry;
      List<Integer> ports = clusterPorts.get(host);
      if (ports == null) {
        throw new AssertionError("CLUSTER_MEMBERS names '" + host + "', which is no service of " + ComposeFile.FILE);
      }
      return "localhost:" + ports.get(0) + (ports.size() == 1 ? "" : "-" + ports.get(ports.size() - 1));
    }).collect(Collectors.joining(","));
  }

  private boolean ready(Node node) {
    if (!node.process().isAlive()) {
      throw new AssertionError(node.name() + " exited with " + node.process().exitValue() + ":\n" + tail(node.log()));
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

  /** What the nodes exported to the OTLP endpoint compose gives them. */
  OtlpSink traces() {
    return traces;
  }

  /** SIGSTOP / SIGCONT: a hung JVM, as {@code docker pause} makes one. */
  static void signal(Node node, String signal) {
    String kill = "kill -" + signal + " " + node.name();
    if (finish(new ProcessBuilder("kill", "-" + signal, String.valueOf(node.process().pid())),
        Duration.ofSeconds(5), kill) != 0) {
      throw new AssertionError(kill + " failed");
    }
  }

  /** kill -9, as {@code docker kill} does; returns once the process is gone (its sockets closed), at most 10 s. */
  static void crash(Node node) {
    node.process().destroyForcibly().onExit().completeOnTimeout(null, 10, TimeUnit.SECONDS).join();
  }

  /** SIGTERM to all (graceful: unpublish, drain, leave), SIGKILL to what is left after 15 s. */
  @Override
  public void close() {
    nodes.stream().filter(node -> node.process().isAlive()).forEach(node -> signal(node, "CONT"));
    nodes.forEach(node -> node.process().destroy());
    CompletableFuture.allOf(nodes.stream().map(node -> node.process().onExit()).toArray(CompletableFuture[]::new))
        .completeOnTimeout(null, 15, TimeUnit.SECONDS).join();
    nodes.stream().filter(node -> node.process().isAlive()).forEach(node -> {
      LOG.warn("{} did not stop in time: SIGKILL", node.name());
      crash(node);
    });
    traces.close();
    // The jar copies go (about 30 MB each); the nodes' logs stay in workDir.
    compose.platformServices().stream().map(Service::module).distinct()
        .forEach(module -> workDir.resolve("jars").resolve(module + ".jar").toFile().delete());
  }
}
