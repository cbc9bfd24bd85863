package dev.vxplatform.gateway;

import dev.vxplatform.shared.cluster.ClusterConfig;
import dev.vxplatform.shared.cluster.ServiceLauncher;
import dev.vxplatform.shared.web.Metrics;
import java.util.Map;

/**
 * Joins the cluster as a Hazelcast lite member (it holds no data, so its death never moves partitions) and
 * deploys the gateway. {@code CLUSTER_LITE=false} makes it a data member.
 *
 * <p>Vert.x's own HTTP server, client and connection-pool meters are off unless {@code METRICS_DISABLED_DOMAINS}
 * says otherwise: on the proxy path they cost ~15 % of the gateway's CPU per request, and the gateway's own
 * {@code gateway_*} meters already count and time every proxied request.
 */
public final class Main {

  static final String DEFAULT_DISABLED_METRICS = "HTTP_SERVER,HTTP_CLIENT,NAMED_POOLS";

  private Main() {
  }

  public static void main(String[] args) {
    Map<String, String> env = System.getenv();
    if (!env.containsKey(Metrics.DISABLED_ENV) && System.getProperty(Metrics.DISABLED_PROPERTY) == null) {
      System.setProperty(Metrics.DISABLED_PROPERTY, DEFAULT_DISABLED_METRICS);
    }
    GatewayConfig config = GatewayConfig.fromEnv(env);
    ClusterConfig cluster = ClusterConfig.fromEnv(env);
    if (!env.containsKey("CLUSTER_LITE")) {
      cluster = cluster.asLiteMember();
    }
    ServiceLauncher.launch(GatewayConfig.SERVICE_NAME, cluster, hazelcast -> { }, () -> new GatewayVerticle(config));
  }
}
