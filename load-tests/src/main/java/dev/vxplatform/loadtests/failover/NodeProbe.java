package dev.vxplatform.loadtests.failover;

import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * Blocking looks at nodes for the orchestrating thread: readiness, cluster safety, and what the gateway routes to. A
 * node is asked at its host ({@code RUN_DIR/NAME.host}: 127.0.0.1, or its own address in a network namespace). Public
 * for the tests that drive {@code infra/local-cluster.sh} themselves.
 */
public final class NodeProbe {

  private static final Duration TIMEOUT = Duration.ofSeconds(2);
  private static final Duration DATABASE_TIMEOUT = Duration.ofSeconds(1);

  // HTTP/1.1, as curl and Prometheus speak: the JDK client's default h2c upgrade hangs now and then when the first
  // answer on a connection is large (a /metrics page), past every timeout.
  private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(1)).build();

  public static final String LOOPBACK = "127.0.0.1";

  public boolean ready(String host, int port) {
    HttpResponse<String> response = get(host, port, "/health/ready");
    return response != null && response.statusCode() == 200;
  }

  /**
   * The {@code safe} the node's {@code /health/ready} reports (Hazelcast's cluster-safe state: every backup in
   * sync); empty when the node did not answer or does not know yet.
   */
  public Optional<Boolean> clusterSafe(int port) {
    return clusterSafe(LOOPBACK, port);
  }

  public Optional<Boolean> clusterSafe(String host, int port) {
    return cluster(host, port).map(data -> data.getBoolean("safe"));
  }

  /** How many members (lite ones too) the node's {@code /health/ready} counts; empty when it did not answer. */
  Optional<Integer> members(String host, int port) {
    return cluster(host, port).map(data -> data.getInteger("members"));
  }

  private Optional<JsonObject> cluster(String host, int port) {
    HttpResponse<String> response = get(host, port, "/health/ready");
    if (response == null || response.statusCode() != 200) {
      return Optional.empty();
    }
    return new JsonObject(response.body()).getJsonArray("checks").stream().map(JsonObject.class::cast)
        .filter(check -> "cluster".equals(check.getString("id"))).findFirst()
        .map(check -> check.getJsonObject("data", new JsonObject()));
  }

  /**
   * Ports of the instances in the gateway's {@code GET /admin/instances}, asked on its management port (the public
   * one answers 404 there); empty when the gateway did not answer.
   */
  Set<Integer> routedPorts(String gatewayHost, int gatewayManagementPort) {
    HttpResponse<String> response = get(gatewayHost, gatewayManagementPort, "/admin/instances");
    if (response == null || response.statusCode() != 200) {
      return Set.of();
    }
    return new JsonObject(response.body()).getJsonArray("instances").stream()
        .map(i -> ((JsonObject) i).getInteger("port")).collect(Collectors.toSet());
  }

  /**
   * Whether the database answers through the platform within a second: an order id nobody placed is not in any
   * member's memory, so the order-service must ask its table before it can answer 404.
   */
  boolean databaseAnswers(String gatewayHost, int gatewayPort, String authorization) {
    HttpResponse<String> response = get(gatewayHost, gatewayPort, "/api/orders/" + UUID.randomUUID(),
        DATABASE_TIMEOUT, authorization);
    return response != null && response.statusCode() == 404;
  }

  /** Alive and not a zombie (a node outlives its script, so it may wait as a zombie with no reaper): gone here. */
  public static boolean isRunning(ProcessHandle handle) {
    if (!handle.isAlive()) {
      return false;
    }
    try {
      String stat = Files.readString(Path.of("/proc/" + handle.pid() + "/stat"));
      return stat.charAt(stat.lastIndexOf(')') + 2) != 'Z';
    } catch (IOException e) {
      return false;
    }
  }
  private HttpResponse<String> get(String host, int port, String path) {
    return get(host, port, path, TIMEOUT, null);
  }

  private HttpResponse<String> get(String host, int port, String path, Duration timeout, String authorization) {
    try {
      HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://" + host + ":" + port + path))
          .timeout(timeout);
      if (authorization != null) {
        request.header("Authorization", authorization);
      }
      return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      return null;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return null;
    }
  }
}
