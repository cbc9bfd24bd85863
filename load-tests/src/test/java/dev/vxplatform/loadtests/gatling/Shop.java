package dev.vxplatform.loadtests.gatling;

import static io.gatling.javaapi.core.CoreDsl.StringBody;
import static io.gatling.javaapi.core.CoreDsl.exec;
import static io.gatling.javaapi.core.CoreDsl.feed;
import static io.gatling.javaapi.core.CoreDsl.jsonPath;
import static io.gatling.javaapi.core.CoreDsl.uniformRandomSwitch;
import static io.gatling.javaapi.http.HttpDsl.http;
import static io.gatling.javaapi.http.HttpDsl.status;

import io.gatling.javaapi.core.ChainBuilder;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Stream;

/**
 * The shopper journeys of the simulations, through the gateway's {@code /api} routes. Skus come from the
 * catalog the platform serves (read once, before the run), so the simulations follow whatever seed the cluster
 * was started with.
 *
 * <p>An order is 1-3 distinct random skus, 1-3 units each, with a fresh {@code Idempotency-Key}. A 409 (not
 * enough stock: the seed runs out under a long order run) is a correct answer of the platform, so it counts as
 * OK unless {@code -DallowRejected=false} (the benchmark restocks and wants every order confirmed).
 */
final class Shop {

  private final List<String> skus;
  private final boolean allowRejected;

  private Shop(List<String> skus, boolean allowRejected) {
    this.skus = List.copyOf(skus);
    this.allowRejected = allowRejected;
  }

  /** Reads the catalog from {@code baseUrl}; fails fast, naming the URL, when nothing answers there. */
  static Shop at(String baseUrl) {
    URI products = URI.create(baseUrl + "/api/products");
    try {
      HttpResponse<String> response = HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build()
          .send(HttpRequest.newBuilder(products).timeout(Duration.ofSeconds(10)).build(),
              HttpResponse.BodyHandlers.ofString());
      if (response.statusCode() != 200) {
        throw new IllegalStateException("GET " + products + " answered " + response.statusCode());
      }
      List<String> skus = new JsonObject(response.body()).getJsonArray("products").stream()
          .map(product -> ((JsonObject) product).getString("sku")).toList();
      if (skus.isEmpty()) {
        throw new IllegalStateException("GET " + products + " listed no product");
      }
      return new Shop(skus, Boolean.parseBoolean(System.getProperty("allowRejected", "true")));
    } catch (IOException e) {
      throw new IllegalStateException("nothing answers at " + products + " (is the cluster up?)", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }

  /** List the catalog, look at one product, then its stock: three GETs. */
  ChainBuilder browse() {
    return feed(records()).exec(
        http("list products").get("/api/products").check(status().is(200)),
        http("product by sku").get("/api/products/#{sku}").check(status().is(200)),
        http("stock by sku").get("/api/stock/#{sku}").check(status().is(200)));
  }

  /** One GET of the three {@link #browse()} makes, chosen at random. */
  ChainBuilder read() {
    return feed(records()).exec(uniformRandomSwitch().on(
        exec(http("list products").get("/api/products").check(status().is(200))),
        exec(http("product by sku").get("/api/products/#{sku}").check(status().is(200))),
        exec(http("stock by sku").get("/api/stock/#{sku}").check(status().is(200)))));
  }

  /** POST an order; its id is kept as {@code orderId} whether it was confirmed (201) or rejected (409). */
  ChainBuilder placeOrder() {
    Integer[] accepted = allowRejected ? new Integer[] {201, 409} : new Integer[] {201};
    return feed(records()).exec(http("place order").post("/api/orders")
        .header("Content-Type", "application/json")
        .header("Idempotency-Key", "#{idempotencyKey}")
        .body(StringBody("#{order}"))
        .check(status().in(accepted).saveAs("placed"),
            jsonPath("$.id").optional().saveAs("orderId"),
            jsonPath("$.orderId").optional().saveAs("orderId")));
  }

  /** Place an order, then GET it back (confirmed or rejected, it exists). */
  ChainBuilder placeAndRead() {
    return placeOrder().doIf(session -> session.contains("orderId")).then(
        exec(http("get order").get("/api/orders/#{orderId}").check(status().is(200))));
  }

  /** Place an order and, once confirmed, cancel it (which releases its stock). */
  ChainBuilder placeAndCancel() {
    return placeOrder().doIf(session -> session.contains("orderId") && session.getInt("placed") == 201).then(
        exec(http("cancel order").post("/api/orders/#{orderId}/cancel").check(status().is(200))));
  }

  /** An endless feeder: a random sku, a random order of 1-3 distinct skus, a fresh idempotency key. */
  private Iterator<Map<String, Object>> records() {
    return Stream.generate(() -> Map.<String, Object>of(
        "sku", skus.get(ThreadLocalRandom.current().nextInt(skus.size())),
        "order", randomOrder().encode(),
        "idempotencyKey", UUID.randomUUID().toString())).iterator();
  }

  private JsonObject randomOrder() {
    ThreadLocalRandom random = ThreadLocalRandom.current();
    List<String> shuffled = new ArrayList<>(skus);
    Collections.shuffle(shuffled, random);
    JsonArray items = new JsonArray();
    shuffled.stream().limit(random.nextInt(1, Math.min(3, skus.size()) + 1))
        .forEach(sku -> items.add(new JsonObject().put("sku", sku).put("qty", random.nextInt(1, 4))));
    return new JsonObject().put("customerId", "gatling-" + random.nextInt(1000)).put("items", items);
  }
}
