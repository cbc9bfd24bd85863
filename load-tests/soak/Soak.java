import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

/**
 * The load and the measurements of {@code load-tests/soak.sh}: keyed orders ({@code POST /api/orders} with a fresh
 * {@code Idempotency-Key} each) through the gateway for a number of minutes, one report line per minute, one final
 * line. JDK only; soak.sh compiles it with {@code Member} and {@code SoakLoad}:
 *
 * <pre>
 * TOKEN=... java -cp CLASSES Soak --gateway 127.0.0.1:PORT --minutes 10 [--warmup-minutes 0] [--concurrency 16]
 *     [--rate 0] [--skus SKU-0001,SKU-0002] [--members inventory-1=PID,order-1=PID] [--final-line FILE]
 *     [--timeout-seconds 20] [--interval-seconds 60]
 * </pre>
 *
 * <ul>
 *   <li>{@code TOKEN} (environment, not an option: a command line shows in {@code ps}): the bearer token every order
 *       carries, an operator's ({@code orders:write admin}), since the orders are for 1,000 customers.</li>
 *   <li>{@code --rate 0} (default): closed loop, {@code --concurrency} workers, each sending its next order as soon
 *       as the previous one was answered: the highest rate this machine sustains. {@code --rate N}: open model,
 *       N orders/s whatever the answers (latency counted from when each order was due, at most 512 in flight; an
 *       order that finds 512 in flight is not sent and counts as an error).</li>
 *   <li>Each minute: orders placed (201), refused (409), p50/p99 latency of those answers (ms), errors (any other
 *       status, timeouts, connection errors), and for each member its heap used after a full GC
 *       ({@code jcmd PID GC.run} then {@code GC.heap_info}, taken 10 s before the minute ends, while the load
 *       runs) and its RSS ({@code VmRSS} of {@code /proc/PID/status}), in MB.</li>
 *   <li>{@code --warmup-minutes W}: the load runs W minutes before the measured ones, reported the same way
 *       ({@code warm-up minute k/W}). The bounded maps fill from empty in the first minutes of a run; heap growth
 *       and p99 are compared from the first measured minute, once memory holds what it keeps at steady state.</li>
 *   <li>The final line (to {@code --final-line FILE} when given, else to stdout):
 *       {@code soak: N orders in M min, errors E, heap growth G % (first → last minute), p99 A ms → B ms}; N and
 *       M are the measured minutes', E counts every error of the run, warm-up included (an error is never left
 *       out), and G is the members' summed heap after GC of the last minute against the first measured one.</li>
 * </ul>
 */
public class Soak {

  private static final PrintStream OUT =
      new PrintStream(new FileOutputStream(FileDescriptor.out), true, StandardCharsets.UTF_8);
  private static final String ARROW = "\u2192";

