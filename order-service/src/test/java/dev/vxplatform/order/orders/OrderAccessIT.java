package dev.vxplatform.order.orders;

import static dev.vxplatform.order.testing.OrderCluster.order;
import static dev.vxplatform.shared.testing.TestCluster.await;
import static org.assertj.core.api.Assertions.assertThat;

import dev.vxplatform.order.reconciler.LeadershipListener;
import dev.vxplatform.order.testing.FakeInventoryVerticle;
import dev.vxplatform.order.testing.OrderCluster;
import dev.vxplatform.shared.security.Scopes;
import dev.vxplatform.shared.testing.TestTokens;
import dev.vxplatform.shared.web.Problems;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Called straight on the service port: a token is needed, and a customer sees and changes only their own orders. */
class OrderAccessIT {

  private static OrderCluster cluster;
  private static WebClient web;
  private final String ada = "ada-" + UUID.randomUUID();
  private final String bob = "bob-" + UUID.randomUUID();

  @BeforeAll
  static void start() {
    cluster = OrderCluster.start(1);
    cluster.deployOrders(OrderCluster.fastConfig(), LeadershipListener.logging());
    cluster.deployInventory(0, new FakeInventoryVerticle(Map.of("tea", 1_000), FakeInventoryVerticle.Mode.NORMAL));
    web = WebClient.create(cluster.node(0));
  }

  @AfterAll
  static void stop() {
    web.close();
    cluster.close();
  }

  @Test
  void refusesACallWithoutATokenBeforeWritingAnything() {
    HttpResponse<Buffer> refused = call(HttpMethod.POST, "/orders", null, order(ada, Map.of("tea", 1)), null);

    assertThat(refused.statusCode()).isEqualTo(401);
    assertThat(refused.getHeader("Content-Type")).isEqualTo(Problems.CONTENT_TYPE);
    assertThat(refused.getHeader("WWW-Authenticate")).startsWith("Bearer");
    assertThat(list(TestTokens.operator(), ada).getJsonArray("items")).isEmpty();
  }

  @Test
  void refusesATokenWithoutTheRoutesScope() {
    String readOnly = TestTokens.bearer(ada, Scopes.ORDERS_READ);

    HttpResponse<Buffer> refused = call(HttpMethod.POST, "/orders", readOnly, items(), null);

    assertThat(refused.statusCode()).isEqualTo(403);
    assertThat(refused.getHeader("WWW-Authenticate")).contains("insufficient_scope", Scopes.ORDERS_WRITE);
    assertThat(call(HttpMethod.GET, "/orders", TestTokens.bearer(ada, Scopes.ORDERS_WRITE), null, null).statusCode())
        .isEqualTo(403);
  }

  @Test
  void placesForTheTokensSubjectWhenTheBodyNamesNoOne() {
    JsonObject placed = place(TestTokens.customer(ada), null).bodyAsJsonObject();

    assertThat(placed.getString("customerId")).isEqualTo(ada);
  }

  @Test
  void refusesABodyNamingAnotherCustomerAndWritesNothing() {
    HttpResponse<Buffer> refused = call(HttpMethod.POST, "/orders", TestTokens.customer(bob),
        order(ada, Map.of("tea", 1)), null);

    assertThat(refused.statusCode()).isEqualTo(403);
    assertThat(refused.bodyAsJsonObject().getString("detail")).contains("not the token's subject");
    assertThat(list(TestTokens.operator(), ada).getJsonArray("items")).isEmpty();
    assertThat(list(TestTokens.operator(), bob).getJsonArray("items")).isEmpty();
  }

  @Test
  void anotherCustomerCanNeitherReadNorCancelNorCompleteAnOrder() {
    String id = place(TestTokens.customer(ada), null).bodyAsJsonObject().getString("id");
    String asBob = TestTokens.customer(bob);

    assertThat(call(HttpMethod.GET, "/orders/" + id, asBob, null, null).statusCode()).isEqualTo(404);
    assertThat(call(HttpMethod.POST, "/orders/" + id + "/cancel", asBob, null, null).statusCode()).isEqualTo(404);
    assertThat(call(HttpMethod.POST, "/orders/" + id + "/complete", asBob, null, null).statusCode()).isEqualTo(404);
    assertThat(call(HttpMethod.GET, "/orders?customerId=" + ada, asBob, null, null).statusCode()).isEqualTo(403);
    assertThat(list(asBob, null).getJsonArray("items")).isEmpty();

    JsonObject mine = call(HttpMethod.GET, "/orders/" + id, TestTokens.customer(ada), null, null).bodyAsJsonObject();
    assertThat(mine.getString("status")).as("untouched").isEqualTo("CONFIRMED");
    assertThat(list(TestTokens.customer(ada), null).getJsonArray("items")).hasSize(1);
  }

  @Test
  void theSameIdempotencyKeyFromTwoCustomersPlacesTwoOrders() {
    String key = "key-" + UUID.randomUUID();

    HttpResponse<Buffer> first = place(TestTokens.customer(ada), key);
    HttpResponse<Buffer> second = place(TestTokens.customer(bob), key);
    HttpResponse<Buffer> replay = place(TestTokens.customer(ada), key);

    assertThat(first.statusCode()).isEqualTo(201);
    assertThat(second.statusCode()).isEqualTo(201);
    assertThat(second.bodyAsJsonObject().getString("id")).isNotEqualTo(first.bodyAsJsonObject().getString("id"));
    assertThat(second.bodyAsJsonObject().getString("customerId")).isEqualTo(bob);
    assertThat(replay.bodyAsJsonObject().getString("id")).isEqualTo(first.bodyAsJsonObject().getString("id"));
  }

  private HttpResponse<Buffer> place(String token, String key) {
    HttpResponse<Buffer> placed = call(HttpMethod.POST, "/orders", token, items(), key);
    assertThat(placed.statusCode()).as(placed.bodyAsString()).isIn(200, 201);
    return placed;
  }

  private static JsonObject items() {
    JsonObject body = order("unused", Map.of("tea", 1));
    body.remove("customerId");
    return body;
  }

  private static JsonObject list(String token, String customerId) {
    String path = customerId == null ? "/orders" : "/orders?customerId=" + customerId;
    HttpResponse<Buffer> page = call(HttpMethod.GET, path, token, null, null);
    assertThat(page.statusCode()).as(page.bodyAsString()).isEqualTo(200);
    return page.bodyAsJsonObject();
  }

  private static HttpResponse<Buffer> call(HttpMethod method, String path, String token, JsonObject body, String key) {
    HttpRequest<Buffer> request = web.request(method, cluster.orders(0).port(), "127.0.0.1", path);
    if (token != null) {
      request.putHeader("Authorization", token);
    }
    if (key != null) {
      request.putHeader(OrderRoutes.IDEMPOTENCY_KEY, key);
    }
    return await(body == null ? request.send() : request.sendJsonObject(body));
  }
}
