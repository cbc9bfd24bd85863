package dev.vxplatform.gateway;

import static dev.vxplatform.shared.testing.TestCluster.await;
import static dev.vxplatform.shared.testing.TestCluster.waitUntil;
import static org.assertj.core.api.Assertions.assertThat;

import dev.vxplatform.shared.testing.TestTokens;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetSocket;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Routing, header handling, bodies and error answers, against real backends found through discovery. */
class ProxyIT {

  private static GatewayHarness harness;
  private static TestBackend echo;
  private static TestBackend slow;

  @BeforeAll
  static void start() {
    harness = GatewayHarness.start(new JsonObject()
        .put("maxBodyBytes", 4096)
        .put("retryBufferBytes", 1024)
        .put("routes", new JsonArray()
            .add(route("/api/echo", "echo-service").put("strategy", "round-robin"))
            .add(route("/raw", "echo-service").put("stripPrefix", ""))
            .add(route("/api/nobody", "nobody-service"))
            .add(route("/api/slow", "slow-service").put("responseTimeoutMs", 300))
            .add(route("/api/sick", "sick-service").put("strategy", "round-robin"))
            .add(route("/api/busy", "busy-service").put("strategy", "round-robin"))));
    echo = harness.backend("echo-service", "echo-1");
    slow = harness.backend("slow-service", "slow-1");
    slow.delayMillis = 3_000;
    harness.awaitKnown(echo, slow);
  }

  @AfterAll
  static void stop() {
    harness.close();
  }

  static JsonObject route(String prefix, String service) {
    return new JsonObject().put("prefix", prefix).put("service", service);
  }

  @Test
  void forwardsWithPrefixStrippedForwardingHeadersAndNoHopByHopHeaders() {
    HttpResponse<Buffer> response = await(harness.request(HttpMethod.GET, "/api/echo/items/7?x=1")
        .putHeader("Connection", "keep-alive, X-Hop")
        .putHeader("X-Hop", "must not pass")
        .putHeader("X-Custom", "passes")
        .send());

    assertThat(response.statusCode()).isEqualTo(200);
    JsonObject seen = response.bodyAsJsonObject();
    assertThat(seen.getString("uri")).isEqualTo("/echo/items/7?x=1");
    JsonObject headers = seen.getJsonObject("headers");
    assertThat(headers.getString("x-custom")).isEqualTo("passes");
    assertThat(headers.containsKey("x-hop")).isFalse();
    assertThat(headers.getString("x-forwarded-for")).isEqualTo("127.0.0.1");
    assertThat(headers.getString("x-forwarded-proto")).isEqualTo("http");
    assertThat(headers.getString("x-forwarded-host")).isEqualTo("127.0.0.1:" + harness.port);
    assertThat(headers.getString("host")).isEqualTo("127.0.0.1:" + echo.port());
    String requestId = response.getHeader("X-Request-Id");
    assertThat(requestId).matches("[0-9a-f-]{36}").isEqualTo(headers.getString("x-request-id"));
  }

  @Test
  void propagatesTheClientsRequestIdAndKeepsPathsOfRoutesWithoutStrip() {
    HttpResponse<Buffer> response = await(harness.request(HttpMethod.GET, "/raw/a")
        .putHeader("X-Request-Id", "client-chosen-42").send());

    assertThat(response.getHeader("X-Request-Id")).isEqualTo("client-chosen-42");
    assertThat(response.bodyAsJsonObject().getString("uri")).isEqualTo("/raw/a");
    assertThat(response.bodyAsJsonObject().getJsonObject("headers").getString("x-request-id"))
        .isEqualTo("client-chosen-42");
  }

