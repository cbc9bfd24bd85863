package dev.vxplatform.loadtests.bench;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientAgent;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpResponseExpectation;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import java.net.URI;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/**
 * {@code POST /api/orders} as the Gatling {@code Shop} places it: 1–3 distinct random skus, 1–3 units each, a
 * customer out of 1,000 and a fresh {@code Idempotency-Key}; only a 201 is a success. With one sku (a hot sku), every
 * order holds 1–3 units of it. Every order carries one operator's bearer token (scopes {@code orders:write} and
 * {@code admin}, which acts for any customer), so the customers stay spread as before.
 */
public final class PlaceOrderCall implements FixedRateRun.Call {

  private static final int CUSTOMERS = 1_000;

  /** Ids of placed orders kept for the reads that follow; enough to spread them over partitions. */
  private static final int IDS_KEPT = 10_000;

  private final URI gateway;
  private final String authorization;
  private final List<String> skus;
  private final List<String> placed = Collections.synchronizedList(new ArrayList<>());

  /**
   * Orders of every sku in the catalog behind {@code gateway} (read anonymously: the catalog is public), or of its
   * first one only when {@code hotSku}.
   *
   * @param authorization the {@code Authorization} header of every order: {@code Bearer <token>}; null: none
   */
  public static Future<PlaceOrderCall> forCatalog(Vertx vertx, URI gateway, String authorization, boolean hotSku) {
    WebClient client = WebClient.create(vertx);
    return client.get(gateway.getPort(), gateway.getHost(), "/api/products").send()
        .expecting(HttpResponseExpectation.SC_OK)
        .map(response -> response.bodyAsJsonObject().getJsonArray("products").stream()
            .map(product -> ((JsonObject) product).getString("sku")).toList())
        .map(skus -> new PlaceOrderCall(gateway, authorization, hotSku && !skus.isEmpty() ? skus.subList(0, 1) : skus))
        .onComplete(done -> client.close());
  }

  private PlaceOrderCall(URI gateway, String authorization, List<String> skus) {
    if (skus.isEmpty()) {
      throw new IllegalArgumentException("no skus to order");
    }
    this.gateway = gateway;
    this.authorization = authorization;
    this.skus = List.copyOf(skus);
  }

  @Override
  public Future<Integer> send(HttpClientAgent client) {
    RequestOptions options = new RequestOptions().setMethod(HttpMethod.POST).setHost(gateway.getHost())
        .setPort(gateway.getPort()).setURI("/api/orders")
        .putHeader("Content-Type", "application/json")
        .putHeader("Idempotency-Key", UUID.randomUUID().toString());
    if (authorization != null) {
      options.putHeader(HttpHeaders.AUTHORIZATION, authorization);
    }
    return client.request(options)
        .compose(request -> request.send(Buffer.buffer(body().encode())))
        .compose(response -> response.body().map(body -> {
          if (response.statusCode() == 201 && placed.size() < IDS_KEPT) {
            placed.add(body.toJsonObject().getString("id"));
          }
          return response.statusCode();
        }));
  }

  /** The skus it orders. */
  public List<String> skus() {
    return skus;
  }

  /** Ids of orders placed so far (up to {@value #IDS_KEPT}). */
  List<String> placedIds() {
    synchronized (placed) {
      return List.copyOf(placed);
    }
  }

  @Override
  public int expectedStatus() {
    return 201;
  }

  private JsonObject body() {
    ThreadLocalRandom random = ThreadLocalRandom.current();
    List<String> shuffled = new ArrayList<>(skus);
    Collections.shuffle(shuffled, random);
    JsonArray items = new JsonArray();
    for (String sku : shuffled.subList(0, Math.min(shuffled.size(), 1 + random.nextInt(3)))) {
      items.add(new JsonObject().put("sku", sku).put("qty", 1 + random.nextInt(3)));
    }
    return new JsonObject().put("customerId", "bench-" + random.nextInt(CUSTOMERS)).put("items", items);
  }
}
