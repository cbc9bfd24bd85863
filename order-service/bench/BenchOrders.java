import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Closed-loop load on POST /orders: CONCURRENCY workers, each sending its next order as soon as the previous one
 * was answered, spread round-robin over the given order-service nodes. JDK only:
 *
 * <pre>TOKEN=... java BenchOrders.java TARGETS REQUESTS CONCURRENCY WARMUP SKUS IDEMPOTENCY</pre>
 *
 * TARGETS is {@code 127.0.0.1:port,...}; SKUS a comma-separated list; IDEMPOTENCY true sends a fresh
 * Idempotency-Key with each order. TOKEN (environment, so it shows in no command line) is the bearer token every
 * order carries: an operator's ({@code orders:write admin}), since the orders are for 1,000 customers. Prints
 * orders/s, latency percentiles and the status codes.
 */
public class BenchOrders {

  public static void main(String[] args) throws Exception {
    List<String> targets = Arrays.asList(args[0].split(","));
    int requests = Integer.parseInt(args[1]);
    int concurrency = Integer.parseInt(args[2]);
    int warmup = Integer.parseInt(args[3]);
    List<String> skus = Arrays.asList(args[4].split(","));
    boolean idempotency = Boolean.parseBoolean(args[5]);
    String token = System.getenv("TOKEN");
    if (token == null || token.isBlank()) {
      throw new IllegalArgumentException("TOKEN (environment) must hold a bearer token with orders:write and admin");
    }
    String authorization = "Bearer " + token.strip();
    for (String target : targets) {
      if (!target.startsWith("127.0.0.1:")) {
        throw new IllegalArgumentException("loopback targets only: " + target);
      }
    }
    HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(Duration.ofSeconds(2)).build();

    run(client, targets, authorization, skus, idempotency, warmup, concurrency, new long[warmup], new int[warmup]);
    long[] nanos = new long[requests];
    int[] statuses = new int[requests];
    long started = System.nanoTime();
    run(client, targets, authorization, skus, idempotency, requests, concurrency, nanos, statuses);
    double seconds = (System.nanoTime() - started) / 1e9;

    Arrays.sort(nanos);
    Map<Integer, Integer> byStatus = new TreeMap<>();
    for (int status : statuses) {
      byStatus.merge(status, 1, Integer::sum);
    }
    System.out.printf("orders=%d concurrency=%d nodes=%d idempotency=%s time=%.1fs%n", requests, concurrency,
        targets.size(), idempotency, seconds);
    System.out.printf("throughput=%.0f orders/s p50=%.1fms p90=%.1fms p99=%.1fms max=%.1fms statuses=%s%n",
        requests / seconds, ms(nanos, 0.50), ms(nanos, 0.90), ms(nanos, 0.99), nanos[requests - 1] / 1e6,
        byStatus);
  }

  private static void run(HttpClient client, List<String> targets, String authorization, List<String> skus,
      boolean idempotency, int count, int concurrency, long[] nanos, int[] statuses) throws InterruptedException {
    AtomicInteger next = new AtomicInteger();
    ExecutorService workers = Executors.newFixedThreadPool(concurrency);
    for (int w = 0; w < concurrency; w++) {
      workers.execute(() -> {
        for (int i = next.getAndIncrement(); i < count; i = next.getAndIncrement()) {
          String body = "{\"customerId\":\"bench-" + (i % 1000) + "\",\"items\":[{\"sku\":\""
              + skus.get(i % skus.size()) + "\",\"qty\":1}]}";
          HttpRequest.Builder request = HttpRequest.newBuilder(
                  URI.create("http://" + targets.get(i % targets.size()) + "/orders"))
              .timeout(Duration.ofSeconds(10))
              .header("Content-Type", "application/json")
              .header("Authorization", authorization)
              .POST(HttpRequest.BodyPublishers.ofString(body));
          if (idempotency) {
            request.header("Idempotency-Key", UUID.randomUUID().toString());
          }
          long start = System.nanoTime();
          int status;
          try {
            status = client.send(request.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
          } catch (Exception e) {
            status = 0;
          }
          nanos[i] = System.nanoTime() - start;
          statuses[i] = status;
        }
      });
    }
    workers.shutdown();
    if (!workers.awaitTermination(10, TimeUnit.MINUTES)) {
      workers.shutdownNow();
      throw new IllegalStateException("the bench did not finish in 10 minutes");
    }
  }

  private static double ms(long[] sorted, double quantile) {
    int index = (int) Math.min(sorted.length - 1, Math.ceil(quantile * sorted.length) - 1);
    return sorted[Math.max(0, index)] / 1e6;
  }
}
