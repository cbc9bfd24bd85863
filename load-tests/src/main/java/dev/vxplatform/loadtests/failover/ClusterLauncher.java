package dev.vxplatform.loadtests.failover;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Drives {@code infra/local-cluster.sh} for one run, with a run folder, cluster name, Hazelcast ports and gateway port
 * of its own. Remembers every JVM the script started (pid and start time: a reused pid is never hit); {@link #close()}
 * leaves none behind. Blocking: call it from the orchestrating thread, never from an event loop.
 */
final class ClusterLauncher implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(ClusterLauncher.class);
  private static final Duration COMMAND_TIMEOUT = Duration.ofMinutes(3);

  private final Path script;
  private final Path runDir;
  private final Map<String, String> env = new LinkedHashMap<>();
  private final StartedProcesses started;
  private final Set<Process> scripts = ConcurrentHashMap.newKeySet(); // local-cluster.sh calls under way
  private final NodeProbe probe = new NodeProbe();
  private final int upTimeoutSeconds;
  private final boolean netns;
  private final AtomicBoolean closed = new AtomicBoolean();
  private final AtomicInteger restarts = new AtomicInteger(); // restarts may run in parallel (kill-all)
  private volatile String authorization;

  /** @param netns every node in a network namespace of its own ({@code up --netns}), so that partitions can be cut */
  ClusterLauncher(Path root, Path runDir, int orderInstances, int inventoryInstances, boolean skipBuild,
      int upTimeoutSeconds, boolean netns) {
    this.script = root.resolve("infra/local-cluster.sh");
    this.runDir = runDir;
    this.upTimeoutSeconds = upTimeoutSeconds;
    this.netns = netns;
    this.started = new StartedProcesses(runDir);
    // A Hazelcast port range of its own, away from the demo's 5701-5720 and from the ephemeral range.
    env.put("RUN_DIR", runDir.toString());
    env.put("CLUSTER_NAME", "failover-" + UUID.randomUUID().toString().substring(0, 8));
    env.put("CLUSTER_PORT", String.valueOf(11_000 + ThreadLocalRandom.current().nextInt(0, 800) * 10));
    env.put("CLUSTER_PORT_COUNT", "10");
    env.put("GATEWAY_PORT", String.valueOf(freePort()));
    env.put("ORDER_INSTANCES", String.valueOf(orderInstances));
    env.put("INVENTORY_INSTANCES", String.valueOf(inventoryInstances));
    env.put("SKIP_BUILD", skipBuild ? "1" : "0");
    env.put("UP_TIMEOUT", String.valueOf(upTimeoutSeconds));
    env.put("CDS", "0"); // a fresh run folder has no archive; writing one at exit only slows restarts down
  }

  /** The repository root: {@code -Dvxplatform.root}, else the nearest folder up from here holding the script. */
  static Path findRoot() {
    String configured = System.getProperty("vxplatform.root");
    if (configured != null) {
      return Path.of(configured).toAbsolutePath();
    }
    for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
      if (Files.isRegularFile(dir.resolve("infra/local-cluster.sh"))) {
        return dir;
      }
    }
    throw new IllegalStateException("infra/local-cluster.sh not found above " + Path.of("").toAbsolutePath()
        + " (set -Dvxplatform.root)");
  }

  Map<String, String> environment() {
    return Map.copyOf(env);
  }

  String up() {
    return run(Duration.ofSeconds(upTimeoutSeconds + 60L), netns ? new String[]{"up", "--netns"} : new String[]{"up"});
  }

  /** Cuts {@code nodes} off from the other nodes ({@code local-cluster.sh partition}); needs {@code up --netns}. */
  String partition(String... nodes) {
    return run(COMMAND_TIMEOUT, Stream.concat(Stream.of("partition"), Stream.of(nodes)).toArray(String[]::new));
  }

  /** {@code from} can no longer reach {@code to} ({@code local-cluster.sh cut}); needs {@code up --netns}. */
  String cut(String from, String to) {
    return run(COMMAND_TIMEOUT, "cut", from, to);
  }

  /** Joins every node into one network again. */
  String heal() {
    return run(COMMAND_TIMEOUT, "heal");
  }

  String down() {
    return run(Duration.ofSeconds(60), "down");
  }

  /** Copies the nodes' logs into {@code folder} of the run folder (before a retry overwrites them). */
  void keepLogs(String folder) {
    try (var files = Files.list(runDir)) {
      Path target = Files.createDirectories(runDir.resolve(folder));
      for (Path log : files.filter(f -> f.getFileName().toString().endsWith(".log")).toList()) {
        Files.copy(log, target.resolve(log.getFileName()));
      }
    } catch (IOException e) {
      LOG.warn("Could not keep the logs in {}: {}", folder, e.toString());
    }
  }

  /** SIGKILL; several nodes are killed back to back by one script call, within milliseconds of each other. */
  String kill(String... nodes) {
    return run(COMMAND_TIMEOUT, Stream.concat(Stream.of("kill"), Stream.of(nodes)).toArray(String[]::new));
  }

  String stop(String node) {
    return run(COMMAND_TIMEOUT, "stop", node);
  }

  String cont(String node) {
    return run(COMMAND_TIMEOUT, "cont", node);
  }

  /**
   * A bearer token signed with the run's key pair, got as the README gets one ({@code local-cluster.sh token}); this
   * launcher's own probes through the gateway send it from now on.
   */
  String authorize(String subject, String scopes, Duration ttl) {
    authorization = "Bearer "
        + run(COMMAND_TIMEOUT, "token", "--sub", subject, "--scope", scopes, "--ttl", "" + ttl.toSeconds()).strip();
    return authorization;
  }

  /** Graceful stop (if alive) and start on the same port; the previous log is kept as {@code NAME.<n>.log}. */
  String restart(String node) {
    try {
      Path log = runDir.resolve(node + ".log");
      if (Files.exists(log)) {
        Files.copy(log, runDir.resolve(node + "." + restarts.incrementAndGet() + ".log"));
      }
    } catch (IOException e) {
      LOG.warn("Could not keep the log of {}: {}", node, e.toString());
    }
    return run(COMMAND_TIMEOUT, "restart", node);
  }

  int gatewayPort() {
    return Integer.parseInt(env.get("GATEWAY_PORT"));
  }

  long pid(String node) {
    return Long.parseLong(read(node + ".pid"));
  }

  int port(String node) {
    return Integer.parseInt(read(node + ".port"));
  }

  /** Where this machine reaches the node: 127.0.0.1, or its own address in a network namespace. */
  String host(String node) {
    return Files.exists(runDir.resolve(node + ".host")) ? read(node + ".host") : NodeProbe.LOOPBACK;
  }

  /** The node's management port ({@code NAME.mgmt}): {@code /metrics}, {@code /health/*}, the gateway's admin. */
  int managementPort(String node) {
    return Integer.parseInt(read(node + ".mgmt"));
  }

  Path runDir() {
    return runDir;
  }

  /** 200 from the node's own {@code /health/ready}. */
  boolean ready(String node) {
    return probe.ready(host(node), port(node));
  }

  /** Whether the node reports the cluster safe (every backup in sync); empty if it did not answer or know. */
  Optional<Boolean> clusterSafe(String node) {
    return probe.clusterSafe(host(node), port(node));
  }

  /** How many members (lite ones too) the node counts; empty if it did not answer. */
  Optional<Integer> members(String node) {
    return probe.members(host(node), port(node));
  }

  /** Whether an order read through the gateway that must ask the database is answered within a second. */
  boolean databaseAnswers() {
    return probe.databaseAnswers(host("gateway"), gatewayPort(), authorization);
  }

  /** Ports of the instances the gateway routes to now (its view, on its management port); empty if no answer. */
  Set<Integer> routedPorts() {
    return probe.routedPorts(host("gateway"), managementPort("gateway"));
  }

  /** {@code down}, then SIGKILL for every JVM this run started that is still alive. Idempotent, thread-safe. */
  @Override
  public synchronized void close() {
    if (!closed.compareAndSet(false, true)) {
      return; // a second caller (the shutdown hook, or the run) returns once the first one finished
    }
    // An 'up' or 'restart' still under way (the check was stopped meanwhile) would go on starting JVMs after 'down'.
    for (Process script : scripts) {
      script.descendants().forEach(ProcessHandle::destroyForcibly);
      script.destroyForcibly();
    }
    try {
      down();
    } catch (RuntimeException e) {
      LOG.warn("local-cluster.sh down failed: {}", e.getMessage());
    } finally {
      started.track();
      List<ProcessHandle> alive = startedProcesses().stream().filter(NodeProbe::isRunning).toList();
      alive.forEach(ProcessHandle::destroyForcibly);
      if (!alive.isEmpty()) {
        LOG.warn("SIGKILLed JVMs that survived 'down': {}", alive.stream().map(ProcessHandle::pid).toList());
      }
    }
  }

  /** Every JVM started for this run, alive or not (for the end-of-run check that none is left). */
  List<ProcessHandle> startedProcesses() {
    return started.all();
  }

  private String run(Duration timeout, String... args) {
    List<String> command = Stream.concat(Stream.of("bash", script.toString()), Stream.of(args)).toList();
    try {
      Files.createDirectories(runDir);
      Path output = Files.createTempFile(runDir, "script-", ".out");
      ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile());
      builder.environment().putAll(env);
      Process process = builder.start();
      scripts.add(process);
      boolean finished;
      try {
        finished = process.waitFor(timeout.toSeconds(), TimeUnit.SECONDS);
        if (!finished) {
          process.destroyForcibly();
        }
      } finally {
        scripts.remove(process);
      }
      started.track();
      String text = Files.readString(output);
      Files.writeString(runDir.resolve("local-cluster.out"), "$ local-cluster.sh " + String.join(" ", args) + "\n"
          + ("token".equals(args[0]) ? "(a bearer token: a secret, not kept)\n" : text), StandardOpenOption.CREATE,
          StandardOpenOption.APPEND);
      Files.delete(output);
      if (!finished || process.exitValue() != 0) {
        throw new IllegalStateException("local-cluster.sh " + String.join(" ", args)
            + (finished ? " exited " + process.exitValue() : " timed out") + ":\n" + text);
      }
      return text;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted during local-cluster.sh " + String.join(" ", args), e);
    }
  }

  private String read(String file) {
    try {
      return Files.readString(runDir.resolve(file)).trim();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * A free loopback port below Linux's ephemeral range (32768+): a port from that range, probed free now, can be
   * taken by any outgoing connection before the gateway binds it tens of seconds later.
   */
  private static int freePort() {
    for (int i = 0; i < 100; i++) {
      int port = ThreadLocalRandom.current().nextInt(20_000, 32_000);
      try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
        return socket.getLocalPort();
      } catch (IOException e) {
        // taken: try another
      }
    }
    throw new IllegalStateException("no free port in 20000-31999");
  }
}
