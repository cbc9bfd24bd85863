package dev.vxplatform.shared.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vxplatform.shared.discovery.RegistryOptions;
import dev.vxplatform.shared.discovery.ServiceRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The base router on a real port, in a non-clustered Vert.x built with metrics like the bootstrap does. */
@ExtendWith(VertxExtension.class)
class PlatformRouterTest {

  private Vertx vertx;
  private WebClient client;
  private int port;
  private int managementPort;

  @BeforeEach
  void start(VertxTestContext testContext) {
    vertx = Vertx.builder().with(new io.vertx.core.VertxOptions().setMetricsOptions(Metrics.options()))
        .withMetrics(Metrics.factory()).build();
    client = WebClient.create(vertx);
    ServiceRegistry registry = ServiceRegistry.create(vertx, RegistryOptions.defaults());
    Router router = PlatformRouter.create(vertx, registry);
    router.post("/echo").handler(ctx -> ctx.json(ctx.body().asJsonObject()));
    router.get("/stored").handler(ctx -> ctx.json(new JsonObject("\"text where an object was stored\"")));
    router.get("/search").handler(ctx -> ctx.json(new JsonObject().put("q", ctx.request().getParam("q"))));
    router.get("/stored-status").handler(ctx -> ctx.json(TimeUnit.valueOf("UNIT_THE_CODE_NO_LONGER_KNOWS")));
    ManagementServer.start(vertx, PlatformRouter.management(vertx, registry), HttpConfig.ephemeral(), "test")
        .compose(management -> {
          managementPort = management.actualPort();
          return vertx.createHttpServer().requestHandler(router).listen(0);
        })
        .onComplete(testContext.succeeding(server -> {
          port = server.actualPort();
          testContext.completeNow();
        }));
  }

  @AfterEach
  void stop(VertxTestContext testContext) {
    vertx.close().onComplete(testContext.succeedingThenComplete());
  }

  @Test
  void malformedJsonIsABadRequestProblem(VertxTestContext testContext) {
    send(HttpMethod.POST, "/echo", Buffer.buffer("{\"orderId\": "))
        .onComplete(testContext.succeeding(response -> testContext.verify(() -> {
          assertProblem(response, 400);
          assertThat(response.bodyAsJsonObject().getString("detail")).doesNotContain("Exception");
          testContext.completeNow();
        })));
  }

  @Test
  void unreadableStoredJsonIsAServerErrorNotTheCallersFault(VertxTestContext testContext) {
    send(HttpMethod.GET, "/stored", null)
        .onComplete(testContext.succeeding(response -> testContext.verify(() -> {
          assertProblem(response, 500);
          assertThat(response.bodyAsJsonObject().getString("title")).isEqualTo("Internal error");
          testContext.completeNow();
        })));
  }

  @Test
  void anIllegalArgumentFromTheServersOwnCodeIsAServerErrorWithoutItsMessage(VertxTestContext testContext) {
    send(HttpMethod.GET, "/stored-status", null)
        .onComplete(testContext.succeeding(response -> testContext.verify(() -> {
          assertProblem(response, 500);
          assertThat(response.bodyAsString()).doesNotContain("UNIT_THE_CODE_NO_LONGER_KNOWS");
          testContext.completeNow();
        })));
  }

  @Test
  void aQueryStringThatIsNotValidPercentEncodingIsABadRequestProblem(VertxTestContext testContext) {
    send(HttpMethod.GET, "/search?q=%zz", null)
        .compose(bad -> send(HttpMethod.GET, "/search?q=caf%C3%A9", null).map(good -> List.of(bad, good)))
        .onComplete(testContext.succeeding(answers -> testContext.verify(() -> {
          assertProblem(answers.get(0), 400);
          assertThat(answers.get(1).bodyAsJsonObject().getString("q")).isEqualTo("café");
          testContext.completeNow();
        })));
  }

  @Test
  void aPathThatIsNotValidPercentEncodingIsABadRequestProblem(VertxTestContext testContext) {
    send(HttpMethod.GET, "/%zz/search", null)
        .compose(first -> send(HttpMethod.POST, "/echo/%", Buffer.buffer("{}")).map(second -> List.of(first, second)))
        .onComplete(testContext.succeeding(answers -> testContext.verify(() -> {
          assertProblem(answers.get(0), 400);
          assertProblem(answers.get(1), 400);
          testContext.completeNow();
        })));
  }

