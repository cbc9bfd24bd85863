package dev.vxplatform.loadtests.failover;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Injects one fault at a time and waits for the node's recovery: back means ready on its own health endpoint and
 * routed to by the gateway again. A node that does not come back within the bound is recorded as such (a
 * violation) and restarted, so the run can go on.
 */
final class FaultInjector {

  private static final Logger LOG = LoggerFactory.getLogger(FaultInjector.class);
  static final List<String> ORDER_NODES = List.of("order-1", "order-2");
  static final List<String> INVENTORY_NODES = List.of("inventory-1", "inventory-2", "inventory-3");
  static final List<String> DATA_NODES = Stream.concat(INVENTORY_NODES.stream(), ORDER_NODES.stream()).toList();
  /** The window's node for kill-all. */
  static final String ALL_DATA_NODES = "order+inventory";
  /** The bound: the platform answers again within 5 s of the database's return. */
  static final long DATABASE_RECOVERY_MS = 5_000;
  /** How long a network cut lasts. */
  static final long PARTITION_MS = 20_000;
  /**
   * From a cut until a minority surely refuses writes: the split-brain protection's heartbeat tolerance (3 s by
   * default) and its next evaluation (1 s; measured 3.7-5.1 s by load-tests/minority-window.sh, the longest a write
   * that hung on a paused owner) and a margin. A write acknowledged by the minority before it is the documented
   * window; after it, a violation.
   */
  static final long MINORITY_NOTICED_MS = 6_000;

  private final ClusterLauncher cluster;
  private final CheckOptions options;
  private final List<FaultWindow> windows = new ArrayList<>();

  FaultInjector(ClusterLauncher cluster, CheckOptions options) {
    this.cluster = cluster;
    this.options = options;
  }

  /**
   * Waits until a data member (other than {@code except}) reports the cluster safe on its {@code /health/ready}: no
   * migration running, every backup in sync. Only then may one more member fail without losing data, so this is part of every recovery.
   *
   * @return ms waited, or -1 when the bound passed first
   */
  long awaitSafe(String except) {
    long start = System.currentTimeMillis();
    List<String> members = new ArrayList<>(DATA_NODES);
    members.remove(except);
    boolean safe = Blocking.poll(Duration.ofMillis(options.recoveryMs()), () -> members.stream()
        .map(cluster::clusterSafe).flatMap(Optional::stream).findFirst().orElse(false));
    return safe ? System.currentTimeMillis() - start : -1;
  }

  List<FaultWindow> windows() {
    return List.copyOf(windows);
  }

  void inject(Fault fault) {
    switch (fault) {
      // inventory-1 founded the cluster: the oldest member, Hazelcast's master; losing it is the harder case
      case KILL_INVENTORY -> killAndRestart("kill -9", "inventory-1");
      case KILL_ORDER -> killAndRestart("kill -9", "order-1");
      case STOP_ORDER -> pause("order-2");
      case KILL_RECONCILER -> {
        String holder = ReconcilerHolder.in(cluster.runDir(), ORDER_NODES);
        LOG.info("The reconciler runs on {}", holder == null ? "(no lease line found: taking order-1)" : holder);
        killAndRestart("kill -9 (reconciler)", holder == null ? "order-1" : holder);
      }
      case ROLLING_RESTART -> {
        for (String node : DATA_NODES) {
          restart(node);
          Blocking.pause(options.calmMs() / 2);
        }
      }
      case KILL_ALL -> killAllAndRestart();
      case DATABASE_AWAY -> pauseDatabase();
      case ISOLATE_MEMBER -> partition("network cut", List.of("inventory-2"), false);
      // Three data members (inventory-1, inventory-2, order-1) against two.
      case SPLIT_GATEWAY_WITH_MAJORITY -> partition("2 | 3 split", List.of("inventory-3", "order-2"), false);
      case SPLIT_GATEWAY_WITH_MINORITY -> partition("2 | 3 split, gateway with the 2",
          List.of("inventory-3", "order-2", "gateway"), true);
      case ONE_WAY_CUT -> oneWayCut("order-1", "inventory-1");
      default -> throw new IllegalArgumentException(fault.name());
    }
  }

  private void killAndRestart(String fault, String node) {
    long at = announce(fault, node);
    cluster.kill(node);
    Blocking.pause(options.downMs());
    cluster.restart(node);
    awaitBack(fault, node, at);
  }

