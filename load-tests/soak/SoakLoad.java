import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.Arrays;
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

/** Sends the orders, closed loop or open model, until the end; then waits for the answers still in flight. */
final class SoakLoad {

  static final int MAX_IN_FLIGHT = 512;

  private final HttpClient client;
  private final URI uri;
  private final String authorization;
  private final List<String> skus;
  private final Duration timeout;
  private final long start;
  private final long end;
  private final long intervalNanos;
  private final MinuteStats[] stats;
  private final AtomicLong sequence = new AtomicLong();

  /** @param authorization the {@code Authorization} header of every order ({@code Bearer ...}) */
  SoakLoad(HttpClient client, URI uri, String authorization, List<String> skus, Duration timeout, long start, long end,
      long intervalNanos, MinuteStats[] stats) {
    this.client = client;
    this.uri = uri;
    this.authorization = authorization;
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
        .header("Authorization", authorization)
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
}
