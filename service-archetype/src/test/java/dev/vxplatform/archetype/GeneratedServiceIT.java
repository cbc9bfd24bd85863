package dev.vxplatform.archetype;

import static dev.vxplatform.shared.testing.TestCluster.waitUntil;
import static org.assertj.core.api.Assertions.assertThat;

import dev.vxplatform.archetype.ServiceJvm.Response;
import dev.vxplatform.shared.db.DatabaseConfig;
import dev.vxplatform.shared.security.LocalKeys;
import dev.vxplatform.shared.testing.FreePorts;
import dev.vxplatform.shared.testing.TestDatabase;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
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
 * tests before this runs) and the platform's gateway, as two JVMs in a loopback cluster of their own, the service
 * on a database of its own on this JVM's PostgreSQL (TestDatabase): the gateway routes the prefix the service
 * announces in discovery to it, with no gateway configuration, and what is written through it lands in the
 * service's table.
 */
class GeneratedServiceIT {

  private static final Duration START_TIMEOUT = Duration.ofSeconds(120);
  /** Discovery announcements reach the gateway's view within a refresh interval; generous for a busy CI. */
  private static final Duration ROUTE_TIMEOUT = Duration.ofSeconds(20);
  private static final String SERVICE = System.getProperty("it.serviceName");
  private static final String ROUTE = System.getProperty("it.routePrefix");
  /** The table behind the generated service's map: the schema the archetype derived from its name. */
  private static final String TABLE = System.getProperty("it.schema") + ".greetings";

  /** The generated service's example scopes (GreetingApi's READ_SCOPE and WRITE_SCOPE). */
  private static final String SCOPES = "greetings:read greetings:write";

  private static DatabaseConfig database;
  private static LocalKeys keys;
  private static String token;

  private static ServiceJvm service;
  private static ServiceJvm gateway;