  @Test
  void answersHeadWithoutBody() {
    HttpResponse<Buffer> response = await(harness.request(HttpMethod.HEAD, "/api/echo/head").send());

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body()).isNull();
  }

  @Test
  void answers503WithRetryAfterWhenTheServiceHasNoInstance() {
    HttpResponse<Buffer> response = harness.get("/api/nobody/1");

    assertThat(response.statusCode()).isEqualTo(503);
    assertThat(response.getHeader("Retry-After")).isEqualTo("1");
    assertProblem(response, 503);
  }

  @Test
  void answers504WhenTheInstanceIsTooSlow() {
    long started = System.nanoTime();
    HttpResponse<Buffer> response = harness.get("/api/slow/1");

    assertThat(response.statusCode()).isEqualTo(504);
    assertProblem(response, 504);
    assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofMillis(2_000));
  }

  @Test
  void answers502WhenEveryRetryFailsAndPassesOtherErrorsThroughUnretried() {
    TestBackend first = harness.backend("sick-service", "sick-1");
    TestBackend second = harness.backend("sick-service", "sick-2");
    harness.awaitKnown(first, second);
    first.mode = TestBackend.Mode.STATUS;
    second.mode = TestBackend.Mode.STATUS;
    first.status = 502; // a 503 on the last try is passed on instead (the next test)
    second.status = 502;

    HttpResponse<Buffer> overloaded = harness.get("/api/sick/1");

    assertThat(overloaded.statusCode()).isEqualTo(502);
    assertProblem(overloaded, 502);
    assertThat(first.received()).isEqualTo(1);
    assertThat(second.received()).isEqualTo(1);

    first.status = 500;
    second.status = 500;
    HttpResponse<Buffer> failing = harness.get("/api/sick/2");

    assertThat(failing.statusCode()).isEqualTo(500);
    assertThat(failing.bodyAsString()).startsWith("failure from sick-");
    assertThat(first.received() + second.received()).isEqualTo(3);
  }

  @Test
  void passesALast503OnAsItIsWithItsRetryAfter() {
    TestBackend first = harness.backend("busy-service", "busy-1");
    TestBackend second = harness.backend("busy-service", "busy-2");
    harness.awaitKnown(first, second);
    for (TestBackend backend : new TestBackend[] {first, second}) {
      backend.mode = TestBackend.Mode.STATUS;
      backend.status = 503;
    }

    HttpResponse<Buffer> response = harness.get("/api/busy/1");

    assertThat(response.statusCode()).isEqualTo(503);
    assertThat(response.getHeader("Retry-After")).isEqualTo(TestBackend.RETRY_AFTER_SECONDS);
    assertThat(response.bodyAsString()).startsWith("failure from busy-");
    assertThat(first.received() + second.received()).as("retried once, on the other instance").isEqualTo(2);
  }

  @Test
  void refusesOversizedBodiesWith413WithoutForwardingThem() {
    int before = echo.received();
    HttpResponse<Buffer> announced = await(harness.request(HttpMethod.POST, "/api/echo/upload")
        .sendBuffer(TestBackend.bytes(5000)));

    assertThat(announced.statusCode()).isEqualTo(413);
    assertProblem(announced, 413);
    assertThat(echo.received()).isEqualTo(before);

    assertThat(sendChunked(6, 1000)).isEqualTo(413);
  }

  @Test
  void forwardsBufferedAndStreamedBodiesWhole() {
    HttpResponse<Buffer> small = await(harness.request(HttpMethod.PUT, "/api/echo/small")
        .sendBuffer(TestBackend.bytes(700)));
    HttpResponse<Buffer> large = await(harness.request(HttpMethod.PUT, "/api/echo/large")
        .sendBuffer(TestBackend.bytes(3000)));

    assertThat(small.bodyAsJsonObject().getInteger("bodyLength")).isEqualTo(700);
    assertThat(large.bodyAsJsonObject().getInteger("bodyLength")).isEqualTo(3000);
    assertThat(sendChunked(3, 1000)).isEqualTo(200);
  }

  /** A chunked POST of {@code chunks} × {@code size} bytes through a raw client; returns the status. */
  private static int sendChunked(int chunks, int size) {
    HttpClient client = harness.cluster.node(0).createHttpClient();
    try {
      HttpClientRequest request = await(client.request(new RequestOptions().setMethod(HttpMethod.POST)
          .setHost("127.0.0.1").setPort(harness.port).setURI("/api/echo/chunked")
          .putHeader("Authorization", TestTokens.operator())));
      request.setChunked(true);
      for (int i = 0; i < chunks; i++) {
        request.write(TestBackend.bytes(size));
      }
      request.end();
      HttpClientResponse response = await(request.response());
      return response.statusCode();
    } finally {
      client.close();
    }
  }

  /**
   * Over a raw socket, so what is checked is the bytes on the wire: the 100 comes before any body byte was sent,
   * and the instance gets the body that followed it.
   */
  @Test
  void answersExpectContinueBeforeReadingTheBody() {
    int before = echo.received();
    NetClient client = harness.cluster.node(0).createNetClient();
    try {
      NetSocket socket = await(client.connect(harness.port, "127.0.0.1"));
      Promise<Void> continued = Promise.promise();
      Promise<String> answer = Promise.promise();
      Buffer received = Buffer.buffer();
      socket.handler(chunk -> {
        received.appendBuffer(chunk);
        if (received.toString().contains("\r\n\r\n")) {
          continued.tryComplete();
        }
      });
      socket.endHandler(v -> answer.tryComplete(received.toString()));
      socket.write("PUT /api/echo/continue HTTP/1.1\r\nHost: gw\r\nAuthorization: " + TestTokens.operator()
          + "\r\nExpect: 100-continue\r\nContent-Length: 500\r\nConnection: close\r\n\r\n");
      await(continued.future());
      assertThat(received.toString()).startsWith("HTTP/1.1 100 Continue\r\n\r\n");
      assertThat(echo.received()).isEqualTo(before);

      socket.write(TestBackend.bytes(500));
      String answered = await(answer.future());
      String finalAnswer = answered.substring("HTTP/1.1 100 Continue\r\n\r\n".length());
      assertThat(finalAnswer).startsWith("HTTP/1.1 200");
      JsonObject echoed = new JsonObject(finalAnswer.substring(finalAnswer.indexOf("\r\n\r\n") + 4));
      assertThat(echoed.getInteger("bodyLength")).isEqualTo(500);
    } finally {
      client.close();
    }
  }

  @Test
  void malformedContentLengthIsRefusedWithoutReachingAnInstance() {
    int before = echo.received();
    NetClient client = harness.cluster.node(0).createNetClient();
    try {
      NetSocket socket = await(client.connect(harness.port, "127.0.0.1"));
      Promise<Buffer> answer = Promise.promise();
      Buffer received = Buffer.buffer();
      socket.handler(chunk -> {
        received.appendBuffer(chunk);
        if (received.toString().contains("\r\n\r\n")) {
          answer.tryComplete(received);
        }
      });
      socket.write("POST /api/echo/x HTTP/1.1\r\nHost: gw\r\nContent-Length: lots\r\n\r\n");
      // Vert.x's HTTP decoder refuses it (empty 400) before the gateway's handler ever sees the request.
      assertThat(await(answer.future()).toString()).startsWith("HTTP/1.1 400");
    } finally {
      client.close();
    }
    assertThat(echo.received()).isEqualTo(before);
  }

  @Test
  void unknownPathIsA404Problem() {
    HttpResponse<Buffer> response = harness.get("/nowhere");

    assertThat(response.statusCode()).isEqualTo(404);
    assertProblem(response, 404);
  }

  @Test
  void adminAndMetricsDescribeInstancesAndTraffic() {
    harness.get("/api/echo/metrics-probe");

    JsonObject instance = harness.instance(echo).orElseThrow();
    assertThat(instance.fieldNames()).contains("service", "id", "node", "host", "port", "breaker", "inFlight",
        "requests", "failures", "ewmaMillis");
    assertThat(instance.getString("breaker")).isEqualTo("CLOSED");
    assertThat(instance.getLong("requests")).isPositive();
    String metrics = harness.metrics();
    assertThat(metrics).contains("gateway_requests_total{instance=\"127.0.0.1:" + echo.port()
        + "\",route=\"/api/echo\",status=\"200\"}");
    assertThat(metrics).contains("gateway_request_duration_seconds_bucket{route=\"/api/echo\"");
    assertThat(metrics).contains("gateway_breaker_state{instance=\"127.0.0.1:" + echo.port() + "\"");
  }

  static void assertProblem(HttpResponse<Buffer> response, int status) {
    assertThat(response.getHeader("Content-Type")).isEqualTo("application/problem+json");
    assertThat(response.getHeader("X-Content-Type-Options")).isEqualTo("nosniff");
    assertThat(response.getHeader("Cache-Control")).isEqualTo("no-store");
    JsonObject problem = response.bodyAsJsonObject();
    assertThat(problem.getInteger("status")).isEqualTo(status);
    assertThat(problem.getString("title")).isNotBlank();
    assertThat(problem.getString("detail")).doesNotContain("Exception");
  }
}
