package dev.vxplatform.gateway;

import static dev.vxplatform.shared.testing.TestCluster.await;
import static dev.vxplatform.shared.testing.TestCluster.waitUntil;

import dev.vxplatform.shared.testing.TestCluster;
import dev.vxplatform.shared.testing.TestTokens;
import io.vertx.core.Vertx;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.time.Duration;
import java.util.Optional;

/**
 * A real two-member loopback cluster: backends publish from node 0, the real {@link GatewayVerticle} runs on
 * node 1 and sees them only through discovery; tests talk to it over HTTP from a separate, unclustered Vert.x.
 */
final class GatewayHarness implements AutoCloseable {

  final TestCluster cluster;
  final Vertx backendNode;
  final int port;
  final int managementPort;
  private final Vertx clientVertx = Vertx.vertx();
  final WebClient client = WebClient.create(clientVertx, new WebClientOptions(), new PoolOptions().setHttp1MaxSize(32));

  private GatewayHarness(TestCluster cluster, int port, int managementPort) {
    this.cluster = cluster;
    this.backendNode = cluster.node(0);
    this.port = port;
    this.managementPort = managementPort;
  }

  static GatewayHarness start(JsonObject config) {
    TestCluster cluster = TestCluster.start(2);
    GatewayVerticle gateway = new GatewayVerticle(GatewayConfig.forTests(config));
    await(cluster.node(1).deployVerticle(gateway));
    return new GatewayHarness(cluster, gateway.port(), gateway.managementPort());
  }

  TestBackend backend(String service, String name) {
    return TestBackend.start(backendNode, service, name);
  }

  /** With an operator's token: what the edge lets through to the backends. */
  HttpRequest<Buffer> request(io.vertx.core.http.HttpMethod method, String uri) {
    return client.request(method, port, "127.0.0.1", uri).putHeader("Authorization", TestTokens.operator());
  }

  HttpResponse<Buffer> get(String uri) {
    return await(request(io.vertx.core.http.HttpMethod.GET, uri).send());
  }

  /** Without any token. */
  HttpResponse<Buffer> anonymous(io.vertx.core.http.HttpMethod method, String uri) {
    return await(client.request(method, port, "127.0.0.1", uri).send());
  }

  /** From the management port: {@code /admin/*}, {@code /metrics}. */
  HttpResponse<Buffer> manage(String uri) {
    return await(client.request(io.vertx.core.http.HttpMethod.GET, managementPort, "127.0.0.1", uri).send());
  }

  String backendOf(HttpResponse<Buffer> response) {
    return response.bodyAsJsonObject().getString("backend");
  }

  JsonArray instances() {
    return manage("/admin/instances").bodyAsJsonObject().getJsonArray("instances");
  }

  Optional<JsonObject> instance(TestBackend backend) {
    return instances().stream()
        .map(JsonObject.class::cast)
        .filter(json -> json.getInteger("port") == backend.port())
        .findFirst();
  }

  String breaker(TestBackend backend) {
    return instance(backend).map(json -> json.getString("breaker")).orElse("ABSENT");
  }

  /** Waits until the gateway's own view lists each backend. */
  void awaitKnown(TestBackend... backends) {
    for (TestBackend backend : backends) {
      waitUntil("the gateway knows " + backend.name, Duration.ofSeconds(5), () -> instance(backend).isPresent());
    }
  }

  String metrics() {
    return manage("/metrics").bodyAsString();
  }

  @Override
  public void close() {
    client.close();
    await(clientVertx.close());
    cluster.close();
  }
}
