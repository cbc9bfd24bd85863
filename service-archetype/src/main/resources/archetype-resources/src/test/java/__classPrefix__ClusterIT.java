package ${package};

import static dev.vxplatform.shared.testing.TestCluster.await;
import static dev.vxplatform.shared.testing.TestCluster.waitUntil;
import static org.assertj.core.api.Assertions.assertThat;

import ${package}.greeting.GreetingApi;
import ${package}.greeting.GreetingStore;
import com.hazelcast.map.IMap;
import dev.vxplatform.shared.cluster.ClusterConfig;
import dev.vxplatform.shared.cluster.ClusterMembership;
import dev.vxplatform.shared.db.Database;
import dev.vxplatform.shared.db.DatabaseConfig;
import dev.vxplatform.shared.discovery.RegistryOptions;
import dev.vxplatform.shared.discovery.ServiceInstance;
import dev.vxplatform.shared.discovery.ServiceRegistry;
import dev.vxplatform.shared.testing.TestCluster;
import dev.vxplatform.shared.testing.TestTokens;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
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
 * Two instances on a real loopback Hazelcast cluster, backed by a database of their own on the test JVM's PostgreSQL
 * (TestDatabase): both are published with the gateway route; a greeting written through one is read through the
 * other, from the table after eviction or after a whole-cluster restart; bad input gets a 4xx problem+json and
 * writes nothing; a write the database refuses is a 503 and changes nothing. The client has a Vert.x of its own.
 */
class ${classPrefix}ClusterIT {

  private static final String GREETINGS = ${classPrefix}Config.BASE_PATH + "/greetings";
  private static TestCluster cluster;
  private static final List<${classPrefix}Verticle> instances = new ArrayList<>();
  private static Vertx clientVertx;
  private static WebClient client;

  @BeforeAll
  static void start() {
    clientVertx = Vertx.vertx();
    client = WebClient.create(clientVertx);
    deploy(TestCluster.startWithDatabase(2, ClusterConfig.DEFAULT_MIN_CLUSTER_SIZE));
  }

