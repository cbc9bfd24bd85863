package dev.vxplatform.loadtests.bench;

import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Collectors;

/**
 * The order benchmark's generator, for {@code load-tests/bench-orders.sh}: keyed {@code POST /api/orders} through
 * the gateway ({@link PlaceOrderCall}), open model, latency from when each order fell due ({@link FixedRateRun}). One
 * JVM runs everything, so the generator is warm for every step and its own start-up never lands in a measurement.
 *
 * <ol>
 *   <li>Warm-up: {@code warmupSeconds} at {@code startRate}, not measured.</li>
 *   <li>Search: the highest rate whose step has no error and p99 &lt;= {@code p99Ms}, doubling from
 *       {@code startRate} up to {@code maxRate}, then bisecting to within ~12 %. Each step: 3 s unmeasured at its
 *       rate, then {@code stepSeconds} or long enough for ~200 orders (at most 60 s).</li>
 *   <li>Fixed rate: {@code runs} steps of {@code fixedSeconds} at {@code fixedRate}.</li>
 *   <li>Reads: the same search for {@code GET /api/orders/{id}} of orders placed above (a random one each time),
 *       from {@value #READ_START_RATE}/s, printed as {@code order reads: max N/s at p99 <= P ms}.</li>
 * </ol>
 * Every step also reports the CPU time of the processes {@code cpuPids} ({@code name=pid} pairs) and their
 * descendants per placed order (the time of the measured part, draining included, over its 201s), and each
 * fixed-rate run splits it by name; the cluster's idle CPU is measured first, since on a slow step it is most of
 * that figure.
 * Settings are system properties; the bearer token every order and read carries is the environment variable
 * {@code TOKEN} (an operator's: {@code orders:write orders:read admin}, since the orders are for 1,000 customers), not
 * a property, so it shows in no command line. The last line printed is
 * {@code orders: max N/s at p99 <= P ms; at R/s p50 A ms p99 B ms; CPU per order C ms}.
 */
public final class OrderRateSearch {

  private static final long STEP_WARMUP_SECONDS = 3;
  private static final int CALLS_PER_STEP = 200;
  private static final long READ_START_RATE = 200;

  private final List<Context> loops;
  private final FixedRateRun.Call call;
  /** What one call is, for the output: "order", "read". */
  private final String unit;
  private final int connections;
  private final ProcessTreeCpu cpu;

  /** A measured step and the cluster's CPU time per successful call during it. */
  /** {@code compilerMillisPerCall}: the part of {@code cpuMillisPerCall} the JVMs' JIT compiler threads spent. */
  /** {@code cpuMillisPerCallByProcess}: the same split by the process trees named in {@code cpuPids}. */
  private record Step(FixedRateRun.Result result, String unit, double cpuMillisPerCall, double compilerMillisPerCall,
      Map<String, Double> cpuMillisPerCallByProcess) {
    @Override
    public String toString() {
      return String.format(Locale.ROOT, "%s cpu_ms_per_%s=%.2f jit_ms_per_%s=%.2f", result, unit, cpuMillisPerCall,
          unit, compilerMillisPerCall);
    }

    String byProcess() {
      return cpuMillisPerCallByProcess.entrySet().stream()
          .map(entry -> String.format(Locale.ROOT, "%s %.2f", entry.getKey(), entry.getValue()))
          .collect(Collectors.joining(", "));
    }
  }

  private OrderRateSearch(List<Context> loops, FixedRateRun.Call call, String unit, int connections,
      ProcessTreeCpu cpu) {
    this.loops = loops;
    this.call = call;
    this.unit = unit;
    this.connections = connections;
    this.cpu = cpu;
  }

