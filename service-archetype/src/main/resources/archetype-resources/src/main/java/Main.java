package ${package};

import dev.vxplatform.shared.cluster.ClusterConfig;
import dev.vxplatform.shared.cluster.ServiceLauncher;
import java.util.Map;

/** Joins the cluster and deploys the ${serviceName}. Configuration: environment variables (see the README). */
public final class Main {

  private Main() {
  }

  public static void main(String[] args) {
    Map<String, String> env = System.getenv();
    ${classPrefix}Config config = ${classPrefix}Config.fromEnv(env);
    // A data member with no map settings of its own; pass DurableMaps.withSyncBackups(...) here once the
    // service keeps state in Hazelcast maps.
    ServiceLauncher.launch(${classPrefix}Config.SERVICE_NAME, ClusterConfig.fromEnv(env), hazelcast -> { },
        () -> new ${classPrefix}Verticle(config));
  }
}
