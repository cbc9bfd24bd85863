package dev.vxplatform.loadtests.failover;

import java.nio.file.Path;
import java.util.List;

/**
 * Everything a run is made of, with the two documented presets. Times are milliseconds.
 *
 * @param clients          concurrent clients; each runs one request at a time
 * @param thinkMinMs       pause of a client between two requests, lower bound (upper: {@code thinkMaxMs})
 * @param maxOpsPerClient  hard bound on a client's requests, whatever the duration
 * @param skus             products created for the run, {@code unitsPerSku} units each
 * @param restockEveryMs   one restock of {@code restockUnits} units of a random sku this often (0: never), so some
 *                         orders keep being confirmed while demand stays above supply
 * @param requestTimeoutMs client timeout of one attempt: above the gateway's worst case (3 × 5 s)
 * @param retryForMs       how long a client keeps retrying a keyed POST answered 502/503/504 or not at all
 * @param warmupMs         load before the first fault
 * @param downMs           how long a killed node stays dead before it is started again
 * @param pauseMs          how long a SIGSTOPped node stays paused
 * @param calmMs           load between a recovery and the next fault
 * @param recoveryMs       bound on a node's way back (ready and in the gateway's view); past it, a violation
 * @param settleMs         bound on the wait for no PENDING order once the load stopped
 * @param readMs           bound on reading every order and reservation afterwards (the audit is read after it)
 * @param upTimeoutSeconds bound on the cluster start ({@code UP_TIMEOUT})
 */
record CheckOptions(String mode, int clients, int thinkMinMs, int thinkMaxMs, int maxOpsPerClient, int skus,
    int unitsPerSku, long restockEveryMs, int restockUnits, long requestTimeoutMs, long retryForMs, long warmupMs,
    long downMs, long pauseMs, long calmMs, long recoveryMs, long settleMs, long readMs, int upTimeoutSeconds,
    List<Fault> faults,
    Path resultsDir, boolean skipBuild) {

  CheckOptions {
    faults = List.copyOf(faults);
  }

  /**
   * At most ~3 minutes, what CI runs: kill -9 of an inventory node, then of an order node, then SIGSTOP of the other
   * order node for 10 s (the fault only the heartbeat detects).
   */
  static CheckOptions quick(Path resultsDir) {
    return new CheckOptions("quick", 6, 30, 120, 3_000, 20, 30, 2_000, 4, 20_000, 60_000, 5_000, 2_000, 10_000,
        3_000, 120_000, 45_000, 120_000, 180, List.of(Fault.KILL_INVENTORY, Fault.KILL_ORDER, Fault.STOP_ORDER),
        resultsDir, true);
  }

  /**
   * Every fault, the whole platform's crash and the database's 10 s hang included, with longer calm periods: run by
   * hand. Fewer requests per second than quick, so that a run's history stays small enough to read back.
   */
  static CheckOptions full(Path resultsDir) {
    return new CheckOptions("full", 8, 150, 350, 20_000, 20, 30, 1_500, 4, 20_000, 60_000, 10_000, 5_000, 10_000,
        10_000, 120_000, 60_000, 300_000, 240, List.of(Fault.KILL_INVENTORY, Fault.KILL_ORDER, Fault.STOP_ORDER,
            Fault.KILL_RECONCILER, Fault.ROLLING_RESTART, Fault.KILL_ALL, Fault.DATABASE_AWAY, Fault.ISOLATE_MEMBER,
            Fault.SPLIT_GATEWAY_WITH_MAJORITY, Fault.SPLIT_GATEWAY_WITH_MINORITY, Fault.ONE_WAY_CUT), resultsDir, true);
  }

  /**
   * Network cuts only (needs root: every node in a network namespace of its own): one data member cut off, then a
   * 2 | 3 split with the gateway on the majority's side, then on the minority's, then a one-way cut; quick's load.
   */
  static CheckOptions partition(Path resultsDir) {
    return new CheckOptions("partition", 6, 30, 120, 3_000, 20, 30, 2_000, 4, 20_000, 60_000, 5_000, 2_000, 10_000,
        3_000, 120_000, 45_000, 120_000, 180, List.of(Fault.ISOLATE_MEMBER, Fault.SPLIT_GATEWAY_WITH_MAJORITY,
            Fault.SPLIT_GATEWAY_WITH_MINORITY, Fault.ONE_WAY_CUT), resultsDir, true);
  }

  /** Whether a fault of the run cuts the network (then its nodes run in network namespaces). */
  boolean cutsNetwork() {
    return faults.stream().anyMatch(Fault::cutsNetwork);
  }

  /**
   * {@code --quick | --full | --partition} (default quick), {@code --results DIR}, {@code --build} (let
   * local-cluster.sh build).
   */
  static CheckOptions parse(String[] args, Path defaultResults) {
    String mode = "quick";
    Path results = defaultResults;
    boolean build = false;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--quick" -> mode = "quick";
        case "--full" -> mode = "full";
        case "--partition" -> mode = "partition";
        case "--build" -> build = true;
        case "--results" -> {
          if (i + 1 >= args.length) {
            throw new IllegalArgumentException("--results needs a folder");
          }
          results = Path.of(args[++i]);
        }
        default -> throw new IllegalArgumentException("unknown argument '" + args[i]
            + "' (usage: --quick | --full | --partition [--results DIR] [--build])");
      }
    }
    CheckOptions preset = switch (mode) {
      case "full" -> full(results);
      case "partition" -> partition(results);
      default -> quick(results);
    };
    return build ? preset.withSkipBuild(false) : preset;
  }

  CheckOptions withSkipBuild(boolean skip) {
    return new CheckOptions(mode, clients, thinkMinMs, thinkMaxMs, maxOpsPerClient, skus, unitsPerSku,
        restockEveryMs, restockUnits, requestTimeoutMs, retryForMs, warmupMs, downMs, pauseMs, calmMs, recoveryMs,
        settleMs, readMs, upTimeoutSeconds, faults, resultsDir, skip);
  }
}
