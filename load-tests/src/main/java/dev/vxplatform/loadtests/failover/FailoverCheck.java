package dev.vxplatform.loadtests.failover;

import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The availability check: starts the platform as real JVMs, seeds a catalog, drives a recorded workload through
 * the gateway while it kills, pauses and restarts nodes one at a time, then checks the history against the final
 * state and writes a report. Exit code 0 = every promise kept; 1 = a violation or a failed request; 2 = the check
 * itself could not run. Every JVM it started is gone when it returns, also on failure or Ctrl-C.
 *
 * <pre>load-tests/failover-check.sh --quick | --full [--results DIR] [--build]</pre>
 */
public final class FailoverCheck {

  private static final Logger LOG = LoggerFactory.getLogger(FailoverCheck.class);
  private static final Duration CLIENT_CLOSE_BOUND = Duration.ofSeconds(30);
  /** Longer than any run (a --full run takes about 20 minutes). */
  private static final Duration TOKEN_TTL = Duration.ofHours(24);
  /** An operator's scopes: the workload places orders for many customers and restocks. */
  private static final String OPERATOR_SCOPES = "orders:write orders:read inventory:admin admin";

  private FailoverCheck() {
  }

  public static void main(String[] args) {
    Path root = ClusterLauncher.findRoot();
    CheckOptions options;
    try {
      options = CheckOptions.parse(args, root.resolve("load-tests/results"));
    } catch (IllegalArgumentException e) {
      System.err.println(e.getMessage());
      System.exit(2);
      return;
    }
    System.exit(run(root, options));
  }