  @Test
  void aFormOrMultipartBodyIsAnUnsupportedMediaTypeProblemWhateverTheMethod(VertxTestContext testContext) {
    Buffer form = Buffer.buffer("--b\r\nContent-Disposition: form-data; name=\"f\"\r\n\r\nv\r\n--b--\r\n");
    client.request(HttpMethod.GET, port, "127.0.0.1", "/search")
        .putHeader("Content-Type", "multipart/form-data; boundary=b")
        .sendBuffer(form)
        .compose(get -> client.request(HttpMethod.POST, port, "127.0.0.1", "/echo")
            .putHeader("Content-Type", "application/x-www-form-urlencoded").sendBuffer(Buffer.buffer("a=1"))
            .map(post -> List.of(get, post)))
        .onComplete(testContext.succeeding(answers -> testContext.verify(() -> {
          assertProblem(answers.get(0), 415);
          assertProblem(answers.get(1), 415);
          testContext.completeNow();
        })));
  }

  @Test
  void aControlCharacterInThePathOrTheQueryIsABadRequestProblem(VertxTestContext testContext) {
    send(HttpMethod.GET, "/search/%00", null)
        .compose(first -> send(HttpMethod.GET, "/search?q=a%00b", null).map(second -> List.of(first, second)))
        .onComplete(testContext.succeeding(answers -> testContext.verify(() -> {
          assertProblem(answers.get(0), 400);
          assertProblem(answers.get(1), 400);
          assertThat(answers.get(1).bodyAsJsonObject().getString("detail")).contains("control character");
          testContext.completeNow();
        })));
  }

  @Test
  void unknownRouteIsANotFoundProblem(VertxTestContext testContext) {
    send(HttpMethod.GET, "/nowhere", null)
        .onComplete(testContext.succeeding(response -> testContext.verify(() -> {
          assertProblem(response, 404);
          testContext.completeNow();
        })));
  }

  @Test
  void oversizedBodyIsAPayloadTooLargeProblem(VertxTestContext testContext) {
    Buffer big = Buffer.buffer("\"" + "x".repeat((int) PlatformRouter.DEFAULT_BODY_LIMIT_BYTES + 10) + "\"");
    send(HttpMethod.POST, "/echo", big)
        .onComplete(testContext.succeeding(response -> testContext.verify(() -> {
          assertProblem(response, 413);
          testContext.completeNow();
        })));
  }

  @Test
  void metricsAreOnTheManagementPortOnly(VertxTestContext testContext) {
    send(HttpMethod.GET, "/metrics", null)
        .onComplete(testContext.succeeding(response -> testContext.verify(() -> {
          assertProblem(response, 404);
          testContext.completeNow();
        })));
  }

  @Test
  void metricsShowHttpServerRequestsAfterARequest(VertxTestContext testContext) {
    send(HttpMethod.POST, "/echo", new JsonObject().put("a", 1).toBuffer())
        .compose(echo -> client.request(HttpMethod.GET, managementPort, "127.0.0.1", "/metrics").send())
        .onComplete(testContext.succeeding(response -> testContext.verify(() -> {
          assertThat(response.statusCode()).isEqualTo(200);
          assertThat(response.bodyAsString())
              .contains("vertx_http_server_requests_total")
              .containsPattern("vertx_http_server_requests_total\\{[^}]*route=\"/echo\"");
          testContext.completeNow();
        })));
  }

  @Test
  void notReadyWhenNotAClusterMember(VertxTestContext testContext) {
    send(HttpMethod.GET, "/health/ready", null)
        .onComplete(testContext.succeeding(response -> testContext.verify(() -> {
          assertThat(response.statusCode()).isEqualTo(503);
          assertThat(response.bodyAsJsonObject().getString("status")).isEqualTo("DOWN");
          assertThat(response.bodyAsString()).contains("not clustered");
          testContext.completeNow();
        })));
  }

  @Test
  void liveWhenTheProcessAnswers(VertxTestContext testContext) {
    send(HttpMethod.GET, "/health/live", null)
        .onComplete(testContext.succeeding(response -> testContext.verify(() -> {
          assertThat(response.statusCode()).isEqualTo(200);
          assertThat(response.bodyAsJsonObject().getString("status")).isEqualTo("UP");
          assertThat(response.getHeader("X-Content-Type-Options")).as("on every answer").isEqualTo("nosniff");
          assertThat(response.getHeader("Server")).as("no banner").isNull();
          testContext.completeNow();
        })));
  }

  private Future<HttpResponse<Buffer>> send(HttpMethod method, String path, Buffer body) {
    var request = client.request(method, port, "127.0.0.1", path).putHeader("Content-Type", "application/json");
    return body == null ? request.send() : request.sendBuffer(body);
  }

  private static void assertProblem(HttpResponse<Buffer> response, int status) {
    assertThat(response.statusCode()).isEqualTo(status);
    assertThat(response.getHeader("Content-Type")).isEqualTo(Problems.CONTENT_TYPE);
    assertThat(response.getHeader("X-Content-Type-Options")).isEqualTo("nosniff");
    assertThat(response.getHeader("Cache-Control")).isEqualTo("no-store");
    JsonObject problem = response.bodyAsJsonObject();
    assertThat(problem.getInteger("status")).isEqualTo(status);
    assertThat(problem.getString("title")).isNotBlank();
  }
}
