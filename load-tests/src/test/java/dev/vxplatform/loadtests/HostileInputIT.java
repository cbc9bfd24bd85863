package dev.vxplatform.loadtests;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vxplatform.loadtests.hostile.HostileRequests;
import dev.vxplatform.loadtests.hostile.ProtocolAbuse;
import dev.vxplatform.loadtests.hostile.RawHttp;
import dev.vxplatform.loadtests.hostile.RawHttp.Answer;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hostile input against a real cluster (the launcher's gateway, order-service and inventory-service JVMs and its
 * PostgreSQL): seeded random requests on the real routes, mutated, through the gateway, straight to each service
 * and to the gateway's management port, then raw protocol abuse on each of those ports. No answer may be a 5xx or
 * missing, every answer says {@code nosniff} and names no server, every 4xx carries a problem+json body, and every
 * node is still ready afterwards, on both its ports. Two kinds of abuse are answered by Vert.x before any code of
 * ours runs, and pinned as they are ({@link ProtocolAbuse.Expect}). {@code -Dhostile.seed} and
 * {@code -Dhostile.requests} replay or widen a run; each run logs its counts per status class.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class HostileInputIT {

  private static final Logger LOG = LoggerFactory.getLogger(HostileInputIT.class);
  private static final long SEED = Long.getLong("hostile.seed", 20261206L);
  private static final int REQUESTS = Integer.getInteger("hostile.requests", 3_200);
  private static final Duration ANSWER_TIMEOUT = Duration.ofSeconds(15);
  private static final String OPERATOR_SCOPES = "orders:write orders:read inventory:admin admin";
  /** Not a node: the gateway's management port ({@code /admin/*}, {@code /metrics}, health; never published). */
  private static final String GATEWAY_MANAGEMENT = "gateway-management";
  /** Per target; the operations' paths on the public ports are hostile paths too (they answer 404 there). */
  private static final Map<String, List<String>> PATHS = Map.of(
      "gateway", List.of("/api/orders", "/api/orders/{id}", "/api/orders/{id}/cancel", "/api/orders/{id}/complete",
          "/api/products", "/api/products/{id}", "/api/stock/{id}", "/api/stock/{id}/restock", "/api/reservations",
          "/api/reservations/{id}", "/api/reservations/{id}/commit", "/api/inventory/audit", "/health/ready",
          "/admin/instances", "/admin/routes", "/metrics", "/", "/{id}"),
      "order-1", List.of("/orders", "/orders/{id}", "/orders/{id}/cancel", "/orders/{id}/complete", "/health/ready",
          "/metrics", "/{id}"),
      "inventory-1", List.of("/products", "/products/{id}", "/stock/{id}", "/stock/{id}/restock", "/reservations",
          "/reservations/{id}", "/reservations/{id}/commit", "/inventory/audit", "/health/live", "/{id}"),
      GATEWAY_MANAGEMENT, List.of("/admin/instances", "/admin/routes", "/metrics", "/health/ready"));
  private static LocalCluster cluster;
  private static List<String> tokens;

  @BeforeAll
  static void up() {
    cluster = new LocalCluster(1, 1);
    assertThat(cluster.run("up")).contains("All 3 nodes ready");
    // An operator's reaches every route; a shopper's meets the scope and customer checks.
    tokens = List.of("Bearer " + cluster.token("--sub", "op", "--scope", OPERATOR_SCOPES),
        "Bearer " + cluster.token("--sub", "c"));
  }

  @AfterAll
  static void down() {
    if (cluster != null) {
      cluster.close();
    }
  }

  @Test
  @Order(1)
  void randomHostileRequestsGetNo5xxAndEvery4xxIsAProblem() {
    List<String> violations = new ArrayList<>();
    int perTarget = REQUESTS / PATHS.size();
    for (Map.Entry<String, List<String>> target : new TreeMap<>(PATHS).entrySet()) {
      HostileRequests requests = new HostileRequests(SEED + target.getKey().hashCode(), target.getValue(), tokens);
      Map<String, Integer> classes = new TreeMap<>();
      int port = portOf(target.getKey());
      for (int i = 0; i < perTarget; i++) {
        HostileRequests.Request request = requests.next();
        Answer answer = RawHttp.exchange(port, request.bytes(), request.head(), ANSWER_TIMEOUT);
        classes.merge(answer.isDropped() ? "dropped" : answer.status() / 100 + "xx", 1, Integer::sum);
        String wrong = judge(answer, request.head());
        if (wrong != null) {
          violations.add(target.getKey() + " " + request.label() + ": " + wrong);
        }
      }
      LOG.info("Hostile requests to {} (seed {}): {} answers by status class {}", target.getKey(), SEED,
          perTarget, classes);
    }
    assertThat(violations).as("answers that are 5xx, missing or not problem+json").isEmpty();
  }

  @Test
  @Order(2)
  void protocolAbuseGetsWhatEachCaseExpectsOnEveryPort() {
    List<String> violations = new ArrayList<>();
    for (String node : new TreeMap<>(PATHS).keySet()) {
      for (ProtocolAbuse.Case abuse : ProtocolAbuse.cases("/health/ready")) {
        Answer answer = RawHttp.exchange(portOf(node), abuse.bytes(), false, ANSWER_TIMEOUT);
        LOG.info("{} on {}: {}", abuse.name(), node, answer.isDropped() ? answer.dropped() : answer.status());
        String wrong = switch (abuse.expect()) {
          case REFUSED -> answer.status() / 100 == 4 ? judge(answer, false) : "not a 4xx: " + describe(answer);
          case ANSWERED -> judge(answer, false);
          case CLOSED -> answer.isDropped() ? null : "answered " + describe(answer);
          case NOT_IMPLEMENTED -> answer.status() == 501 ? null : "not Vert.x's 501: " + describe(answer);
        };
        if (wrong != null) {
          violations.add(node + " " + abuse.name() + ": " + wrong);
        }
      }
    }
    assertThat(violations).as("protocol abuse answered otherwise than expected").isEmpty();
  }

  @Test
  @Order(3)
  void everyNodeIsStillReadyAfterwards() {
    byte[] request = ("GET /health/ready HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
        .getBytes(StandardCharsets.US_ASCII);
    for (String node : cluster.serviceNodes()) {
      for (int port : List.of(cluster.port(node), cluster.managementPort(node))) {
        Answer ready = RawHttp.exchange(port, request, false, ANSWER_TIMEOUT);
        assertThat(ready.status()).as("%s ready on :%d: %s", node, port, ready.bodyText()).isEqualTo(200);
      }
    }
  }

  private static int portOf(String target) {
    return GATEWAY_MANAGEMENT.equals(target) ? cluster.managementPort("gateway") : cluster.port(target);
  }

  /**
   * What is wrong with an answer, or null: missing, a 5xx, without the safe headers, or a 4xx (with a body) that is
   * not a problem.
   */
  private static String judge(Answer answer, boolean head) {
    if (answer.isDropped() || answer.status() >= 500) {
      return describe(answer);
    }
    if (!"nosniff".equals(answer.headers().get("x-content-type-options")) || answer.headers().containsKey("server")) {
      return answer.status() + " without nosniff, or with a Server banner";
    }
    if (answer.status() >= 400 && !head) {
      if (!answer.contentType().startsWith("application/problem+json")) {
        return answer.status() + " as '" + answer.contentType() + "': " + abbreviate(answer.bodyText());
      }
      try {
        if (new JsonObject(answer.bodyText()).getInteger("status", 0) != answer.status()) {
          return answer.status() + " with a problem of another status: " + abbreviate(answer.bodyText());
        }
      } catch (RuntimeException notJson) {
        return answer.status() + " with a body that is not JSON: " + abbreviate(answer.bodyText());
      }
    }
    return null;
  }

  private static String describe(Answer answer) {
    return answer.isDropped() ? "no answer (" + answer.dropped() + ")"
        : answer.status() + " " + abbreviate(answer.bodyText());
  }

  private static String abbreviate(String text) {
    return text.length() <= 200 ? text : text.substring(0, 197) + "...";
  }
}
