package dev.vxplatform.gateway;

import static dev.vxplatform.shared.testing.TestCluster.await;
import static dev.vxplatform.shared.testing.TestCluster.waitUntil;
import static org.assertj.core.api.Assertions.assertThat;

import dev.vxplatform.shared.cluster.ClusterMembership;
import dev.vxplatform.shared.contract.DatabaseContract;
import dev.vxplatform.shared.contract.ReconcilerContract;
import dev.vxplatform.shared.testing.TestTokens;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.core.parsetools.RecordParser;
import io.vertx.ext.web.client.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The dashboard on the management port: its page, its event stream from the gateway's own state, its relay. */
class DashboardIT {

  private static GatewayHarness harness;
  private static final Vertx CLIENT = Vertx.vertx();

  private record Event(String name, String data) {
    JsonObject json() {
      return new JsonObject(data);
    }
  }

  @BeforeAll
  static void start() {
    harness = GatewayHarness.start(new JsonObject()
        .put("routes", new JsonArray()
            .add(new JsonObject().put("prefix", "/api/dash").put("service", "dash-service")
                .put("strategy", "round-robin").put("maxRetries", 0))
            .add(new JsonObject().put("prefix", "/api/relay").put("service", "relay-service")))
        .put("breakerMaxFailures", 2)
        .put("breakerResetMs", 60_000)
        .put("concurrencyLimit", "adaptive"));
  }

  @AfterAll
  static void stop() {
    harness.close();
    await(CLIENT.close());
  }

  @Test
  void streamsTheClusterItsInstancesTheirNumbersAndTheirBreakers() {
    TestBackend healthy = harness.backend("dash-service", "dash-1");
    TestBackend failing = harness.backend("dash-service", "dash-2");
    harness.awaitKnown(healthy, failing);
    List<Event> events = subscribe();

    waitUntil("a snapshot with both instances ready", Duration.ofSeconds(5),
        () -> lastSnapshot(events).map(s -> states(s, "ready") == 2).orElse(false));
    assertThat(events.get(0).name()).isEqualTo("history");
    JsonArray members = lastSnapshot(events).orElseThrow().getJsonObject("cluster").getJsonArray("members");
    assertThat(members).hasSize(2);
    assertThat(members.stream().map(JsonObject.class::cast).filter(m -> m.getBoolean("self")).findFirst()
        .orElseThrow().getJsonArray("services")).containsExactly("gateway");

    IntStream.range(0, 20).forEach(i -> assertThat(harness.get("/api/dash/" + i).statusCode()).isEqualTo(200));
    waitUntil("rates and latencies of the requests just sent", Duration.ofSeconds(5), () -> lastSnapshot(events)
        .map(s -> instance(s, healthy).getLong("rps") + instance(s, failing).getLong("rps") > 0
            && instance(s, healthy).getDouble("p50Ms") != null)
        .orElse(false));
    JsonObject service = lastSnapshot(events).orElseThrow().getJsonArray("services").stream()
        .map(JsonObject.class::cast).filter(s -> s.getString("name").equals("dash-service")).findFirst().orElseThrow();
    assertThat(service.getInteger("limit")).as("the gateway's concurrency limit of the service").isPositive();
    assertThat(service.getLong("shed")).isZero();

    failing.mode = TestBackend.Mode.STATUS;
    waitUntil("the failing instance ejected", Duration.ofSeconds(10), () -> {
      harness.get("/api/dash/again");
      return "OPEN".equals(harness.breaker(failing));
    });
    waitUntil("an ejection in the timeline and the snapshot", Duration.ofSeconds(5),
        () -> events.stream().anyMatch(e -> e.name().equals("event")
            && e.json().getString("kind").equals("breaker-open")
            && e.json().getString("instance").endsWith(":" + failing.port()))
            && lastSnapshot(events).map(s -> "ejected".equals(instance(s, failing).getString("state")))
                .orElse(false));
  }

  @Test
  void aReconcilerMovingToAnotherNodeIsAnEventInTheTimeline() {
    List<Event> events = subscribe();
    String node = ClusterMembership.of(harness.backendNode).nodeId();

    harness.backendNode.eventBus().publish(ReconcilerContract.EVENTS, new JsonObject().put("event", "acquired")
        .put("node", node).put("token", 42));

    waitUntil("the reconciler's move in the timeline", Duration.ofSeconds(5), () -> events.stream()
        .anyMatch(e -> e.name().equals("event") && e.json().getString("kind").equals("reconciler-moved")
            && e.json().getString("text").contains("fencing token 42")));
  }