  public static void main(String[] args) {
    URI gateway = URI.create(System.getProperty("baseUrl", "http://127.0.0.1:8080"));
    String token = System.getenv("TOKEN");
    if (token == null || token.isBlank()) {
      throw new IllegalArgumentException("TOKEN (environment) must hold a bearer token with orders:write orders:read"
          + " admin: TOKEN=$(infra/local-cluster.sh token --sub ... --scope ...)");
    }
    String authorization = "Bearer " + token.strip();
    long p99Ms = Long.getLong("p99Ms", 50);
    long startRate = Long.getLong("startRate", 25);
    long maxRate = Long.getLong("maxRate", 4000);
    long stepSeconds = Long.getLong("stepSeconds", 15);
    long fixedRate = Long.getLong("fixedRate", 500);
    long fixedSeconds = Long.getLong("fixedSeconds", 15);
    int runs = Integer.getInteger("runs", 3);
    ProcessTreeCpu cpu = new ProcessTreeCpu(ProcessTreeCpu.parseRoots(System.getProperty("cpuPids", "")),
        Long.getLong("clockTicks", 100));
    int loopCount = Integer.getInteger("loops", Runtime.getRuntime().availableProcessors());

    Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(loopCount));
    try {
      List<Context> loops = new ArrayList<>();
      for (int i = 0; i < loopCount; i++) {
        loops.add(vertx.getOrCreateContext()); // from a non-Vert.x thread: a new context, loops in turn
      }
      int connections = Integer.getInteger("connections", 256);
      PlaceOrderCall placing = PlaceOrderCall.forCatalog(vertx, gateway, authorization, Boolean.getBoolean("hotSku"))
          .await();
      OrderRateSearch search = new OrderRateSearch(loops, placing, "order", connections, cpu);
      double idleStart = cpu.seconds();
      long idleFrom = System.nanoTime();
      vertx.timer(5_000).await();
      say(String.format(Locale.ROOT, "cluster idle: %.0f ms of CPU per second (the floor under every step's CPU"
          + " per order)", (cpu.seconds() - idleStart) * 1e12 / (System.nanoTime() - idleFrom)));
      say("warming up: " + Long.getLong("warmupSeconds", 30) + " s at " + startRate + " orders/s, not measured");
      search.measure(startRate, Long.getLong("warmupSeconds", 30), 0);
      long max = search.search(startRate, maxRate, stepSeconds, p99Ms * 1000);
      say("fixed rate: " + fixedRate + " orders/s, " + runs + " runs of " + fixedSeconds + " s");
      List<Double> p50 = new ArrayList<>();
      List<Double> p99 = new ArrayList<>();
      List<Double> cpuPerOrder = new ArrayList<>();
      List<Double> compilerPerOrder = new ArrayList<>();
      for (int run = 1; run <= runs; run++) {
        Step step = search.step(fixedRate, fixedSeconds);
        p50.add(step.result().percentileMicros(50) / 1000.0);
        p99.add(step.result().percentileMicros(99) / 1000.0);
        cpuPerOrder.add(step.cpuMillisPerCall());
        compilerPerOrder.add(step.compilerMillisPerCall());
        say("  run " + run + ": " + step);
        say("    cpu_ms_per_order by process: " + step.byProcess());
      }
      say(String.format(Locale.ROOT, "CPU per order at %d/s: %.2f ms, of which the JVMs' JIT compiler threads"
          + " %.2f ms", fixedRate, median(cpuPerOrder), median(compilerPerOrder)));
      List<String> placed = placing.placedIds();
      say("reads: GET /api/orders/{id} of " + placed.size() + " orders placed above, searching from "
          + READ_START_RATE + "/s");
      FixedRateRun.Call read = FixedRateRun.get(() -> gateway.resolve("/api/orders/"
          + placed.get(ThreadLocalRandom.current().nextInt(placed.size()))), authorization);
      OrderRateSearch reads = new OrderRateSearch(loops, read, "read", connections, cpu);
      long maxReads = reads.search(READ_START_RATE, maxRate, stepSeconds, p99Ms * 1000);
      say(String.format(Locale.ROOT, "order reads: max %d/s at p99 <= %d ms", maxReads, p99Ms));
      say(String.format(Locale.ROOT, "orders: max %d/s at p99 <= %d ms; at %d/s p50 %.1f ms p99 %.1f ms; CPU per order"
          + " %.2f ms", max, p99Ms, fixedRate, median(p50), median(p99), median(cpuPerOrder)));
    } finally {
      vertx.close().await();
    }
  }

  private long search(long startRate, long maxRate, long stepSeconds, long p99Micros) {
    long rate = startRate;
    long good = 0;
    long bad = 0;
    for (int step = 1; step <= 14; step++) {
      long seconds = Math.min(60, Math.max(stepSeconds, (CALLS_PER_STEP + rate - 1) / rate));
      Step measured = step(rate, seconds);
      boolean passed = measured.result().passes(p99Micros);
      say("  " + rate + " " + unit + "s/s for " + seconds + " s: " + measured + (passed ? " → pass" : " → fail"));
      if (passed) {
        good = rate;
      } else {
        bad = rate;
      }
      if (bad == 0) {
        rate *= 2;
        if (rate > maxRate) {
          break;
        }
      } else if (good == 0) {
        rate /= 2;
        if (rate < 2) {
          break;
        }
      } else {
        if (bad - good <= good / 8 + 1) {
          break; // within ~12 %: close enough for this machine
        }
        rate = (good + bad) / 2;
      }
    }
    return good;
  }

  /** {@value #STEP_WARMUP_SECONDS} s at {@code rate} unmeasured, then {@code seconds} measured, CPU time with it. */
  private Step step(long rate, long seconds) {
    measure(rate, STEP_WARMUP_SECONDS, 0);
    ProcessTreeCpu.Sample before = cpu.sample();
    FixedRateRun.Result result = measure(rate, 0, seconds);
    ProcessTreeCpu.Sample after = cpu.sample();
    double perCall = result.ok() == 0 ? Double.NaN : 1000.0 / result.ok();
    Map<String, Double> byProcess = new TreeMap<>();
    after.secondsByName().forEach((name, used) -> byProcess.put(name,
        (used - before.secondsByName().getOrDefault(name, 0.0)) * perCall));
    // A compiler thread that ended in between takes its time out of the sum: never below 0.
    return new Step(result, unit, (after.seconds() - before.seconds()) * perCall,
        Math.max(0, after.compilerSeconds() - before.compilerSeconds()) * perCall, byProcess);
  }

  /** One measurement at {@code rate}, split over the event loops; blocks this (main) thread until it is over. */
  private FixedRateRun.Result measure(long rate, long warmupSeconds, long seconds) {
    return FixedRateRun.measure(loops, call, rate, warmupSeconds, seconds, connections).await();
  }

  private static double median(List<Double> values) {
    List<Double> sorted = values.stream().sorted().toList();
    int n = sorted.size();
    return n == 0 ? Double.NaN : n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
  }

  private static void say(String line) {
    System.out.println(line);
  }
}
