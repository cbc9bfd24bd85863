package dev.vxplatform.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vxplatform.shared.security.LocalKeys;
import dev.vxplatform.shared.testing.TestCluster;
import dev.vxplatform.shared.testing.TestTokens;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The gateway lets a proxied request through only with a valid token, except reads under a public prefix; its
 * operations ({@code /admin/*}, {@code /metrics}) answer on the management port only.
 */
class EdgeAccessIT {

  private static GatewayHarness harness;
  private static TestBackend shop;

  @BeforeAll
  static void start() {
    harness = GatewayHarness.start(new JsonObject()
        .put("routes", "/api/shop=shop-service")
        .put("publicReads", "/api/shop/catalog"));
    shop = harness.backend("shop-service", "shop-1");
    harness.awaitKnown(shop);
  }

  @AfterAll
  static void stop() {
    harness.close();
  }

  @BeforeEach
  void forget() {
    shop.seen.clear();
  }

  @Test
  void refusesAnAnonymousCallWithAChallengeAndNeverCallsTheService() {
    HttpResponse<Buffer> refused = harness.anonymous(HttpMethod.POST, "/api/shop/orders");

    assertThat(refused.statusCode()).isEqualTo(401);
    assertThat(refused.getHeader("WWW-Authenticate")).isEqualTo("Bearer realm=\"vx-platform\"");
    assertThat(refused.getHeader("Content-Type")).isEqualTo("application/problem+json");
    assertThat(refused.bodyAsJsonObject().getString("requestId")).isNotBlank();
    assertThat(shop.seen).isEmpty();
  }

  @Test
  void refusesATokenThatDoesNotVerify() {
    String foreign = "Bearer " + LocalKeys.generate().token("ada", "orders:write", 60);

    HttpResponse<Buffer> refused = TestCluster.await(harness.client
        .request(HttpMethod.GET, harness.port, "127.0.0.1", "/api/shop/orders").putHeader("Authorization", foreign)
        .send());

    assertThat(refused.statusCode()).isEqualTo(401);
    assertThat(refused.getHeader("WWW-Authenticate")).contains("error=\"invalid_token\"");
    assertThat(refused.bodyAsJsonObject().getString("detail")).contains("signature");
    assertThat(shop.seen).isEmpty();
  }

  @Test
  void forwardsAValidTokenForTheServiceToCheckAgain() {
    String token = TestTokens.customer("ada");

    HttpResponse<Buffer> passed = TestCluster.await(harness.client
        .request(HttpMethod.POST, harness.port, "127.0.0.1", "/api/shop/orders").putHeader("Authorization", token)
        .send());

    assertThat(passed.statusCode()).isEqualTo(200);
    assertThat(shop.seen).singleElement()
        .satisfies(seen -> assertThat(seen.getJsonObject("headers").getString("authorization")).isEqualTo(token));
  }

  @Test
  void letsPublicReadsThroughWithoutAToken() {
    assertThat(harness.anonymous(HttpMethod.GET, "/api/shop/catalog").statusCode()).isEqualTo(200);
    assertThat(harness.anonymous(HttpMethod.HEAD, "/api/shop/catalog/sku-1").statusCode()).isEqualTo(200);
    assertThat(shop.seen).hasSize(2);
  }

  @Test
  void keepsWritesAndLookalikePathsUnderAPublicPrefixClosed() {
    assertThat(harness.anonymous(HttpMethod.PUT, "/api/shop/catalog/sku-1").statusCode()).isEqualTo(401);
    assertThat(harness.anonymous(HttpMethod.GET, "/api/shop/catalogue").statusCode()).isEqualTo(401);
    assertThat(harness.anonymous(HttpMethod.GET, "/api/shop/catalog/../orders").statusCode()).isEqualTo(401);
    assertThat(harness.anonymous(HttpMethod.GET, "/api/shop/catalog/%2e%2e/orders").statusCode()).isEqualTo(401);
    assertThat(shop.seen).isEmpty();
  }

  @Test
  void operationsAnswerOnTheManagementPortOnly() {
    for (String path : new String[] {"/admin/instances", "/admin/routes", "/metrics"}) {
      assertThat(harness.get(path).statusCode()).as("public %s, even with an operator's token", path).isEqualTo(404);
      assertThat(harness.manage(path).statusCode()).as("management %s", path).isEqualTo(200);
    }
    assertThat(harness.anonymous(HttpMethod.GET, "/health/ready").statusCode()).as("health stays public")
        .isEqualTo(200);
  }
}