  /** Runs one check; returns the exit code. */
  static int run(Path root, CheckOptions options) {
    long startedAt = System.currentTimeMillis();
    String runName = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").format(LocalDateTime.now()) + "-"
        + options.mode();
    String runId = UUID.randomUUID().toString().substring(0, 6);
    Path dir = options.resultsDir().resolve(runName).toAbsolutePath();
    Map<String, Long> phases = new LinkedHashMap<>();
    ClusterLauncher cluster = new ClusterLauncher(root, dir.resolve("cluster"), FaultInjector.ORDER_NODES.size(),
        FaultInjector.INVENTORY_NODES.size(), options.skipBuild(), options.upTimeoutSeconds(), options.cutsNetwork());
    Thread hook = new Thread(cluster::close, "failover-check-cleanup");
    Runtime.getRuntime().addShutdownHook(hook);
    Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(2).setWorkerPoolSize(2));
    History history = new History();
    RunSummary summary;
    LOG.info("Availability check --{}: results in {}", options.mode(), dir);
    GatewayClient gateway = null;
    try {
      long t = System.currentTimeMillis();
      LOG.info("Starting the cluster: {}", cluster.environment());
      LOG.info("local-cluster.sh up:\n{}", up(cluster).strip());
      phases.put("cluster up", since(t));
      // Once the cluster is up: with network namespaces the gateway's address is the one the launcher gave it.
      gateway = new GatewayClient(vertx, cluster.host("gateway"), cluster.gatewayPort(), 64,
          options.requestTimeoutMs());
      gateway.authorize(cluster.authorize("failover-check", OPERATOR_SCOPES, TOKEN_TTL));

      t = System.currentTimeMillis();
      Recorder recorder = new Recorder(vertx, gateway, history, options.retryForMs());
      List<String> skus = Seeder.seed(recorder, options, runId);
      Seeder.awaitReplicated(cluster, skus, gateway);

      FaultInjector faults = new FaultInjector(cluster, options);
      long safeAfter = faults.awaitSafe(null);
      if (safeAfter < 0) {
        throw new IllegalStateException("the cluster did not become safe (backups in sync) after start");
      }
      phases.put("seed", since(t));

      long loadStart = System.currentTimeMillis();
      Workload workload = new Workload(options, runId, skus, recorder);
      String deployment = Blocking.await(vertx.deployVerticle(workload), Duration.ofSeconds(10));
      Blocking.pause(options.warmupMs());
      for (Fault fault : options.faults()) {
        faults.inject(fault);
        Blocking.pause(options.calmMs());
      }
      long loadEnd = System.currentTimeMillis();
      phases.put("load with faults", loadEnd - loadStart);
      LOG.info("Stopping the load; waiting for the requests in flight");
      Blocking.await(vertx.undeploy(deployment), Duration.ofMillis(options.retryForMs()
          + options.requestTimeoutMs() + 30_000));
      phases.put("drain", since(loadEnd));

      t = System.currentTimeMillis();
      List<Op> ops = history.ops();
      FinalState state = new StateReader(vertx, gateway, options.readMs())
          .read(ops, new Disturbance(faults.windows()), Set.copyOf(skus), loadEnd, options.settleMs());
      phases.put("settle and read final state", since(t));
      Checker.Verdict verdict = Checker.check(ops, faults.windows(), state);
      int leftovers = stop(cluster);
      summary = RunSummary.of(options, runName, startedAt, phases, ops, faults.windows(), loadStart, state, verdict,
          leftovers);
    } catch (RuntimeException e) {
      LOG.error("The check could not complete", e);
      summary = RunSummary.failed(options, runName, startedAt, phases, stop(cluster), String.valueOf(e.getMessage()));
    } finally {
      if (gateway != null) {
        gateway.close();
      }
      cluster.close();
      closeClient(vertx);
      removeHook(hook);
    }
    return finish(summary, history, dir);
  }

  /**
   * One more try when the start fails: local-cluster.sh picks free ports by probing, and on a busy machine another
   * process can take one before the node binds it. The first attempt's logs are kept in {@code failed-start/}. A
   * second failure ends the run (exit code 2).
   */
  private static String up(ClusterLauncher cluster) {
    try {
      return cluster.up();
    } catch (IllegalStateException first) {
      LOG.warn("local-cluster.sh up failed; stopping what started and trying once more:\n{}", first.getMessage());
      cluster.down();
      cluster.keepLogs("failed-start");
      return cluster.up();
    }
  }

  private static int finish(RunSummary summary, History history, Path dir) {
    String text = Report.text(summary);
    LOG.info("\n{}", text);
    try {
      Report.write(summary, dir);
      history.writeJsonLines(dir.resolve("history.jsonl"));
      LOG.info("Report: {} and report.json; history: history.jsonl; node logs: cluster/", dir.resolve("report.md"));
    } catch (java.io.IOException e) {
      LOG.error("Could not write the report to {}", dir, e);
    }
    if (summary.error() != null) {
      return 2;
    }
    return summary.passed() ? 0 : 1;
  }

  /** Stops the cluster and counts the JVMs of this run still alive (zombies waiting for a reaper do not count). */
  private static int stop(ClusterLauncher cluster) {
    cluster.close();
    List<ProcessHandle> alive = cluster.startedProcesses().stream().filter(NodeProbe::isRunning).toList();
    if (!alive.isEmpty()) {
      LOG.error("JVMs still running after the cluster was stopped: {}", alive.stream().map(ProcessHandle::pid)
          .toList());
    }
    return alive.size();
  }

  /**
   * Closes the check's own Vert.x (its HTTP client). The verdict is decided by then, so a slow close is logged with
   * what its threads were doing, and the run still ends with its report and exit code.
   */
  private static void closeClient(Vertx vertx) {
    long t = System.currentTimeMillis();
    try {
      Blocking.await(vertx.close(), CLIENT_CLOSE_BOUND);
    } catch (IllegalStateException e) {
      LOG.warn("The check's Vert.x did not close within {}; its threads:\n{}", CLIENT_CLOSE_BOUND, vertxThreads());
      return;
    }
    if (since(t) > 2_000) {
      LOG.warn("The check's Vert.x took {} ms to close", since(t));
    }
  }

  private static String vertxThreads() {
    StringBuilder dump = new StringBuilder();
    Thread.getAllStackTraces().forEach((thread, stack) -> {
      if (thread.getName().startsWith("vert.x-")) {
        dump.append(thread.getName()).append(' ').append(thread.getState()).append('\n');
        for (StackTraceElement frame : stack) {
          dump.append("    at ").append(frame).append('\n');
        }
      }
    });
    return dump.toString();
  }

  private static void removeHook(Thread hook) {
    try {
      Runtime.getRuntime().removeShutdownHook(hook);
    } catch (IllegalStateException e) {
      // the JVM is already shutting down: the hook runs (close is idempotent)
    }
  }

  private static long since(long startMs) {
    return System.currentTimeMillis() - startMs;
  }
}
