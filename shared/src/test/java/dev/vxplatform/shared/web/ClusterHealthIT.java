package dev.vxplatform.shared.web;

import static dev.vxplatform.shared.testing.TestCluster.await;
import static dev.vxplatform.shared.testing.TestCluster.waitUntil;
import static org.assertj.core.api.Assertions.assertThat;

import dev.vxplatform.shared.cluster.ClusterMembership;
import dev.vxplatform.shared.discovery.RegistryOptions;
import dev.vxplatform.shared.discovery.ServiceRegistry;
import dev.vxplatform.shared.testing.TestCluster;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Readiness on a real cluster member: up once joined and published, down once the member is gone. */
class ClusterHealthIT {

  private TestCluster cluster;

  /** The smallest citizen: the platform router on a published HTTP server. */
  static final class CitizenVerticle extends VerticleBase {
    private ServiceHttpServer server;

    @Override
    public Future<?> start() {
      ServiceRegistry registry = ServiceRegistry.create(vertx, RegistryOptions.defaults());
      return ServiceHttpServer.start(vertx, PlatformRouter.create(vertx, registry), HttpConfig.ephemeral(),
          registry, "citizen", new JsonObject()).onSuccess(started -> server = started);
    }

    @Override
    public Future<?> stop() {
      return server.stop();
    }
  }

  @BeforeEach
  void start() {
    cluster = TestCluster.start(1);
  }

  @AfterEach
  void stop() {
    cluster.close();
  }

  @Test
  void readyOnceJoinedAndPublishedAndNotOnceTheMemberIsGone() {
    Vertx node = cluster.node(0);
    CitizenVerticle citizen = new CitizenVerticle();
    await(node.deployVerticle(citizen));
    // A client on its own Vert.x, so that it keeps working after the node's cluster member dies.
    Vertx clientVertx = Vertx.vertx();
    try {
      WebClient client = WebClient.create(clientVertx);
      var ready = await(client.get(citizen.server.port(), "127.0.0.1", "/health/ready").send());
      assertThat(ready.statusCode()).isEqualTo(200);
      assertThat(ready.bodyAsJsonObject().getJsonArray("checks").encode())
          .contains("\"id\":\"cluster\",\"status\":\"UP\"").contains("\"id\":\"discovery\",\"status\":\"UP\"");
      // The data check runs in the background: the first answers may not know yet.
      waitUntil("readiness reports the member count and that the data is redundant", Duration.ofSeconds(10), () -> {
        JsonObject cluster = clusterCheck(await(client.get(citizen.server.port(), "127.0.0.1", "/health/ready")
            .send()).bodyAsJsonObject());
        return Boolean.TRUE.equals(cluster.getJsonObject("data").getBoolean("safe"))
            && cluster.getJsonObject("data").getInteger("members") == 1;
      });

      ClusterMembership.of(node).hazelcast().getLifecycleService().terminate();
      waitUntil("readiness drops once the member is gone", Duration.ofSeconds(5), () ->
          await(client.get(citizen.server.port(), "127.0.0.1", "/health/ready").send()).statusCode() == 503);
    } finally {
      clientVertx.close();
    }
  }

  private static JsonObject clusterCheck(JsonObject health) {
    return health.getJsonArray("checks").stream().map(JsonObject.class::cast)
        .filter(check -> "cluster".equals(check.getString("id"))).findFirst().orElseThrow();
  }
}
