import dev.vxplatform.shared.cluster.ClusterBootstrap;
import dev.vxplatform.shared.cluster.ClusterConfig;
import dev.vxplatform.shared.contract.InventoryContract;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;

/**
 * Reservation throughput and latency against running inventory nodes, over the event bus (this JVM joins the
 * cluster as a lite member) and over HTTP (round-robin over the nodes). Run by bench-reservations.sh in
 * source-file mode with the inventory fat jar as classpath:
 * {@code TOKEN=... java -cp fat.jar ReservationBench.java <cluster> <hzPort> <members> <httpPorts> <count>
 * <concurrency> <items>}. Every HTTP call carries TOKEN (environment, so it shows in no command line) as its bearer
 * token: it needs {@code inventory:admin} and, for the audit, {@code admin}. The event bus, inside the cluster, asks
 * for none.
 */
public class ReservationBench {

  static final int SKUS = 32;
  static final DeliveryOptions TIMEOUT = new DeliveryOptions().setSendTimeout(30_000);

  public static void main(String[] args) throws Exception {
    String cluster = args[0];
    int hazelcastPort = Integer.parseInt(args[1]);
    List<String> members = List.of(args[2].split(","));
    int[] httpPorts = Arrays.stream(args[3].split(",")).mapToInt(Integer::parseInt).toArray();
    int count = Integer.parseInt(args[4]);
    int concurrency = Integer.parseInt(args[5]);
    int items = Integer.parseInt(args[6]);
    String run = Long.toString(System.currentTimeMillis(), 36);
    String authorization = "Bearer " + token();

    Vertx vertx = await(ClusterBootstrap.start(ClusterConfig.loopback(cluster, hazelcastPort, members).asLiteMember()));
    HttpClient http = vertx.createHttpClient(new HttpClientOptions().setDefaultHost("127.0.0.1"),
        new PoolOptions().setHttp1MaxSize(Math.max(1, concurrency / httpPorts.length + 1)));
    try {
      long units = Math.min(1_000_000, 3L * count * items); // enough for every phase: none refused for stock
      for (int s = 0; s < SKUS; s++) {
        String sku = "BENCH-" + run + "-" + s;
        await(call(http, authorization, httpPorts[0], HttpMethod.PUT, "/products/" + sku,
            new JsonObject().put("name", sku).put("priceCents", 1)));
        await(call(http, authorization, httpPorts[0], HttpMethod.POST, "/stock/" + sku + "/restock",
            new JsonObject().put("qty", units)));
      }
      System.out.printf("%d inventory nodes, %d skus, %d item(s) per reservation, %d in flight%n",
          httpPorts.length, SKUS, items, concurrency);
      IntFunction<JsonObject> body = i -> reservation(run, i, items);
      IntFunction<Future<?>> overBus = i -> vertx.eventBus().request(InventoryContract.RESERVE, body.apply(i), TIMEOUT);
      IntFunction<Future<?>> overHttp = i -> call(http, authorization, httpPorts[i % httpPorts.length], HttpMethod.POST,
          "/reservations", body.apply(i));
      phase("warm-up (event bus + HTTP)", Math.min(count, 2_000), concurrency, i -> i % 2 == 0
          ? overBus.apply(2 * count + i) : overHttp.apply(2 * count + i));
      phase("event bus", count, concurrency, overBus);
      phase("HTTP", count, concurrency, i -> overHttp.apply(count + i));
      JsonObject audit = await(call(http, authorization, httpPorts[1], HttpMethod.GET, "/inventory/audit", null));
      System.out.printf("audit ok: %s over %d skus%n", audit.getBoolean("ok"), audit.getJsonArray("skus").size());
    } finally {
      vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }
  }

  static JsonObject reservation(String run, int i, int items) {
    JsonArray lines = new JsonArray();
    for (int k = 0; k < items; k++) {
      lines.add(new JsonObject().put("sku", "BENCH-" + run + "-" + Math.floorMod(i * items + k, SKUS)).put("qty", 1));
    }
    return new JsonObject().put("orderId", "bench-" + run + "-" + i).put("items", lines);
  }

  /** Runs {@code count} calls, {@code concurrency} at a time, and prints throughput and latency percentiles. */
  static void phase(String name, int count, int concurrency, IntFunction<Future<?>> call) throws Exception {
    long[] latencies = new long[count];
    AtomicInteger next = new AtomicInteger();
    AtomicInteger done = new AtomicInteger();
    AtomicInteger errors = new AtomicInteger();
    Promise<Void> finished = Promise.promise();
    long start = System.nanoTime();
    Runnable[] pump = new Runnable[1];
    pump[0] = () -> {
      int i = next.getAndIncrement();
      if (i >= count) {
        return;
      }
      long sent = System.nanoTime();
      call.apply(i).onComplete(ar -> {
        latencies[i] = System.nanoTime() - sent;
        if (ar.failed()) {
          errors.incrementAndGet();
        }
        if (done.incrementAndGet() == count) {
          finished.complete();
        } else {
          pump[0].run();
        }
      });
    };
    for (int c = 0; c < concurrency; c++) {
      pump[0].run();
    }
    await(finished.future());
    double seconds = (System.nanoTime() - start) / 1e9;
    Arrays.sort(latencies);
    System.out.printf(
        "%-26s %6d reservations in %5.2f s = %6.0f/s  p50 %6.2f ms  p99 %6.2f ms  max %7.2f ms  errors %d%n",
        name, count, seconds, count / seconds, ms(latencies, 0.50), ms(latencies, 0.99),
        latencies[count - 1] / 1e6, errors.get());
  }

  static double ms(long[] sorted, double quantile) {
    return sorted[(int) Math.min(sorted.length - 1, Math.ceil(quantile * sorted.length) - 1)] / 1e6;
  }

  static Future<JsonObject> call(HttpClient http, String authorization, int port, HttpMethod method, String path,
      JsonObject body) {
    RequestOptions options = new RequestOptions().setMethod(method).setPort(port).setURI(path).setTimeout(30_000)
        .putHeader(HttpHeaders.AUTHORIZATION, authorization);
    return http.request(options)
        .compose(request -> body == null ? request.send() : request.putHeader("Content-Type", "application/json")
            .send(body.toBuffer()))
        .compose(response -> response.body().compose(buffer -> response.statusCode() / 100 == 2
            ? Future.succeededFuture(buffer.length() == 0 ? new JsonObject() : buffer.toJsonObject())
            : Future.failedFuture(method + " " + path + " answered " + response.statusCode() + " " + buffer)));
  }

  static String token() {
    String token = System.getenv("TOKEN");
    if (token == null || token.isBlank()) {
      throw new IllegalArgumentException("TOKEN (environment) must hold a bearer token with inventory:admin and admin");
    }
    return token.strip();
  }

  static <T> T await(Future<T> future) throws Exception {
    return future.toCompletionStage().toCompletableFuture().get(120, TimeUnit.SECONDS);
  }
}
