package dev.vxplatform.gateway;

import static dev.vxplatform.shared.testing.TestCluster.await;
import static dev.vxplatform.shared.testing.TestCluster.waitUntil;
import static org.assertj.core.api.Assertions.assertThat;

import dev.vxplatform.shared.testing.TestTokens;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A caller past its bucket gets a 429 problem with Retry-After and RateLimit headers, the service never sees those
 * requests, and the caller is let through again once the bucket refilled. Each test uses callers of its own.
 */
class RateLimitIT {

  /** At 0.5/s a token takes 2 s to come back: far longer than a burst of requests takes here. */
  private static final int WRITE_BURST = 3;
  private static final int READ_BURST = 2;
  private static GatewayHarness harness;
  private static TestBackend shop;

  @BeforeAll
  static void start() {
    harness = GatewayHarness.start(new JsonObject()
        .put("routes", "/api/shop=shop-service")
        .put("publicReads", "/api/shop/catalog")
        .put("writesPerSecond", 0.5).put("writeBurst", WRITE_BURST)
        .put("readsPerSecond", 0.5).put("readBurst", READ_BURST));
    shop = harness.backend("shop-service", "shop-1");
    harness.awaitKnown(shop);
  }

  @AfterAll
  static void stop() {
    harness.close();
  }

  @Test
  void aBurstAboveTheLimitGets429sAndTheRestSucceed() {
    String ada = TestTokens.customer("burst-ada");

    List<HttpResponse<Buffer>> answers = await(Future.all(IntStream.range(0, 10)
        .mapToObj(i -> post(ada)).toList())).list();

    assertThat(answers).filteredOn(answer -> answer.statusCode() == 200).hasSize(WRITE_BURST);
    List<HttpResponse<Buffer>> refused = answers.stream().filter(answer -> answer.statusCode() == 429).toList();
    assertThat(refused).hasSize(10 - WRITE_BURST).allSatisfy(answer -> {
      assertThat(answer.getHeader("Content-Type")).isEqualTo("application/problem+json");
      assertThat(Integer.parseInt(answer.getHeader("Retry-After"))).isBetween(1, 2);
      assertThat(answer.getHeader("RateLimit-Policy")).isEqualTo("\"writes\";q=3;w=6");
      assertThat(answer.getHeader("RateLimit")).startsWith("\"writes\";r=0;t=");
      assertThat(answer.bodyAsJsonObject().getInteger("status")).isEqualTo(429);
    });
    assertThat(shop.seen.stream().filter(seen -> ada.equals(seen.getJsonObject("headers").getString("authorization"))))
        .as("the service saw only the admitted requests").hasSize(WRITE_BURST);
  }

  @Test
  void anotherSubjectIsNotHeldBackByOnePastItsLimit() {
    String greedy = TestTokens.customer("greedy");
    for (int i = 0; i < WRITE_BURST; i++) {
      assertThat(await(post(greedy)).statusCode()).isEqualTo(200);
    }
    assertThat(await(post(greedy)).statusCode()).isEqualTo(429);

    assertThat(await(post(TestTokens.customer("patient"))).statusCode()).isEqualTo(200);
  }

  @Test
  void aRefusedCallerIsLetThroughOnceTheBucketRefilled() {
    String ada = TestTokens.customer("refill-ada");
    for (int i = 0; i < WRITE_BURST; i++) {
      await(post(ada));
    }
    assertThat(await(post(ada)).statusCode()).isEqualTo(429);

    waitUntil("a write of ada's is admitted again", Duration.ofSeconds(5), () -> await(post(ada)).statusCode() == 200);
  }

  @Test
  void anonymousPublicReadsAreLimitedPerClientAddress() {
    List<Integer> statuses = IntStream.range(0, READ_BURST + 2)
        .mapToObj(i -> harness.anonymous(HttpMethod.GET, "/api/shop/catalog").statusCode()).toList();

    assertThat(statuses).startsWith(200, 200).contains(429);
    assertThat(await(harness.request(HttpMethod.GET, "/api/shop/catalog/x").send()).statusCode())
        .as("a public read with a token is still limited by address, not by the token's subject").isEqualTo(429);
  }

  private static Future<HttpResponse<Buffer>> post(String authorization) {
    return harness.client.request(HttpMethod.POST, harness.port, "127.0.0.1", "/api/shop/orders")
        .putHeader("Authorization", authorization).send();
  }
}
