package dev.vxplatform.archetype;

import static dev.vxplatform.shared.testing.TestCluster.waitUntil;
import static org.assertj.core.api.Assertions.assertThat;

import dev.vxplatform.archetype.ServiceJvm.Response;
import dev.vxplatform.shared.testing.FreePorts;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The service the archetype generated (src/it: generated with the documented command and built with its own
 * tests before this runs) and the platform's gateway, as two JVMs in a loopback cluster of their own: the
 * gateway routes the prefix the service announces in discovery to it, with no gateway configuration.
 */
class GeneratedServiceIT {

  private static final Duration START_TIMEOUT = Duration.ofSeconds(120);
  /** Discovery announcements reach the gateway's view within a refresh interval; generous for a busy CI. */
  private static final Duration ROUTE_TIMEOUT = Duration.ofSeconds(20);
  private static final String SERVICE = System.getProperty("it.serviceName");
  private static final String ROUTE = System.getProperty("it.routePrefix");

  private static ServiceJvm service;
  private static ServiceJvm gateway;

  @BeforeAll
  static void start() {
    // A cluster name and Hazelcast port range of their own: never joins a demo cluster or another test's.
    int clusterPort = 10000 + ThreadLocalRandom.current().nextInt(0, 900) * 10;
    Map<String, String> cluster = Map.of(
        "CLUSTER_NAME", "archetype-it-" + UUID.randomUUID(),
        "CLUSTER_HOST", "127.0.0.1",
        "CLUSTER_PORT", String.valueOf(clusterPort),
        "CLUSTER_PORT_COUNT", "10",
        "CLUSTER_MEMBERS", "127.0.0.1:" + clusterPort + "-" + (clusterPort + 9));
    // The service first: it is a data member and forms the cluster; the gateway is a lite member, which needs a
    // data member for discovery.
    int servicePort = FreePorts.take();
    service = ServiceJvm.start(SERVICE, jar("it.serviceJar"), with(cluster, "HTTP_PORT", servicePort), servicePort)
        .awaitReady(START_TIMEOUT);
    int gatewayPort = FreePorts.take();
    gateway = ServiceJvm.start("gateway", jar("it.gatewayJar"), with(cluster, "GATEWAY_PORT", gatewayPort),
        gatewayPort).awaitReady(START_TIMEOUT);
  }

  @AfterAll
  static void stop() {
    if (gateway != null) {
      gateway.close();
    }
    if (service != null) {
      service.close();
    }
  }

  @Test
  void gatewayRoutesTheAnnouncedPrefixToTheService() {
    String path = ROUTE + "/greetings/Ada";
    waitUntil("the gateway routes " + path, ROUTE_TIMEOUT, () -> gateway.get(path).status() == 200);

    Response response = gateway.get(path);
    assertThat(response.status()).as(response.toString()).isEqualTo(200);
    assertThat(response.contentType()).startsWith("application/json");
    assertThat(new JsonObject(response.body()).getString("greeting")).isEqualTo("Hello, Ada!");
    // Straight from the service, the same resource lives under the prefix without /api.
    assertThat(service.get(path.substring("/api".length())).status()).isEqualTo(200);
    JsonObject route = discoveryRoute();
    assertThat(route).as("the gateway's route for " + ROUTE).isNotNull();
    assertThat(route.getString("service")).isEqualTo(SERVICE);
    assertThat(route.getString("origin")).isEqualTo("discovery");
  }

  @Test
  void badInputThroughTheGatewayIsAProblem() {
    waitUntil("the gateway routes " + ROUTE, ROUTE_TIMEOUT, () -> discoveryRoute() != null);

    assertProblem(gateway.post(ROUTE + "/greetings", "{\"name\":\"\"}"), 400, "'name' must be");
    assertProblem(gateway.post(ROUTE + "/greetings", "{\"name\":"), 400, "not valid JSON");
    assertProblem(gateway.get(ROUTE + "/greetings/%3Cscript%3E"), 400, "'name' must be");
  }

  @Test
  void servesHealthAndMetrics() {
    assertThat(service.get("/health/live").status()).isEqualTo(200);
    Response metrics = service.get("/metrics");
    assertThat(metrics.status()).isEqualTo(200);
    assertThat(metrics.body()).contains("vertx_http_server");
  }

  private static void assertProblem(Response response, int status, String detail) {
    assertThat(response.status()).as(response.toString()).isEqualTo(status);
    assertThat(response.contentType()).isEqualTo("application/problem+json");
    JsonObject problem = new JsonObject(response.body());
    assertThat(problem.getInteger("status")).isEqualTo(status);
    assertThat(problem.getString("detail")).contains(detail);
  }

  /** The gateway's route for {@link #ROUTE}, from {@code GET /admin/routes}; null while it has none. */
  private static JsonObject discoveryRoute() {
    Response response = gateway.get("/admin/routes");
    if (response.status() != 200) {
      return null;
    }
    JsonArray routes = new JsonObject(response.body()).getJsonArray("routes");
    return routes.stream().map(JsonObject.class::cast)
        .filter(route -> ROUTE.equals(route.getString("prefix")))
        .findFirst().orElse(null);
  }

  private static Path jar(String property) {
    return Path.of(System.getProperty(property));
  }

  private static Map<String, String> with(Map<String, String> env, String key, int value) {
    Map<String, String> all = new HashMap<>(env);
    all.put(key, String.valueOf(value));
    return all;
  }
}