  public static void main(String[] args) throws Exception {
    Map<String, String> options = parse(args);
    String gateway = required(options, "gateway");
    if (!gateway.matches("127\\.0\\.0\\.1:\\d{1,5}")) {
      throw new IllegalArgumentException("--gateway must be 127.0.0.1:PORT (loopback only): " + gateway);
    }
    int measured = bounded(options, "minutes", 10, 1, 120);
    int warmup = bounded(options, "warmup-minutes", 0, 0, 30);
    int minutes = warmup + measured;
    int concurrency = bounded(options, "concurrency", 16, 1, 128);
    int rate = bounded(options, "rate", 0, 0, 5000);
    int timeoutSeconds = bounded(options, "timeout-seconds", 20, 1, 120);
    int intervalSeconds = bounded(options, "interval-seconds", 60, 10, 60);
    List<String> skus = Arrays.asList(options.getOrDefault("skus",
        "SKU-0001,SKU-0002,SKU-0003,SKU-0004,SKU-0005,SKU-0006,SKU-0007,SKU-0008,SKU-0009").split(","));
    List<Member> members = new ArrayList<>();
    for (String member : options.getOrDefault("members", "").split(",")) {
      if (!member.isBlank()) {
        String[] parts = member.split("=", 2);
        members.add(new Member(parts[0], Long.parseLong(parts[1])));
      }
    }
    String finalLineFile = options.get("final-line");
    String token = System.getenv("TOKEN");
    if (token == null || token.isBlank()) {
      throw new IllegalArgumentException("TOKEN (environment) must hold a bearer token with orders:write and admin");
    }

    URI ordersUri = URI.create("http://" + gateway + "/api/orders");
    HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(Duration.ofSeconds(2)).build();
    long intervalNanos = TimeUnit.SECONDS.toNanos(intervalSeconds);
    SoakLoad.MinuteStats[] stats = new SoakLoad.MinuteStats[minutes];
    for (int m = 0; m < minutes; m++) {
      stats[m] = new SoakLoad.MinuteStats();
    }
    Member.Sample[][] samples = new Member.Sample[minutes][members.size()];
    Path jcmdCommands = Files.createTempFile("soak-jcmd-", ".txt");
    Files.writeString(jcmdCommands, "GC.run\nGC.heap_info\n");
    jcmdCommands.toFile().deleteOnExit();

    OUT.printf("soak: %d min of keyed orders (after %d min of warm-up) through %s, %s, skus %s; heap sampled on"
        + " %s%n", measured, warmup, gateway, rate > 0 ? "open model " + rate + " orders/s" : "closed loop " + concurrency + " workers",
        String.join(",", skus), members.isEmpty() ? "no member" : names(members));

    long start = System.nanoTime();
    long end = start + minutes * intervalNanos;
    SoakLoad load = new SoakLoad(client, ordersUri, "Bearer " + token.strip(), skus, Duration.ofSeconds(timeoutSeconds),
        start, end, intervalNanos, stats);
    Thread loadThread = new Thread(() -> load.run(rate, concurrency), "soak-load");
    loadThread.start();

    long sampleLead = Math.min(TimeUnit.SECONDS.toNanos(10), intervalNanos / 4);
    for (int m = 0; m < minutes; m++) {
      long minuteEnd = start + (m + 1) * intervalNanos;
      SoakLoad.sleepUntil(minuteEnd - sampleLead);
      for (int i = 0; i < members.size(); i++) {
        samples[m][i] = members.get(i).sample(jcmdCommands);
      }
      if (m < minutes - 1) {
        SoakLoad.sleepUntil(minuteEnd + TimeUnit.MILLISECONDS.toNanos(500)); // answers timed before the end are in
      } else {
        loadThread.join(); // answers still in flight at the end count in the last minute
      }
      String label = m < warmup ? "warm-up minute " + (m + 1) + "/" + warmup
          : "minute " + (m + 1 - warmup) + "/" + measured;
      OUT.println(minuteLine(label, stats[m].snapshot(), members, samples[m]));
    }
    double seconds = (System.nanoTime() - start) / 1e9;

    if (warmup > 0) {
      Totals warm = Totals.of(stats, 0, warmup);
      OUT.printf("warm-up: placed %d, refused %d, errors %d%s in %d min%n", warm.placed, warm.refused, warm.errors,
          kinds(warm.errorKinds), warmup);
    }
    Totals all = Totals.of(stats, 0, minutes);
    Totals counted = Totals.of(stats, warmup, minutes);
    double measuredSeconds = seconds - warmup * intervalNanos / 1e9;
    OUT.printf("total: placed %d, refused %d, errors %d%s; %.1f orders placed/s over the %.0f measured s%n",
        counted.placed, counted.refused, counted.errors, kinds(counted.errorKinds), counted.placed / measuredSeconds,
        measuredSeconds);
    double heapFirst = 0;
    double heapLast = 0;
    int compared = 0;
    if (!members.isEmpty()) {
      StringBuilder heap = new StringBuilder("heap after GC / RSS, MB, first " + ARROW + " last minute:");
      for (int i = 0; i < members.size(); i++) {
        Member.Sample first = samples[warmup][i];
        Member.Sample last = samples[minutes - 1][i];
        heap.append(String.format("%s %s %s%s%s / %s%s%s", i == 0 ? "" : ";", members.get(i).name(),
            mb(first.heapMb()), ARROW, mb(last.heapMb()), mb(first.rssMb()), ARROW, mb(last.rssMb())));
        if (!Double.isNaN(first.heapMb()) && !Double.isNaN(last.heapMb())) {
          heapFirst += first.heapMb();
          heapLast += last.heapMb();
          compared++;
        }
      }
      if (compared < members.size()) {
        heap.append(" (heap growth over the ").append(compared).append(" members measured in both minutes)");
      }
      OUT.println(heap);
    }
    String growth = compared > 0 && heapFirst > 0
        ? Long.toString(Math.round((heapLast - heapFirst) * 100 / heapFirst)) : "n/a";
    String finalLine = String.format("soak: %d orders in %d min, errors %d, heap growth %s %% (first %s last minute),"
            + " p99 %s ms %s %s ms", counted.placed, measured, all.errors, growth, ARROW,
        ms(stats[warmup].snapshot().p99Ms()), ARROW, ms(stats[minutes - 1].snapshot().p99Ms()));
    if (finalLineFile != null) {
      Files.writeString(Path.of(finalLineFile), finalLine + "\n", StandardCharsets.UTF_8);
    } else {
      OUT.println(finalLine);
    }
    System.exit(0); // the HTTP client's threads are not daemons on every JDK
  }