  @Test
  void showsTheDatabaseAsTheServicesReportItAndALossInTheTimeline() {
    List<Event> events = subscribe();
    String node = ClusterMembership.of(harness.backendNode).nodeId();
    JsonObject report = new JsonObject().put("node", node).put("service", "dash-db");

    harness.backendNode.eventBus().publish(DatabaseContract.REPORTS, report.copy().put("up", true));
    waitUntil("the database up in a snapshot", Duration.ofSeconds(5), () -> lastSnapshot(events)
        .map(s -> "up".equals(s.getJsonObject("database").getString("state"))).orElse(false));

    harness.backendNode.eventBus().publish(DatabaseContract.REPORTS, report.copy().put("up", false)
        .put("detail", "Connection refused"));
    waitUntil("the loss in the timeline and the snapshot", Duration.ofSeconds(5), () -> events.stream()
        .anyMatch(e -> e.name().equals("event") && e.json().getString("kind").equals("database-unreachable")
            && e.json().getString("text").contains("Connection refused"))
        && lastSnapshot(events).map(s -> "down".equals(s.getJsonObject("database").getString("state")))
            .orElse(false));
  }

  @Test
  void servesThePageFromTheJarUnderAPolicyThatAllowsOnlyItsOwnOrigin() {
    HttpResponse<Buffer> page = harness.manage("/ui/");
    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(page.getHeader("Content-Type")).startsWith("text/html");
    assertThat(page.getHeader("Content-Security-Policy")).contains("default-src 'self'");
    assertThat(page.bodyAsString()).contains("<script type=\"module\" src=\"app.js\">");
    assertThat(harness.manage("/ui/app.js").getHeader("Content-Type")).contains("javascript");
    assertThat(harness.manage("/ui/chart.js").statusCode()).isEqualTo(200);
    assertThat(harness.anonymous(HttpMethod.GET, "/ui/").statusCode()).as("not on the public port").isEqualTo(404);
  }

  @Test
  void relaysTheFormsCallsThroughThePublicPortWithItsChecks() {
    TestBackend backend = harness.backend("relay-service", "relay-1");
    harness.awaitKnown(backend);
    HttpClient client = CLIENT.createHttpClient();

    HttpClientResponse refused = await(client.request(HttpMethod.GET, harness.managementPort, "127.0.0.1",
        "/ui/api/relay/anonymous").compose(request -> request.send()));
    assertThat(refused.statusCode()).as("no token: the edge's 401").isEqualTo(401);
    assertThat(refused.getHeader("WWW-Authenticate")).startsWith("Bearer");

    HttpResponse<Buffer> relayed = await(harness.client.request(HttpMethod.POST, harness.managementPort,
        "127.0.0.1", "/ui/api/relay/orders?x=1").putHeader("Authorization", TestTokens.operator())
        .putHeader("Idempotency-Key", "k-1").sendJsonObject(new JsonObject().put("qty", 1)));
    assertThat(relayed.statusCode()).isEqualTo(200);
    JsonObject echo = relayed.bodyAsJsonObject();
    assertThat(echo.getString("uri")).isEqualTo("/relay/orders?x=1");
    assertThat(echo.getString("method")).isEqualTo("POST");
    assertThat(echo.getJsonObject("headers").getString("idempotency-key")).isEqualTo("k-1");
    assertThat(echo.getLong("bodyLength")).isEqualTo(9);
  }

  private static List<Event> subscribe() {
    List<Event> events = new CopyOnWriteArrayList<>();
    HttpClient client = CLIENT.createHttpClient();
    // The handler is set on the event loop that receives the answer, before any of its body can arrive.
    HttpClientResponse response = await(client.request(HttpMethod.GET, harness.managementPort, "127.0.0.1",
        "/ui/events").compose(request -> request.send()).map(answer -> answer.handler(
            RecordParser.newDelimited("\n\n", frame -> {
              String[] lines = frame.toString().split("\n", 2);
              events.add(new Event(lines[0].substring("event: ".length()), lines[1].substring("data: ".length())));
            }))));
    assertThat(response.getHeader("Content-Type")).isEqualTo("text/event-stream");
    return events;
  }

  private static Optional<JsonObject> lastSnapshot(List<Event> events) {
    for (int i = events.size() - 1; i >= 0; i--) {
      if (events.get(i).name().equals("snapshot")) {
        return Optional.of(events.get(i).json());
      }
    }
    return Optional.empty();
  }

  private static long states(JsonObject snapshot, String state) {
    return instances(snapshot).stream().filter(i -> state.equals(i.getString("state"))).count();
  }

  private static JsonObject instance(JsonObject snapshot, TestBackend backend) {
    return instances(snapshot).stream().filter(i -> i.getString("address").endsWith(":" + backend.port()))
        .findFirst().orElse(new JsonObject().put("rps", 0L));
  }

  private static List<JsonObject> instances(JsonObject snapshot) {
    return snapshot.getJsonArray("services").stream().map(JsonObject.class::cast)
        .filter(s -> s.getString("name").equals("dash-service"))
        .flatMap(s -> s.getJsonArray("instances").stream().map(JsonObject.class::cast)).toList();
  }
}