  private void killAllAndRestart() {
    List<String> nodes = DATA_NODES;
    String fault = "kill -9 (all at once)";
    long at = announce(fault, String.join(" ", nodes));
    cluster.kill(nodes.toArray(String[]::new));
    Blocking.pause(options.downMs());
    // All at once, as machines coming back after a power cut would; one after the other takes a minute longer.
    ExecutorService starters = Executors.newFixedThreadPool(nodes.size());
    try {
      List<Future<String>> starts = nodes.stream().map(node -> starters.submit(() -> cluster.restart(node))).toList();
      for (Future<String> start : starts) {
        try {
          start.get();
        } catch (ExecutionException e) {
          LOG.warn("A restart after kill-all failed (its recovery below says more): {}", e.getCause().getMessage());
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      starters.shutdownNow();
    }
    awaitBack(fault, nodes, ALL_DATA_NODES, at, true);
  }

  /**
   * The database hangs for the pause (SIGSTOP), then answers again. Back means an order read that must ask the
   * database is answered within {@link #DATABASE_RECOVERY_MS} of the resume: nothing of the platform restarts.
   */
  private void pauseDatabase() {
    String fault = "kill -STOP " + options.pauseMs() / 1000 + " s";
    long at = announce(fault, FaultWindow.DATABASE);
    cluster.stop(FaultWindow.DATABASE);
    Blocking.pause(options.pauseMs());
    cluster.cont(FaultWindow.DATABASE);
    long resumed = System.currentTimeMillis();
    boolean back = Blocking.poll(Duration.ofMillis(DATABASE_RECOVERY_MS), cluster::databaseAnswers);
    long now = System.currentTimeMillis();
    String detail = back ? "the database answered through the platform " + (now - resumed) + " ms after SIGCONT"
        : "the database did not answer through the platform within " + DATABASE_RECOVERY_MS + " ms of SIGCONT";
    long waited = awaitSafe(null);
    long safeMs = waited < 0 ? -1 : System.currentTimeMillis() - at;
    LOG.info("{} postgres: {}", fault, detail);
    windows.add(new FaultWindow(windows.size() + 1, fault, FaultWindow.DATABASE, at, back ? now : 0, back, safeMs, detail));
  }

  /**
   * Cuts {@code cut} off from the other nodes for {@link #PARTITION_MS}, heals, and waits for the cut data members to be
   * back, routed to, and the cluster safe. With the gateway on the cut side, that side is a minority: from
   * {@link #MINORITY_NOTICED_MS} after the cut until the heal, no write may be acknowledged.
   */
  private void partition(String fault, List<String> cut, boolean gatewayWithMinority) {
    String label = String.join(" ", cut);
    String what = fault + " " + PARTITION_MS / 1000 + " s";
    String observer = INVENTORY_NODES.stream().filter(node -> !cut.contains(node)).findFirst().orElseThrow();
    int before = cluster.members(observer).orElse(-1);
    long at = announce(what, label);
    cluster.partition(cut.toArray(String[]::new));
    Cut held = holdAndHeal(what, label, observer, before - cut.size(), at);
    List<String> members = cut.stream().filter(node -> !node.equals("gateway")).toList();
    awaitBack(what, members, label, at, false, whole(observer, before), gatewayWithMinority ? at + MINORITY_NOTICED_MS : 0,
        gatewayWithMinority ? held.healedAt() : 0);
    windows.set(windows.size() - 1, windows.get(windows.size() - 1).withCut(held.detectedMs(), held.healedAt()));
  }

  /** {@code from} cannot reach {@code to} for {@link #PARTITION_MS}; then both must be back, routed to, and safe. */
  private void oneWayCut(String from, String to) {
    String what = "one-way cut " + PARTITION_MS / 1000 + " s";
    String label = from + " -/-> " + to;
    int before = cluster.members(to).orElse(-1);
    long at = announce(what, label);
    cluster.cut(from, to);
    Cut held = holdAndHeal(what, label, to, before - 1, at);
    awaitBack(what, List.of(from, to), label, at, false, whole(to, before), 0, 0);
    windows.set(windows.size() - 1, windows.get(windows.size() - 1).withCut(held.detectedMs(), held.healedAt()));
  }

  /**
   * {@code observer} counts {@code members} again: the sides merged. The cut nodes' side may route to them before
   * (a gateway cut off with them), and a next fault during the merge would overlap this one.
   */
  private BooleanSupplier whole(String observer, int members) {
    return () -> cluster.members(observer).map(count -> count >= members).orElse(false);
  }

  /** Ms from a cut until the other side dropped the cut-off nodes (-1: not while it lasted), and when it healed. */
  private record Cut(long detectedMs, long healedAt) { }

  /**
   * Keeps the cut made at {@code at} for {@link #PARTITION_MS}, watching {@code observer} until it counts at most
   * {@code members} members (its side's failure detection dropped the cut-off ones), then heals.
   */
  private Cut holdAndHeal(String what, String label, String observer, int members, long at) {
    boolean seen = Blocking.poll(Duration.ofMillis(PARTITION_MS),
        () -> cluster.members(observer).map(count -> count <= members).orElse(false));
    long detected = seen ? System.currentTimeMillis() - at : -1;
    Blocking.pause(Math.max(0, PARTITION_MS - (System.currentTimeMillis() - at)));
    cluster.heal();
    long healed = System.currentTimeMillis();
    LOG.info("{} {}: detected after {} ms, healed after {} ms", what, label, detected, healed - at);
    return new Cut(detected, healed);
  }

  private void pause(String node) {
    String fault = "kill -STOP " + options.pauseMs() / 1000 + " s";
    long at = announce(fault, node);
    cluster.stop(node);
    // Past the failure detection, before the resume: the moment the healthy members' state explains most.
    Blocking.pause(options.pauseMs() * 7 / 10);
    dumpThreadsOfAllBut(node, "during-stop");
    Blocking.pause(Math.max(0, options.pauseMs() - (System.currentTimeMillis() - at)));
    cluster.cont(node);
    LOG.info("{} resumed (SIGCONT) after {} ms", node, System.currentTimeMillis() - at);
    awaitBack(fault, node, at);
  }

  private void dumpThreadsOfAllBut(String paused, String label) {
    List<String> others = new ArrayList<>(INVENTORY_NODES);
    others.addAll(ORDER_NODES);
    others.add("gateway");
    others.remove(paused);
    int written = ThreadDumps.capture(cluster.runDir(), others, others.stream().map(cluster::pid).toList(), label);
    LOG.info("Thread dumps of {} of {} other nodes in {}/*.threads-{}.txt", written, others.size(), cluster.runDir(),
        label);
  }

  private void restart(String node) {
    long at = announce("graceful restart", node);
    cluster.restart(node);
    awaitBack("graceful restart", node, at);
  }

  private long announce(String fault, String node) {
    LOG.info("Fault {}: {} {}", windows.size() + 1, fault, node);
    return System.currentTimeMillis();
  }

  private void awaitBack(String fault, String node, long at) {
    awaitBack(fault, List.of(node), node, at, false);
  }

  private void awaitBack(String fault, List<String> nodes, String label, long at, boolean outage) {
    awaitBack(fault, nodes, label, at, outage, () -> true, 0, 0);
  }

  /**
   * Every node ready and routed to, the cluster {@code whole}, then safe; {@code label} names the nodes in the
   * window, {@code outage} says no instance of their services was left.
   */
  private void awaitBack(String fault, List<String> nodes, String label, long at, boolean outage,
      BooleanSupplier whole, long minorityFromMs, long minorityToMs) {
    List<Integer> ports = nodes.stream().map(cluster::port).toList();
    BooleanSupplier allBack = () -> nodes.stream().allMatch(cluster::ready)
        && cluster.routedPorts().containsAll(ports) && whole.getAsBoolean();
    boolean back = Blocking.poll(Duration.ofMillis(options.recoveryMs()), allBack);
    long now = System.currentTimeMillis();
    String detail;
    if (back) {
      detail = "ready and routed again " + (now - at) + " ms after the fault";
    } else {
      detail = "not ready and routed again " + options.recoveryMs() + " ms after it was started or resumed";
      List<String> missing = nodes.stream().filter(node -> !cluster.ready(node)).toList();
      LOG.error("{} {}: {}; restarting {} to go on", fault, label, detail, missing);
      missing.forEach(cluster::restart);
      Blocking.poll(Duration.ofMillis(options.recoveryMs()), allBack);
    }
    // One node: a data member other than it must say safe. All: any of them may.
    long waited = awaitSafe(nodes.size() == 1 ? nodes.get(0) : null);
    long safeMs = waited < 0 ? -1 : System.currentTimeMillis() - at;
    detail += safeMs < 0 ? "; cluster not safe (backups not in sync) " + options.recoveryMs() + " ms later"
        : "; cluster safe (every backup in sync) " + safeMs + " ms after the fault";
    LOG.info("{} {}: {}", fault, label, detail);
    windows.add(new FaultWindow(windows.size() + 1, fault, label, at, back ? now : 0, back, safeMs, detail,
        outage, minorityFromMs, minorityToMs));
  }
}
