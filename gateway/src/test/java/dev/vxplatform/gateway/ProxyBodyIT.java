package dev.vxplatform.gateway;

import static dev.vxplatform.gateway.ProxyIT.assertProblem;
import static dev.vxplatform.gateway.ProxyIT.route;
import static dev.vxplatform.shared.testing.TestCluster.await;
import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetSocket;
import io.vertx.ext.web.client.HttpResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Request bodies through the proxy: size limit, buffered and streamed forwarding, 100-continue, bad framing. */
class ProxyBodyIT {

  private static GatewayHarness harness;
  private static TestBackend echo;

  @BeforeAll
  static void start() {
    harness = GatewayHarness.start(new JsonObject()
        .put("maxBodyBytes", 4096)
        .put("retryBufferBytes", 1024)
        .put("routes", new JsonArray().add(route("/api/echo", "echo-service").put("strategy", "round-robin"))));
    echo = harness.backend("echo-service", "echo-1");
    harness.awaitKnown(echo);
  }

  @AfterAll
  static void stop() {
    harness.close();
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
          .setHost("127.0.0.1").setPort(harness.port).setURI("/api/echo/chunked")));
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

  @Test
  void answersExpectContinueBeforeReadingTheBody() {
    HttpClient client = harness.cluster.node(0).createHttpClient();
    try {
      HttpClientRequest request = await(client.request(new RequestOptions().setMethod(HttpMethod.PUT)
          .setHost("127.0.0.1").setPort(harness.port).setURI("/api/echo/continue")));
      request.putHeader("Expect", "100-continue").putHeader("Content-Length", "500");
      Promise<Void> continued = Promise.promise();
      request.continueHandler(v -> {
        continued.complete();
        request.end(TestBackend.bytes(500));
      });
      request.sendHead();
      await(continued.future());
      JsonObject echoed = await(request.response()
          .compose(response -> response.body().map(body -> body.toJsonObject().put("status", response.statusCode()))));
      assertThat(echoed.getInteger("status")).isEqualTo(200);
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
}
