import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
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
import java.util.UUID;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The load and the measurements of {@code load-tests/soak.sh}: keyed orders ({@code POST /api/orders} with a fresh
 * {@code Idempotency-Key} each) through the gateway for a number of minutes, one report line per minute, one final
 * line. JDK only, run in source-file mode:
 *
 * <pre>
 * java load-tests/soak/Soak.java --gateway 127.0.0.1:PORT --minutes 10 [--concurrency 16] [--rate 0]
 *     [--skus SKU-0001,SKU-0002] [--members inventory-1=PID,order-1=PID] [--final-line FILE]
 *     [--timeout-seconds 20] [--interval-seconds 60]
 * </pre>
 *
 * <ul>
 *   <li>{@code --rate 0} (default): closed loop, {@code --concurrency} workers, each sending its next order as soon
 *       as the previous one was answered: the highest rate this machine sustains. {@code --rate N}: open model,
 *       N orders/s whatever the answers (latency counted from when each order was due, at most 512 in flight; an
 *       order that finds 512 in flight is not sent and counts as an error).</li>
 *   <li>Each minute: orders placed (201), refused (409), p50/p99 latency of those answers (ms), errors (any other
 *       status, timeouts, connection errors), and for each member its heap used after a full GC
 *       ({@code jcmd PID GC.run} then {@code GC.heap_info}, taken 10 s before the minute ends, while the load
 *       runs) and its RSS ({@code VmRSS} of {@code /proc/PID/status}), in MB.</li>
 *   <li>The final line (to {@code --final-line FILE} when given, else to stdout):
 *       {@code soak: N orders in M min, errors E, heap growth G % (first → last minute), p99 A ms → B ms}; G is
 *       the members' summed heap after GC of the last minute against the first.</li>
 * </ul>
 */
public class Soak {

  private static final PrintStream OUT =
      new PrintStream(new FileOutputStream(FileDescriptor.out), true, StandardCharsets.UTF_8);
  private static final String ARROW = "\u2192";
  private static final int MAX_IN_FLIGHT = 512;
  private static final Pattern GENERATION_USED = Pattern.compile("total \\d+K, used (\\d+)K");
  private static final Pattern ZGC_USED = Pattern.compile("ZHeap\\s+used (\\d+)M");

  record Member(String name, long pid) {}

  /** Heap used after a full GC and resident set size, in MB; NaN when it could not be measured. */
  record Sample(double heapMb, double rssMb) {
    static final Sample NONE = new Sample(Double.NaN, Double.NaN);
  }

  /** What the orders that finished within one minute got. */
  static final class MinuteStats {
    private long placed;
    private long refused;
    private long errors;
    private long[] latencies = new long[4096];
    private int count;
    private final Map<String, Integer> errorKinds = new TreeMap<>();

    synchronized void record(int status, String error, long nanos) {
      if (status == 201 || status == 409) {
        if (status == 201) {
          placed++;
        } else {
          refused++;
        }
        if (count == latencies.length) {
          latencies = Arrays.copyOf(latencies, count * 2);
        }
        latencies[count++] = nanos;
      } else {
        errors++;
        errorKinds.merge(error != null ? error : Integer.toString(status), 1, Integer::sum);
      }
    }

    synchronized Snapshot snapshot() {
      long[] sorted = Arrays.copyOf(latencies, count);
      Arrays.sort(sorted);
      return new Snapshot(placed, refused, errors, percentile(sorted, 0.50), percentile(sorted, 0.99),
          new TreeMap<>(errorKinds));
    }
  }

  record Snapshot(long placed, long refused, long errors, double p50Ms, double p99Ms,
      Map<String, Integer> errorKinds) {}