  /** The service on every node of {@code started}, which the tests then call. */
  private static void deploy(TestCluster started) {
    cluster = started;
    instances.clear();
    for (Vertx node : cluster.nodes()) {
      ${classPrefix}Verticle verticle = new ${classPrefix}Verticle(${classPrefix}Config.forTests());
      await(node.deployVerticle(verticle));
      instances.add(verticle);
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
          () -> observer.view().httpEndpoints(${classPrefix}Config.SERVICE_NAME).size() == instances.size());
      List<ServiceInstance> published = observer.view().httpEndpoints(${classPrefix}Config.SERVICE_NAME);
      assertThat(published).extracting(ServiceInstance::port).containsExactlyInAnyOrderElementsOf(
          instances.stream().map(${classPrefix}Verticle::port).toList());
      assertThat(published).allSatisfy(instance -> assertThat(
          instance.metadata().getJsonArray(${classPrefix}Verticle.ROUTES_METADATA))
          .containsExactly(${classPrefix}Config.ROUTE_PREFIX));
    } finally {
      await(observer.close());
    }
  }

  @Test
  void aGreetingWrittenThroughOneInstanceIsReadThroughTheOther() {
    HttpResponse<Buffer> written = post(0, "{\"name\":\"Grace\",\"salutation\":\"Good morning\"}");

    assertThat(written.statusCode()).as(written.bodyAsString()).isEqualTo(200);
    assertThat(written.bodyAsJsonObject().getString("node")).isEqualTo(nodeId(0));
    HttpResponse<Buffer> read = call(HttpMethod.GET, 1, GREETINGS + "/Grace", null);
    assertThat(read.statusCode()).as(read.bodyAsString()).isEqualTo(200);
    assertThat(read.bodyAsJsonObject().getString("greeting")).isEqualTo("Good morning, Grace!");
    assertThat(read.bodyAsJsonObject().getString("node")).isEqualTo(nodeId(1));
    assertThat(rowsNamed("Grace")).as("rows of Grace in " + GreetingStore.TABLE).isEqualTo(1);
  }

  @Test
  void eachRouteNeedsATokenWithItsScope() {
    String readOnly = TestTokens.bearer("reader", GreetingApi.READ_SCOPE);

    HttpResponse<Buffer> anonymous = callAs(null, HttpMethod.POST, 0, GREETINGS, "{\"name\":\"Mallory\"}");
    HttpResponse<Buffer> unscoped = callAs(readOnly, HttpMethod.POST, 0, GREETINGS, "{\"name\":\"Mallory\"}");

    assertProblem(anonymous, 401, "bearer token");
    assertThat(anonymous.getHeader("WWW-Authenticate")).startsWith("Bearer");
    assertProblem(unscoped, 403, GreetingApi.WRITE_SCOPE);
    assertProblem(callAs(readOnly, HttpMethod.GET, 0, GREETINGS + "/Mallory", null), 404, "Mallory");
  }

  @Test
  void aPostWithoutSalutationStoresTheConfiguredOne() {
    assertThat(post(1, "{\"name\":\"Ada\"}").statusCode()).isEqualTo(200);

    assertThat(call(HttpMethod.GET, 0, GREETINGS + "/Ada", null).bodyAsJsonObject().getString("greeting"))
        .isEqualTo(${classPrefix}Config.DEFAULT_GREETING + ", Ada!");
  }

  @Test
  void aGreetingEvictedFromMemoryIsLoadedBackFromTheTable() {
    assertThat(post(0, "{\"name\":\"Katherine\",\"salutation\":\"Hi\"}").statusCode()).isEqualTo(200);

    ClusterMembership.of(cluster.node(0)).hazelcast().getMap(GreetingStore.MAP).evictAll();
    assertThat(inMemory()).as("greetings in memory on all members").isZero();
    HttpResponse<Buffer> read = call(HttpMethod.GET, 1, GREETINGS + "/Katherine", null);
    assertThat(read.statusCode()).as(read.bodyAsString()).isEqualTo(200);
    assertThat(read.bodyAsJsonObject().getString("greeting")).isEqualTo("Hi, Katherine!");
  }

  @Test
  void everyGreetingSurvivesARestartOfTheWholeCluster() {
    assertThat(post(1, "{\"name\":\"Hedy\",\"salutation\":\"Welcome back\"}").statusCode()).isEqualTo(200);

    DatabaseConfig database = cluster.database();
    cluster.close();
    deploy(TestCluster.startWithDatabase(2, ClusterConfig.DEFAULT_MIN_CLUSTER_SIZE, database));

    assertThat(inMemory()).as("greetings in memory after the restart").isZero();
    HttpResponse<Buffer> read = call(HttpMethod.GET, 0, GREETINGS + "/Hedy", null);
    assertThat(read.statusCode()).as(read.bodyAsString()).isEqualTo(200);
    assertThat(read.bodyAsJsonObject().getString("greeting")).isEqualTo("Welcome back, Hedy!");
  }

  static Stream<Arguments> badRequests() {
    return Stream.of(
        Arguments.of(HttpMethod.POST, GREETINGS, "{\"name\":", 400, "not valid JSON"),
        Arguments.of(HttpMethod.POST, GREETINGS, "", 400, "body is required"),
        Arguments.of(HttpMethod.POST, GREETINGS, "[\"Ada\"]", 400, "must be a JSON object"),
        Arguments.of(HttpMethod.POST, GREETINGS, "{}", 400, "'name' is required"),
        Arguments.of(HttpMethod.POST, GREETINGS, "{\"name\":\"Eve\",\"salutation\":\"\"}", 400, "'salutation'"),
        Arguments.of(HttpMethod.POST, GREETINGS, "{\"name\":\"<script>\"}", 400, "'name' must be"),
        Arguments.of(HttpMethod.GET, GREETINGS + "/%3Cscript%3E", null, 400, "'name' must be"),
        Arguments.of(HttpMethod.GET, GREETINGS + "/Nobody", null, 404, "no greeting is stored"),
        Arguments.of(HttpMethod.GET, ${classPrefix}Config.BASE_PATH + "/nothing-here", null, 404, ""),
        Arguments.of(HttpMethod.DELETE, GREETINGS + "/Ada", null, 405, ""));
  }

  @ParameterizedTest
  @MethodSource("badRequests")
  void refusesBadRequestsWithAProblemAndWritesNothing(HttpMethod method, String path, String body, int status,
      String detail) {
    long rowsBefore = rows();

    HttpResponse<Buffer> response = call(method, 0, path, body);

    assertProblem(response, status, detail);
    assertThat(rows()).as("rows in " + GreetingStore.TABLE).isEqualTo(rowsBefore);
  }

  @Test
  void aWriteTheDatabaseRefusesIs503AndChangesNothing() {
    // A constraint no new row can meet (NOT VALID: the rows already there are not checked).
    sql("ALTER TABLE " + GreetingStore.TABLE + " ADD CONSTRAINT refuse_writes CHECK (false) NOT VALID");
    HttpResponse<Buffer> refused;
    try {
      refused = post(0, "{\"name\":\"Margaret\"}");
    } finally {
      sql("ALTER TABLE " + GreetingStore.TABLE + " DROP CONSTRAINT refuse_writes");
    }

    assertProblem(refused, 503, "nothing was changed");
    assertThat(refused.getHeader("Retry-After")).isEqualTo("1");
    assertThat(call(HttpMethod.GET, 1, GREETINGS + "/Margaret", null).statusCode()).isEqualTo(404);
    assertThat(rowsNamed("Margaret")).isZero();
    // The database takes writes again: so does the service.
    assertThat(post(0, "{\"name\":\"Margaret\"}").statusCode()).isEqualTo(200);
    assertThat(rowsNamed("Margaret")).isEqualTo(1);
  }

  @Test
  void servesHealthAndMetricsOnTheManagementPort() {
    assertThat(call(HttpMethod.GET, 0, "/health/ready", null).statusCode()).isEqualTo(200);
    assertThat(call(HttpMethod.GET, 0, "/metrics", null).statusCode()).as("not on the public port").isEqualTo(404);
    var metrics = await(client.get(instances.get(0).managementPort(), "127.0.0.1", "/metrics").send());
    assertThat(metrics.statusCode()).isEqualTo(200);
    assertThat(metrics.bodyAsString()).contains("vertx_http_server");
  }

  private static void assertProblem(HttpResponse<Buffer> response, int status, String detail) {
    assertThat(response.statusCode()).as(response.bodyAsString()).isEqualTo(status);
    assertThat(response.getHeader("Content-Type")).isEqualTo("application/problem+json");
    JsonObject problem = response.bodyAsJsonObject();
    assertThat(problem.getInteger("status")).isEqualTo(status);
    assertThat(problem.getString("detail")).contains(detail);
  }

  private static HttpResponse<Buffer> post(int instance, String body) {
    return call(HttpMethod.POST, instance, GREETINGS, body);
  }

  /** With a token holding both of the service's scopes. */
  private static HttpResponse<Buffer> call(HttpMethod method, int instance, String path, String body) {
    return callAs(TestTokens.bearer("tester", GreetingApi.READ_SCOPE + " " + GreetingApi.WRITE_SCOPE), method,
        instance, path, body);
  }

  /** @param authorization the Authorization header, null for none */
  private static HttpResponse<Buffer> callAs(String authorization, HttpMethod method, int instance, String path,
      String body) {
    var request = client.request(method, instances.get(instance).port(), "127.0.0.1", path).timeout(10_000);
    if (authorization != null) {
      request.putHeader("Authorization", authorization);
    }
    return await(body == null ? request.send()
        : request.putHeader("Content-Type", "application/json").sendBuffer(Buffer.buffer(body)));
  }

  private static String nodeId(int instance) {
    return ClusterMembership.of(cluster.node(instance)).nodeId();
  }

  /** Greetings held in memory (as owner) by all members together. */
  private static long inMemory() {
    long entries = 0;
    for (Vertx node : cluster.nodes()) {
      IMap<String, ?> map = ClusterMembership.of(node).hazelcast().getMap(GreetingStore.MAP);
      entries += map.getLocalMapStats().getOwnedEntryCount();
    }
    return entries;
  }

  /** Rows in the table, asked of the database directly: the record, whatever the map holds. */
  private static long rows() {
    return count("SELECT count(*) FROM " + GreetingStore.TABLE, null);
  }

  private static long rowsNamed(String name) {
    return count("SELECT count(*) FROM " + GreetingStore.TABLE + " WHERE id = ?", name);
  }

  private static long count(String query, String parameter) {
    try (Connection connection = connect(); PreparedStatement statement = connection.prepareStatement(query)) {
      if (parameter != null) {
        statement.setString(1, parameter);
      }
      try (ResultSet result = statement.executeQuery()) {
        result.next();
        return result.getLong(1);
      }
    } catch (SQLException e) {
      throw new IllegalStateException(query + " failed: " + e, e);
    }
  }

  private static void sql(String statement) {
    try (Connection connection = connect(); Statement sql = connection.createStatement()) {
      sql.execute(statement);
    } catch (SQLException e) {
      throw new IllegalStateException(statement + " failed: " + e, e);
    }
  }

  private static Connection connect() throws SQLException {
    return Database.of(cluster.node(0)).dataSource().getConnection();
  }

  /** A registry belongs to the context it is created on, as it would in a verticle's start(). */
  private static <T> T onContext(Vertx vertx, Supplier<T> supplier) {
    Promise<T> promise = Promise.promise();
    vertx.runOnContext(v -> promise.complete(supplier.get()));
    return await(promise.future());
  }
}