  @BeforeAll
  static void start() throws Exception {
    // A cluster name and Hazelcast port range of their own: never joins a demo cluster or another test's.
    int clusterPort = 10000 + ThreadLocalRandom.current().nextInt(0, 900) * 10;
    Path keyDir = Files.createTempDirectory("archetype-it-keys");
    keys = LocalKeys.inDirectory(keyDir);
    token = "Bearer " + keys.token("tester", SCOPES, 3600);
    Map<String, String> cluster = Map.of(
        "JWT_PUBLIC_KEY_FILE", keyDir.resolve(LocalKeys.PUBLIC_FILE).toString(),
        "CLUSTER_NAME", "archetype-it-" + UUID.randomUUID(),
        "CLUSTER_HOST", "127.0.0.1",
        "CLUSTER_PORT", String.valueOf(clusterPort),
        "CLUSTER_PORT_COUNT", "10",
        "CLUSTER_MEMBERS", "127.0.0.1:" + clusterPort + "-" + (clusterPort + 9));
    // The service first: it is a data member and forms the cluster; the gateway is a lite member, which needs a
    // data member for discovery. The service does not start without DATABASE_URL; the gateway keeps no data.
    database = TestDatabase.create();
    int servicePort = FreePorts.take();
    Map<String, String> serviceEnv = with(cluster, "HTTP_PORT", servicePort);
    serviceEnv.putAll(Map.of("DATABASE_URL", database.url(), "DATABASE_USER", database.user(),
        "DATABASE_PASSWORD", database.password()));
    service = ServiceJvm.start(SERVICE, jar("it.serviceJar"), serviceEnv, servicePort).awaitReady(START_TIMEOUT);
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
  void gatewayRoutesTheAnnouncedPrefixToTheServiceWhichKeepsWhatItIsGivenInItsTable() {
    String greetings = ROUTE + "/greetings";
    // The POST stores (or replaces) Ada's greeting: sending it again until the gateway routes it changes nothing.
    waitUntil("the gateway routes " + greetings, ROUTE_TIMEOUT,
        () -> gateway.post(greetings, "{\"name\":\"Ada\",\"salutation\":\"Hi\"}", token).status() == 200);

    Response response = gateway.get(greetings + "/Ada", token);
    assertThat(response.status()).as(response.toString()).isEqualTo(200);
    assertThat(response.contentType()).startsWith("application/json");
    assertThat(new JsonObject(response.body()).getString("greeting")).isEqualTo("Hi, Ada!");
    // Straight from the service, the same resource lives under the prefix without /api.
    assertThat(service.get(greetings.substring("/api".length()) + "/Ada", token).status()).isEqualTo(200);
    JsonObject stored = storedDocument("Ada");
    assertThat(stored).as("Ada's row in " + TABLE).isNotNull();
    assertThat(stored.getString("salutation")).isEqualTo("Hi");
    JsonObject route = discoveryRoute();
    assertThat(route).as("the gateway's route for " + ROUTE).isNotNull();
    assertThat(route.getString("service")).isEqualTo(SERVICE);
    assertThat(route.getString("origin")).isEqualTo("discovery");
  }

  @Test
  void theServiceAsksForItsScopesThroughTheGatewayAndDirectly() {
    waitUntil("the gateway routes " + ROUTE, ROUTE_TIMEOUT, () -> discoveryRoute() != null);
    String body = "{\"name\":\"Mallory\"}";
    String readOnly = "Bearer " + keys.token("reader", "greetings:read", 3600);

    assertProblem(gateway.post(ROUTE + "/greetings", body, null), 401, "bearer token");
    assertProblem(gateway.post(ROUTE + "/greetings", body, readOnly), 403, "greetings:write");
    assertProblem(service.post(ROUTE.substring("/api".length()) + "/greetings", body, null), 401, "bearer token");
    assertThat(storedDocument("Mallory")).isNull();
    assertThat(gateway.post(ROUTE + "/greetings", body, token).status()).isEqualTo(200);
  }

  @Test
  void badInputThroughTheGatewayIsAProblem() {
    waitUntil("the gateway routes " + ROUTE, ROUTE_TIMEOUT, () -> discoveryRoute() != null);
    long rowsBefore = rows();

    assertProblem(gateway.post(ROUTE + "/greetings", "{\"name\":\"\"}", token), 400, "'name' must be");
    assertProblem(gateway.post(ROUTE + "/greetings", "{\"name\":", token), 400, "not valid JSON");
    assertProblem(gateway.get(ROUTE + "/greetings/%3Cscript%3E", token), 400, "'name' must be");
    assertProblem(gateway.get(ROUTE + "/greetings/Nobody", token), 404, "no greeting is stored");
    assertThat(rows()).as("rows in " + TABLE).isEqualTo(rowsBefore);
  }

  @Test
  void servesHealthPubliclyAndMetricsOnTheManagementPort() {
    assertThat(service.get("/health/live").status()).isEqualTo(200);
    assertThat(service.get("/metrics").status()).as("not on the public port").isEqualTo(404);
    Response metrics = service.manage("/metrics");
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

  /** The document the service's table holds for {@code name}, asked of the database directly; null if none. */
  private static JsonObject storedDocument(String name) {
    String document = query("SELECT doc::text FROM " + TABLE + " WHERE id = ?", name);
    return document == null ? null : new JsonObject(document);
  }

  private static long rows() {
    return Long.parseLong(query("SELECT count(*) FROM " + TABLE, null));
  }

  /** The first column of the first row {@code sql} answers (as text), or null when it answers none. */
  private static String query(String sql, String parameter) {
    try (Connection connection = DriverManager.getConnection(database.url(), database.user(), database.password());
        PreparedStatement select = connection.prepareStatement(sql)) {
      if (parameter != null) {
        select.setString(1, parameter);
      }
      try (ResultSet row = select.executeQuery()) {
        return row.next() ? row.getString(1) : null;
      }
    } catch (SQLException e) {
      throw new IllegalStateException(sql + " failed: " + e, e);
    }
  }

  /** The gateway's route for {@link #ROUTE}, from {@code GET /admin/routes} (management port); null while none. */
  private static JsonObject discoveryRoute() {
    Response response = gateway.manage("/admin/routes");
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
