package ${package};

import static dev.vxplatform.shared.testing.TestCluster.await;
import static dev.vxplatform.shared.testing.TestCluster.waitUntil;
import static org.assertj.core.api.Assertions.assertThat;

import dev.vxplatform.shared.cluster.ClusterMembership;
import dev.vxplatform.shared.discovery.RegistryOptions;
import dev.vxplatform.shared.discovery.ServiceInstance;
import dev.vxplatform.shared.discovery.ServiceRegistry;
import dev.vxplatform.shared.testing.TestCluster;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Two instances on a real loopback Hazelcast cluster: both are published with the gateway route, both answer,
 * and bad input gets a 4xx problem+json. The HTTP client lives on a Vert.x of its own.
 */
class ${classPrefix}ClusterIT {

  private static final String GREETINGS = ${classPrefix}Config.BASE_PATH + "/greetings";
  private static TestCluster cluster;
  private static final List<Integer> ports = new ArrayList<>();
  private static Vertx clientVertx;
  private static WebClient client;

  @BeforeAll
  static void start() {
    clientVertx = Vertx.vertx();
    client = WebClient.create(clientVertx);
    cluster = TestCluster.start(2);
    for (Vertx node : cluster.nodes()) {
      ${classPrefix}Verticle verticle = new ${classPrefix}Verticle(${classPrefix}Config.forTests());
      await(node.deployVerticle(verticle));
      ports.add(verticle.port());
    }
  }

  @AfterAll
  static void stop() {
    if (cluster != null) {
      cluster.close();
    }
    client.close();
    await(clientVertx.close());
  }

  @Test
  void everyInstanceIsPublishedWithItsGatewayRoute() {
    Vertx node = cluster.node(0);
    ServiceRegistry observer = onContext(node, () -> ServiceRegistry.create(node, RegistryOptions.defaults()));
    try {
      waitUntil("both instances are in discovery", Duration.ofSeconds(10),
          () -> observer.view().httpEndpoints(${classPrefix}Config.SERVICE_NAME).size() == ports.size());
      List<ServiceInstance> instances = observer.view().httpEndpoints(${classPrefix}Config.SERVICE_NAME);
      assertThat(instances).extracting(ServiceInstance::port).containsExactlyInAnyOrderElementsOf(ports);
      assertThat(instances).allSatisfy(instance -> assertThat(
          instance.metadata().getJsonArray(${classPrefix}Verticle.ROUTES_METADATA))
          .containsExactly(${classPrefix}Config.ROUTE_PREFIX));
    } finally {
      await(observer.close());
    }
  }

  @Test
  void everyInstanceGreetsAndSaysWhichNodeItIs() {
    for (int i = 0; i < ports.size(); i++) {
      HttpResponse<Buffer> response = call(HttpMethod.GET, ports.get(i), GREETINGS + "/Ada", null);

      assertThat(response.statusCode()).isEqualTo(200);
      JsonObject body = response.bodyAsJsonObject();
      assertThat(body.getString("greeting")).isEqualTo(${classPrefix}Config.DEFAULT_GREETING + ", Ada!");
      assertThat(body.getString("node")).isEqualTo(ClusterMembership.of(cluster.node(i)).nodeId());
    }
  }

  @Test
  void postGreetsWithTheSalutationOfTheBody() {
    HttpResponse<Buffer> response = call(HttpMethod.POST, ports.get(0), GREETINGS,
        "{\"name\":\"Grace\",\"salutation\":\"Good morning\"}");

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.bodyAsJsonObject().getString("greeting")).isEqualTo("Good morning, Grace!");
  }

  static Stream<Arguments> badRequests() {
    return Stream.of(
        Arguments.of(HttpMethod.POST, GREETINGS, "{\"name\":", 400, "not valid JSON"),
        Arguments.of(HttpMethod.POST, GREETINGS, "", 400, "body is required"),
        Arguments.of(HttpMethod.POST, GREETINGS, "[\"Ada\"]", 400, "must be a JSON object"),
        Arguments.of(HttpMethod.POST, GREETINGS, "{}", 400, "'name' is required"),
        Arguments.of(HttpMethod.POST, GREETINGS, "{\"name\":\"Ada\",\"salutation\":\"\"}", 400, "'salutation'"),
        Arguments.of(HttpMethod.GET, GREETINGS + "/%3Cscript%3E", null, 400, "'name' must be"),
        Arguments.of(HttpMethod.GET, ${classPrefix}Config.BASE_PATH + "/nothing-here", null, 404, ""),
        Arguments.of(HttpMethod.DELETE, GREETINGS + "/Ada", null, 405, ""));
  }

  @ParameterizedTest
  @MethodSource("badRequests")
  void refusesBadRequestsWithAProblem(HttpMethod method, String path, String body, int status, String detail) {
    HttpResponse<Buffer> response = call(method, ports.get(0), path, body);

    assertThat(response.statusCode()).as(response.bodyAsString()).isEqualTo(status);
    assertThat(response.getHeader("Content-Type")).isEqualTo("application/problem+json");
    JsonObject problem = response.bodyAsJsonObject();
    assertThat(problem.getInteger("status")).isEqualTo(status);
    assertThat(problem.getString("detail")).contains(detail);
  }

  @Test
  void servesHealthAndMetrics() {
    assertThat(call(HttpMethod.GET, ports.get(0), "/health/ready", null).statusCode()).isEqualTo(200);
    HttpResponse<Buffer> metrics = call(HttpMethod.GET, ports.get(0), "/metrics", null);
    assertThat(metrics.statusCode()).isEqualTo(200);
    assertThat(metrics.bodyAsString()).contains("vertx_http_server");
  }

  private static HttpResponse<Buffer> call(HttpMethod method, int port, String path, String body) {
    var request = client.request(method, port, "127.0.0.1", path).timeout(10_000);
    return await(body == null ? request.send()
        : request.putHeader("Content-Type", "application/json").sendBuffer(Buffer.buffer(body)));
  }

  /** A registry belongs to the context it is created on, as it would in a verticle's start(). */
  private static <T> T onContext(Vertx vertx, Supplier<T> supplier) {
    Promise<T> promise = Promise.promise();
    vertx.runOnContext(v -> promise.complete(supplier.get()));
    return await(promise.future());
  }
}
