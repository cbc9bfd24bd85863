package dev.vxplatform.gateway;

import dev.vxplatform.shared.cluster.ClusterConfig;
import dev.vxplatform.shared.cluster.ServiceLauncher;
import java.util.Map;

/**
 * Joins the cluster as a Hazelcast lite member (it holds no data, so its death never moves partitions) and
 * deploys the gateway. {@code CLUSTER_LITE=false} makes it a data member.
 */
public final class Main {

  private Main() {
  }

  public static void main(String[] args) {
    Map<String, String> env = System.getenv();
    GatewayConfig config = GatewayConfig.fromEnv(env);
    ClusterConfig cluster = ClusterConfig.fromEnv(env);
    if (!env.containsKey("CLUSTER_LITE")) {
      cluster = cluster.asLiteMember();
    }
    ServiceLauncher.launch(GatewayConfig.SERVICE_NAME, cluster, hazelcast -> { }, () -> new GatewayVerticle(config));
  }
}