  public static void main(String[] args) throws Exception {
    Map<String, String> options = parse(args);
    String gateway = required(options, "gateway");
    if (!gateway.matches("127\\.0\\.0\\.1:\\d{1,5}")) {
      throw new IllegalArgumentException("--gateway must be 127.0.0.1:PORT (loopback only): " + gateway);
    }
    int minutes = bounded(options, "minutes", 10, 1, 120);
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

    URI ordersUri = URI.create("http://" + gateway + "/api/orders");
    HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(Duration.ofSeconds(2)).build();
    long intervalNanos = TimeUnit.SECONDS.toNanos(intervalSeconds);
    MinuteStats[] stats = new MinuteStats[minutes];
    for (int m = 0; m < minutes; m++) {
      stats[m] = new MinuteStats();
    }
    Sample[][] samples = new Sample[minutes][members.size()];
    Path jcmdCommands = Files.createTempFile("soak-jcmd-", ".txt");
    Files.writeString(jcmdCommands, "GC.run\nGC.heap_info\n");
    jcmdCommands.toFile().deleteOnExit();

    OUT.printf("soak: %d min of keyed orders through %s, %s, skus %s; heap sampled on %s%n", minutes, gateway,
        rate > 0 ? "open model " + rate + " orders/s" : "closed loop " + concurrency + " workers",
        String.join(",", skus), members.isEmpty() ? "no member" : names(members));

    long start = System.nanoTime();
    long end = start + minutes * intervalNanos;
    Load load = new Load(client, ordersUri, skus, Duration.ofSeconds(timeoutSeconds), start, end, intervalNanos,
        stats);
    Thread loadThread = new Thread(() -> load.run(rate, concurrency), "soak-load");
    loadThread.start();

    long sampleLead = Math.min(TimeUnit.SECONDS.toNanos(10), intervalNanos / 4);
    for (int m = 0; m < minutes; m++) {
      long minuteEnd = start + (m + 1) * intervalNanos;
      sleepUntil(minuteEnd - sampleLead);
      for (int i = 0; i < members.size(); i++) {
        samples[m][i] = sample(members.get(i), jcmdCommands);
      }
      if (m < minutes - 1) {
        sleepUntil(minuteEnd + TimeUnit.MILLISECONDS.toNanos(500)); // answers timed before the end are in
      } else {
        loadThread.join(); // answers still in flight at the end count in the last minute
      }
      OUT.println(minuteLine(m + 1, minutes, stats[m].snapshot(), members, samples[m]));
    }
    double seconds = (System.nanoTime() - start) / 1e9;

    long placed = 0;
    long refused = 0;
    long errors = 0;
    Map<String, Integer> errorKinds = new TreeMap<>();
    for (MinuteStats minute : stats) {
      Snapshot s = minute.snapshot();
      placed += s.placed();
      refused += s.refused();
      errors += s.errors();
      s.errorKinds().forEach((kind, n) -> errorKinds.merge(kind, n, Integer::sum));
    }
    OUT.printf("total: placed %d, refused %d, errors %d%s; %.1f orders placed/s over %.0f s%n", placed, refused,
        errors, kinds(errorKinds), placed / seconds, seconds);
    double heapFirst = 0;
    double heapLast = 0;
    int compared = 0;
    if (!members.isEmpty()) {
      StringBuilder heap = new StringBuilder("heap after GC / RSS, MB, first " + ARROW + " last minute:");
      for (int i = 0; i < members.size(); i++) {
        Sample first = samples[0][i];
        Sample last = samples[minutes - 1][i];
        heap.append(String.format("%s %s %s%s%s / %s%s%s", i == 0 ? "" : ";", members.get(i).name(), mb(first.heapMb()), ARROW,
            mb(last.heapMb()), mb(first.rssMb()), ARROW, mb(last.rssMb())));
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
            + " p99 %s ms %s %s ms", placed, minutes, errors, growth, ARROW,
        ms(stats[0].snapshot().p99Ms()), ARROW, ms(stats[minutes - 1].snapshot().p99Ms()));
    if (finalLineFile != null) {
      Files.writeString(Path.of(finalLineFile), finalLine + "\n", StandardCharsets.UTF_8);
    } else {
      OUT.println(finalLine);
    }
    System.exit(0); // the HTTP client's threads are not daemons on every JDK
  }

  /** Sends the orders, closed loop or open model, until the end; then waits for the answers still in flight. */
  static final class Load {
    private final HttpClient client;
    private final URI uri;
    private final List<String> skus;
    private final Duration timeout;
    private final long start;
    private final long end;
    private final long intervalNanos;
    private final MinuteStats[] stats;
    private final AtomicLong sequence = new AtomicLong();

    Load(HttpClient client, URI uri, List<String> skus, Duration timeout, long start, long end, long intervalNanos,
        MinuteStats[] stats) {
      this.client = client;
      this.uri = uri;
      this.skus = skus;
      this.timeout = timeout;
      this.start = start;
      this.end = end;
      this.intervalNanos = intervalNanos;
      this.stats = stats;
    }

    void run(int rate, int concurrency) {
      try {
        if (rate > 0) {
          openModel(rate);
        } else {
          closedLoop(concurrency);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }

    private HttpRequest nextOrder() {
      long i = sequence.getAndIncrement();
      String body = "{\"customerId\":\"soak-" + (i % 1000) + "\",\"items\":[{\"sku\":\""
          + skus.get((int) (i % skus.size())) + "\",\"qty\":1}]}";
      return HttpRequest.newBuilder(uri)
          .timeout(timeout)
          .header("Content-Type", "application/json")
          .header("Idempotency-Key", UUID.randomUUID().toString())
          .POST(HttpRequest.BodyPublishers.ofString(body))
          .build();
    }

    /** Counts the answer in the minute it arrived in (answers after the end: in the last minute). */
    private void record(long began, int status, Throwable error) {
      long now = System.nanoTime();
      int minute = (int) Math.max(0, Math.min(stats.length - 1, (now - start) / intervalNanos));
      stats[minute].record(status, error == null ? null : errorKind(error), now - began);
    }

    private void closedLoop(int concurrency) throws InterruptedException {
      ExecutorService workers = Executors.newFixedThreadPool(concurrency);
      for (int w = 0; w < concurrency; w++) {
        workers.execute(() -> {
          while (System.nanoTime() < end) {
            HttpRequest request = nextOrder();
            long began = System.nanoTime();
            try {
              record(began, client.send(request, HttpResponse.BodyHandlers.discarding()).statusCode(), null);
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
              return;
            } catch (Exception e) {
              record(began, 0, e);
            }
          }
        });
      }
      workers.shutdown();
      if (!workers.awaitTermination(timeout.toSeconds() + 60 + (end - System.nanoTime()) / 1_000_000_000L,
          TimeUnit.SECONDS)) {
        workers.shutdownNow();
      }
    }

    private void openModel(int rate) throws InterruptedException {
      AtomicInteger inFlight = new AtomicInteger();
      for (long i = 0; ; i++) {
        long due = start + (long) (i * 1e9 / rate);
        if (due >= end) {
          break;
        }
        sleepUntil(due);
        if (inFlight.get() >= MAX_IN_FLIGHT) {
          record(due, 0, new IllegalStateException("not sent"));
          continue;
        }
        inFlight.incrementAndGet();
        client.sendAsync(nextOrder(), HttpResponse.BodyHandlers.discarding()).whenComplete((response, error) -> {
          inFlight.decrementAndGet();
          record(due, response != null ? response.statusCode() : 0, error);
        });
      }
      long deadline = System.nanoTime() + timeout.toNanos() + TimeUnit.SECONDS.toNanos(5);
      while (inFlight.get() > 0 && System.nanoTime() < deadline) {
        Thread.sleep(50);
      }
    }
  }

  static String errorKind(Throwable error) {
    Throwable e = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
    if (e instanceof HttpConnectTimeoutException) {
      return "connect-timeout";
    }
    if (e instanceof HttpTimeoutException) {
      return "timeout";
    }
    if (e instanceof ConnectException) {
      return "connect";
    }
    if (e instanceof IllegalStateException && "not sent".equals(e.getMessage())) {
      return "not-sent";
    }
    if (e instanceof IOException) {
      return "io";
    }
    return e.getClass().getSimpleName();
  }

  /** Full GC, then heap used, through jcmd; RSS from /proc. */
  static Sample sample(Member member, Path jcmdCommands) {
    if (!ProcessHandle.of(member.pid()).map(ProcessHandle::isAlive).orElse(false)) {
      return Sample.NONE;
    }
    double heap = Double.NaN;
    Path output = null;
    try {
      output = Files.createTempFile("soak-jcmd-", ".out");
      String jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd").toString();
      Process process = new ProcessBuilder(jcmd, Long.toString(member.pid()), "-f", jcmdCommands.toString())
          .redirectErrorStream(true).redirectOutput(output.toFile()).start();
      if (process.waitFor(60, TimeUnit.SECONDS)) {
        heap = heapUsedMb(Files.readString(output));
      } else {
        process.destroyForcibly();
      }
    } catch (IOException e) {
      // no heap number this minute
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      if (output != null) {
        output.toFile().delete();
      }
    }
    return new Sample(heap, rssMb(member.pid()));
  }

  /** Heap used from GC.heap_info: the generations' (or G1's, Parallel's) "used", or ZGC's. */
  static double heapUsedMb(String heapInfo) {
    long usedKb = 0;
    boolean found = false;
    for (String line : heapInfo.split("\n")) {
      String trimmed = line.trim();
      if (trimmed.startsWith("Metaspace") || trimmed.startsWith("class space")) {
        continue;
      }
      Matcher generation = GENERATION_USED.matcher(trimmed);
      if (generation.find()) {
        usedKb += Long.parseLong(generation.group(1));
        found = true;
        continue;
      }
      Matcher zgc = ZGC_USED.matcher(trimmed);
      if (zgc.find()) {
        usedKb += Long.parseLong(zgc.group(1)) * 1024;
        found = true;
      }
    }
    return found ? usedKb / 1024.0 : Double.NaN;
  }

  static double rssMb(long pid) {
    try {
      for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
        if (line.startsWith("VmRSS:")) {
          return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024.0;
        }
      }
    } catch (IOException | RuntimeException e) {
      // gone
    }
    return Double.NaN;
  }

  static String minuteLine(int minute, int minutes, Snapshot s, List<Member> members, Sample[] samples) {
    StringBuilder line = new StringBuilder(String.format("minute %d/%d: placed %d, refused %d, p50 %s ms, p99 %s ms,"
        + " errors %d%s", minute, minutes, s.placed(), s.refused(), ms(s.p50Ms()), ms(s.p99Ms()), s.errors(),
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

  static double percentile(long[] sorted, double quantile) {
    if (sorted.length == 0) {
      return Double.NaN;
    }
    int index = (int) Math.min(sorted.length - 1, Math.ceil(quantile * sorted.length) - 1);
    return sorted[Math.max(0, index)] / 1e6;
  }

  static void sleepUntil(long nanoTime) {
    for (long left = nanoTime - System.nanoTime(); left > 0; left = nanoTime - System.nanoTime()) {
      LockSupport.parkNanos(left);
    }
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