  static String minuteLine(String label, SoakLoad.Snapshot s, List<Member> members, Member.Sample[] samples) {
    StringBuilder line = new StringBuilder(String.format("%s: placed %d, refused %d, p50 %s ms, p99 %s ms,"
        + " errors %d%s", label, s.placed(), s.refused(), ms(s.p50Ms()), ms(s.p99Ms()), s.errors(),
        kinds(s.errorKinds())));
    if (!members.isEmpty()) {
      line.append("; heap after GC / RSS, MB:");
      for (int i = 0; i < members.size(); i++) {
        line.append(i == 0 ? " " : ", ").append(members.get(i).name()).append(' ')
            .append(mb(samples[i].heapMb())).append(" / ").append(mb(samples[i].rssMb()));
      }
    }
    return line.toString();
  }

  /** Orders, refusals and errors summed over the minutes {@code from} (inclusive) to {@code to} (exclusive). */
  record Totals(long placed, long refused, long errors, Map<String, Integer> errorKinds) {
    static Totals of(SoakLoad.MinuteStats[] stats, int from, int to) {
      long placed = 0;
      long refused = 0;
      long errors = 0;
      Map<String, Integer> errorKinds = new TreeMap<>();
      for (int m = from; m < to; m++) {
        SoakLoad.Snapshot s = stats[m].snapshot();
        placed += s.placed();
        refused += s.refused();
        errors += s.errors();
        s.errorKinds().forEach((kind, n) -> errorKinds.merge(kind, n, Integer::sum));
      }
      return new Totals(placed, refused, errors, errorKinds);
    }
  }

  static String kinds(Map<String, Integer> kinds) {
    if (kinds.isEmpty()) {
      return "";
    }
    StringBuilder text = new StringBuilder(" (");
    kinds.forEach((kind, n) -> text.append(text.length() > 2 ? ", " : "").append(kind).append(" \u00d7").append(n));
    return text.append(')').toString();
  }

  static String ms(double ms) {
    if (Double.isNaN(ms)) {
      return "n/a";
    }
    return ms < 10 ? String.format("%.1f", ms) : Long.toString(Math.round(ms));
  }

  static String mb(double mb) {
    return Double.isNaN(mb) ? "n/a" : Long.toString(Math.round(mb));
  }

  static String names(List<Member> members) {
    List<String> names = new ArrayList<>();
    members.forEach(m -> names.add(m.name()));
    return String.join(",", names);
  }

  static Map<String, String> parse(String[] args) {
    Map<String, String> options = new LinkedHashMap<>();
    for (int i = 0; i < args.length; i++) {
      if (!args[i].startsWith("--") || i + 1 >= args.length) {
        throw new IllegalArgumentException("expected --name value pairs, got: " + String.join(" ", args));
      }
      options.put(args[i].substring(2), args[++i]);
    }
    return options;
  }

  static String required(Map<String, String> options, String name) {
    String value = options.get(name);
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException("--" + name + " is required");
    }
    return value;
  }

  static int bounded(Map<String, String> options, String name, int fallback, int min, int max) {
    int value = options.containsKey(name) ? Integer.parseInt(options.get(name)) : fallback;
    if (value < min || value > max) {
      throw new IllegalArgumentException("--" + name + " must be " + min + ".." + max + ": " + value);
    }
    return value;
  }
}
